// What the Sugar client makes of an answer, over a real loopback server: a page whose characters are cut
// between network chunks, an empty answer, a gateway's HTML error page and an answer cut off by the network.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { isConnectorError } from '../errors/connector-error.ts';
import { createSugarClient, type SugarClient } from './sugar-client.ts';
import { resolveSugarOptions } from './sugar-options.ts';

type Answer = (response: ServerResponse) => void;

let server: Server | undefined;
afterEach(async () => {
  const running = server;
  server = undefined;
  if (running === undefined) return;
  running.closeAllConnections();
  await new Promise<void>((resolve) => {
    running.close(() => {
      resolve();
    });
  });
});

// A loopback Sugar that grants any login and answers every other request with `answer`.
async function sugarAnswering(answer: Answer): Promise<SugarClient> {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.url?.endsWith('/oauth2/token')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ access_token: 'token', refresh_token: 'refresh' }));
      } else answer(response);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const url = `http://127.0.0.1:${String(address.port)}`;
  const fast = { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 };
  return createSugarClient(resolveSugarOptions({ url, username: 'u', password: 'p', env: {}, ...fast }));
}

// Writes `text` a few bytes at a time, so that multi-byte characters are cut between chunks.
function writeInPieces(response: ServerResponse, text: string, status = 200, type = 'application/json'): void {
  const bytes = Buffer.from(text, 'utf8');
  response.writeHead(status, { 'content-type': type, 'content-length': String(bytes.length) });
  for (let start = 0; start < bytes.length; start += 7) response.write(bytes.subarray(start, start + 7));
  response.end();
}

async function failureOf(work: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await work;
  } catch (error) {
    if (isConnectorError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a failure');
}

describe('Sugar client answers', () => {
  it('joins characters cut between network chunks', async () => {
    const names = ['Bałtyk Handel sp.j.', 'گروه صنعتی', 'Общество «Север»', 'Zoë 🚀 Café'];
    const page = { next_offset: -1, records: names.map((name, index) => ({ id: `a${String(index)}`, name })) };
    const client = await sugarAnswering((response) => {
      writeInPieces(response, JSON.stringify(page));
    });
    expect(await client.request('POST', 'Accounts/filter', {})).toEqual(page);
  });

  it('reads an empty answer as empty', async () => {
    const client = await sugarAnswering((response) => {
      response.writeHead(204);
      response.end();
    });
    expect(await client.request('PUT', 'Accounts/a1', {})).toBe('');
  });

  it('names a gateway’s HTML error page by its status', async () => {
    const client = await sugarAnswering((response) => {
      writeInPieces(response, '<html><body>Bad gateway</body></html>', 502, 'text/html');
    });
    const { code, message } = await failureOf(client.request('POST', 'Accounts/filter', {}));
    expect(code).toBe('CRM_REQUEST_FAILED');
    expect(message).toMatch(/failed with 502 HTTP 502/);
  });

  it('says the instance is unreachable when an answer is cut off', async () => {
    const client = await sugarAnswering((response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
      response.write('{"next_offset":-1,"records":[', () => response.destroy());
    });
    const { code, message } = await failureOf(client.request('POST', 'Accounts/filter', {}));
    expect(code).toBe('CRM_UNREACHABLE');
    expect(message).toMatch(/POST Accounts\/filter got no answer/);
  });
});
