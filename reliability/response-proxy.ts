// A loopback proxy in front of a sandbox that rewrites the CRM's JSON answers: malformed CRM
// responses at the network, with the sandbox's real handlers behind it.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Rewrites a JSON response body; return undefined to pass it through unchanged. */
export type ResponseMutation = (request: { method: string; path: string }, body: unknown) => unknown;

/** A running proxy: point a connector at `url`. */
export interface ResponseProxy {
  readonly url: string;
  /** Responses the mutation changed. */
  readonly mutated: number;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    request.on('error', reject);
  });
}

/**
 * Starts a proxy on 127.0.0.1 that forwards every request to `target` and passes JSON answers through
 * `mutate`. Absolute URLs the CRM returns (Salesforce `nextRecordsUrl` is relative, so none today) are
 * left alone.
 *
 * @example
 * const proxy = await startResponseProxy(sandbox.url, (request, body) => undefined);
 */
export async function startResponseProxy(target: string, mutate: ResponseMutation): Promise<ResponseProxy> {
  let mutated = 0;
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (name === 'host' || name === 'content-length' || name === 'connection' || value === undefined) continue;
        headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const method = request.method ?? 'GET';
      const path = request.url ?? '/';
      const upstream = await fetch(`${target}${path}`, {
        method,
        headers,
        ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
      });
      let text = await upstream.text();
      const type = upstream.headers.get('content-type') ?? '';
      if (type.includes('json') && text !== '') {
        const changed = mutate({ method, path }, JSON.parse(text) as unknown);
        if (changed !== undefined) {
          mutated++;
          text = JSON.stringify(changed);
        }
      }
      const out: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (name !== 'content-length' && name !== 'content-encoding' && name !== 'transfer-encoding') out[name] = value;
      });
      response.writeHead(upstream.status, out);
      response.end(text);
    })().catch((error: unknown) => {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`proxy: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    get mutated() {
      return mutated;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
