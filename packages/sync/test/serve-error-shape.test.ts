// Every error `serve` sends has the documented shape `{ error: { code, message } }`, including the ones
// fastify and node:http produce before any route runs.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { CrmConnector } from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  startSalesforceSandbox,
  toSalesforceRecords,
  type Sandbox,
} from '@crm-journey/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logging/create-logger.ts';
import { buildServeApp, type ServeApp } from '../src/serve/serve-app.ts';
import { createServeMetrics } from '../src/serve/serve-metrics.ts';
import { openSyncStore, type SyncStore } from '../src/state/sync-store.ts';
import { repoFile } from './repo-context.ts';

const TOKEN = 'serve-shape-token-0123456789abcdef';
let sandbox: Sandbox;
let connector: CrmConnector;
let store: SyncStore;
let app: ServeApp;
let port: number;

/** Sends raw bytes and returns the status line and the parsed body of the answer. */
function raw(request: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      try {
        resolve({ status, body: JSON.parse(body) as unknown });
      } catch {
        resolve({ status, body });
      }
    });
    socket.end(request);
  });
}

const shape = { error: { code: expect.any(String) as unknown, message: expect.any(String) as unknown } };

beforeAll(async () => {
  sandbox = await startSalesforceSandbox({
    records: toSalesforceRecords(generatePopulation({ customers: 5, seed: 3 })),
    now: () => DEFAULT_AS_OF,
  });
  connector = await connectSalesforce({ instanceUrl: sandbox.url, accessToken: sandbox.accessToken ?? '' });
  const file = repoFile('journeys', 'salesforce-b2b.yaml');
  const checked = await connector.checkJourney(readFileSync(file, 'utf8'), file);
  if (!checked.journey) throw new Error('the bundled journey does not fit the sandbox');
  store = openSyncStore(':memory:');
  const { logger } = createLogger({ output: { write: () => true }, format: 'json', level: 'silent', secrets: [] });
  app = await buildServeApp({
    token: TOKEN,
    logger,
    connector,
    journey: checked.journey,
    store,
    scope: 'shape|salesforce-b2b',
    metrics: createServeMetrics(),
    isReady: () => true,
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  port = Number(new URL(address).port);
});

afterAll(async () => {
  await app.close();
  await store.close();
  await connector.close();
  await sandbox.close();
});

describe('serve: one error shape for every error', () => {
  const auth = `Authorization: Bearer ${TOKEN}\r\n`;
  it('malformed JSON and an empty JSON body', async () => {
    for (const body of ['{"journey": ', '']) {
      const answer = await raw(
        `POST /v1/plan HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: ${String(body.length)}\r\nConnection: close\r\n\r\n${body}`,
      );
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: 'MALFORMED_JSON' } });
    }
  });

  it('headers over the limit (431)', async () => {
    const answer = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(answer.body).toMatchObject({ error: { code: 'HEADERS_TOO_LARGE' } });
  });

  it('a request that is not HTTP, and a URL that does not decode', async () => {
    const garbage = await raw('BLAH\r\n\r\n');
    expect(garbage.status).toBe(400);
    expect(garbage.body).toMatchObject({ error: { code: 'MALFORMED_REQUEST' } });
    const badUrl = await raw(
      `GET /v1/customers/%E0%A4%A/journey HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`,
    );
    expect(badUrl.status).toBe(400);
    expect(badUrl.body).toMatchObject(shape);
  });

  it('unknown routes, with and without the token', async () => {
    const known = await raw(`DELETE /v1/plan HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`);
    expect(known.status).toBe(404);
    expect(known.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const anonymous = await raw('GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject(shape);
  });
});
