// Errors that fastify or node:http raise before a route runs (a malformed body, a bad URL, headers
// over the limit, a request line node cannot parse, a request while the server closes) leave in the
// API's one shape, `{ error: { code, message } }`, like every other error.
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyError } from 'fastify';
import type { ApiErrorCode } from './api-error.ts';

/** An error response: status, code and message. */
export interface FrameworkErrorResponse {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly message: string;
}

/** Maps fastify's own errors (body limit, content type, JSON, URL, validation) onto the API's error shape. */
export function describeFrameworkError(error: FastifyError): FrameworkErrorResponse {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'BODY_TOO_LARGE', message: 'The request body is larger than the limit.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json.' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'MALFORMED_JSON', message: `The body is not valid JSON: ${error.message}` };
    case 'FST_ERR_BAD_URL':
      return { status: 400, code: 'BAD_URL', message: 'The URL is not valid; check its percent-encoding.' };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { status: 414, code: 'BAD_URL', message: 'A path parameter is too long.' };
    default:
      break;
  }
  if (error.validation)
    return {
      status: 400,
      code: 'INVALID_REQUEST',
      message: `The request is invalid: ${error.validationContext ?? 'request'}${error.message.replace(/^[a-z]+/, '')}.`,
    };
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
    return { status: error.statusCode, code: 'INVALID_REQUEST', message: error.message };
  return { status: 500, code: 'INTERNAL', message: 'Internal error; see the service log.' };
}

/** What node:http's `clientError` means, as a response (a request fastify never saw). */
function describeClientError(error: Error & { code?: string }): FrameworkErrorResponse {
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return {
      status: 431,
      code: 'HEADERS_TOO_LARGE',
      message: 'The request headers are larger than the server accepts; send fewer or shorter headers.',
    };
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, code: 'REQUEST_TIMEOUT', message: 'The request was not received in time.' };
  return { status: 400, code: 'MALFORMED_REQUEST', message: 'The request is not valid HTTP/1.1.' };
}

/** fastify's `clientErrorHandler`: answers in the API's shape and closes the connection, as node would. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer (node's own handler does the same).
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, code, message } = describeClientError(error);
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${String(status)} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${String(Buffer.byteLength(body))}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}
