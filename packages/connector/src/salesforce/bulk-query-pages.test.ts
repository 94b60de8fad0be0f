import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Connection } from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import { BULK_CHUNK_ROWS, bulkQueryPages } from './bulk-query-pages.ts';
import { createSalesforceClient } from './salesforce-client.ts';

let server: Server | undefined;
afterEach(async () => {
  const open = server;
  if (open) await new Promise((resolve) => open.close(resolve));
  server = undefined;
});

const ROWS = 3000;
const CSV = `Id,Name\n${Array.from({ length: ROWS }, (_, i) => `001${String(i).padStart(15, '0')},"Customer, ${String(i)}"`).join('\n')}\n`;

// A Bulk API 2.0 endpoint on loopback whose first results download stops after 60% of its bytes.
async function startCuttingServer(): Promise<{ url: string; downloads: () => number }> {
  let downloads = 0;
  server = createServer((request, response) => {
    const url = request.url ?? '';
    if (request.method === 'POST' && url.endsWith('/jobs/query')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: '750000000000001AAA', state: 'JobComplete' }));
      return;
    }
    if (url.includes('/jobs/query/750000000000001AAA/results')) {
      downloads++;
      const body = Buffer.from(CSV);
      response.writeHead(200, { 'content-type': 'text/csv', 'content-length': body.length, 'sforce-locator': 'null' });
      if (downloads > 1) return void response.end(body);
      // Flushed before the socket goes, so the client really gets the first 60%.
      response.write(body.subarray(0, Math.floor(body.length * 0.6)), () => {
        setTimeout(() => response.socket?.destroy(), 20);
      });
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${String(port)}`, downloads: () => downloads };
}

describe('bulkQueryPages', () => {
  it('hands out rows in chunks and, when a download is cut off, requests it again without repeating a row', async () => {
    const { url, downloads } = await startCuttingServer();
    const connection = new Connection({ instanceUrl: url, accessToken: 'token', version: '62.0' });
    const client = createSalesforceClient(connection, { retry: { baseDelayMs: 1 } });
    const ids: string[] = [];
    let largest = 0;
    const pages = bulkQueryPages(client, 'SELECT Id, Name FROM Account', { types: new Map(), chunkSize: 100 });
    for await (const chunk of pages) {
      largest = Math.max(largest, chunk.length);
      ids.push(...chunk.map((record) => String(record['Id'])));
    }
    expect(downloads()).toBe(2);
    expect(ids).toHaveLength(ROWS);
    expect(new Set(ids).size).toBe(ROWS);
    expect(ids[ROWS - 1]).toBe(`001${String(ROWS - 1).padStart(15, '0')}`);
    expect(largest).toBe(100);
  });

  it('hands out a quarter of a REST page at a time by default, so a merged read holds less of each job', async () => {
    const { url } = await startCuttingServer();
    const connection = new Connection({ instanceUrl: url, accessToken: 'token', version: '62.0' });
    const client = createSalesforceClient(connection, { retry: { baseDelayMs: 1 } });
    const sizes: number[] = [];
    for await (const chunk of bulkQueryPages(client, 'SELECT Id, Name FROM Account', { types: new Map() }))
      sizes.push(chunk.length);
    expect(BULK_CHUNK_ROWS).toBe(500);
    expect(Math.max(...sizes)).toBe(BULK_CHUNK_ROWS);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(ROWS);
  });
});
