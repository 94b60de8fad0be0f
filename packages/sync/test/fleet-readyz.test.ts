import { readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startSandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncReadiness } from '../src/serve/readiness.ts';
import { cleanups, cleanUp, fleetDir, journeyFile, sandboxOf, startServe, TOKEN, until } from './fleet-nodes.ts';
import { salesforceTargets } from './fleet-targets.ts';
import { createTestDatabase } from './postgres/test-database.ts';
import { freePort } from './free-port.ts';

afterEach(cleanUp);

const SF_TOKEN = '00Dfleetready000001!AccessTokenForTheReadyzTest';

interface Ready {
  readonly status: number;
  readonly body: { status?: string; error?: { code: string; message: string }; syncs?: SyncReadiness[] };
}

describe('a fleet node’s /readyz, plan and map answer per sync of syncs:', () => {
  it('starts while one sync’s CRM is down, names it in /readyz, is ready once both synced; plan and map pick the sync', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const east = await sandboxOf(60);
    const westPort = await freePort();
    const westUrl = `http://127.0.0.1:${String(westPort)}`;
    const dir = fleetDir();
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const direct = join(dir, 'direct.yaml');
    // The nodes' own journey is in no sync: the old readiness waited for its state forever.
    writeFileSync(
      direct,
      readFileSync(journeyFile, 'utf8').replace(
        'journey: salesforce-b2b\n',
        'journey: direct\nentry: { Account: { Type: Customer - Direct } }\n',
      ),
    );
    writeFileSync(
      join(dir, 'crm-journey.config.yaml'),
      [
        'serve:',
        '  leaseSeconds: 10',
        ...salesforceTargets({ east, west: { url: westUrl, accessToken: SF_TOKEN } }),
        'syncs:',
        `  - { name: east-b2b, target: east, journey: ${journeyFile}, interval: 1h }`,
        `  - { name: west-b2b, target: west, journey: ${journeyFile}, interval: 10s }`,
        '',
      ].join('\n'),
    );
    const nodes = [
      startServe(database.url, dir, ['--target', 'east'], { journeys: [direct] }),
      startServe(database.url, dir, ['--target', 'east'], { journeys: [direct] }),
    ];
    await until(
      'both nodes to listen',
      () => Promise.resolve(nodes.every((node) => /"url":"http/.test(node.output()))),
      nodes,
    );
    const urls = nodes.map((node) => /"url":"(http:\/\/[^"]+)"/.exec(node.output())?.[1] ?? '');
    const readyz = async (url: string): Promise<Ready> => {
      const response = await fetch(`${url}/readyz`);
      return { status: response.status, body: (await response.json()) as Ready['body'] };
    };
    const statuses = (ready: Ready): Record<string, string> =>
      Object.fromEntries((ready.body.syncs ?? []).map((sync) => [sync.sync, sync.status]));
    // West's CRM is down: the nodes still run (healthz), east gets synced, west is named unreachable.
    for (const url of urls) {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      let last: Ready | undefined;
      await until(
        'east ready and west unreachable',
        async () => {
          last = await readyz(url);
          return (
            last.status === 503 &&
            statuses(last)['east-b2b'] === 'READY' &&
            statuses(last)['west-b2b'] === 'CRM_UNREACHABLE'
          );
        },
        nodes,
      );
      expect(last?.body.error?.code).toBe('CRM_UNREACHABLE');
      expect(last?.body.error?.message).toContain('west-b2b');
      expect(last?.body.error?.message).not.toContain('east-b2b');
      expect(last?.body.error?.message).toContain(westUrl);
    }
    const west = await startSandbox('salesforce', { port: westPort, customers: 20, seed: 5, accessToken: SF_TOKEN });
    cleanups.push(() => west.close());
    for (const url of urls)
      await until('both syncs ready', async () => (await readyz(url)).status === 200, nodes, 90_000);
    const ready = await readyz(urls[1] ?? '');
    expect(ready.body).toEqual({
      status: 'ready',
      syncs: [
        { sync: 'east-b2b', status: 'READY' },
        { sync: 'west-b2b', status: 'READY' },
      ],
    });

    // Plan and map read the org of the sync `?target=`/`?journey=` pick, with the customer routes' 400s.
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const plan = async (query: string) => {
      const response = await fetch(`${urls[0] ?? ''}/v1/plan${query}`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ journey: readFileSync(journeyFile, 'utf8'), limit: 1000 }),
      });
      return {
        status: response.status,
        body: (await response.json()) as { customers?: number; error?: { code: string; message: string } },
      };
    };
    const onEast = await plan('?target=east');
    const onWest = await plan('?target=west&journey=salesforce-b2b');
    expect(onEast.status, JSON.stringify(onEast.body)).toBe(200);
    expect(onWest.status, JSON.stringify(onWest.body)).toBe(200);
    // Each org's generated customers (accounts and unconverted leads): 60 on east, 20 on west.
    expect([onEast.body.customers, onWest.body.customers]).toEqual([60, 20]);
    const ambiguous = await plan('');
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.error?.code).toBe('AMBIGUOUS_SYNC');
    expect((await plan('?target=north')).body.error?.code).toBe('UNKNOWN_SYNC');
    expect((await plan('?targt=east')).body.error?.code).toBe('INVALID_REQUEST');
    const map = (query: string) => fetch(`${urls[1] ?? ''}/map${query}`, { headers });
    const westMap = await map('?target=west&segment=*');
    expect(westMap.status).toBe(200);
    const page = await westMap.text();
    // The form keeps the choice of sync for the next GET.
    expect(page).toContain('<input type="hidden" name="target" value="west">');
    expect((await map('')).status).toBe(400);
    expect(((await (await map('?target=north')).json()) as { error: { code: string } }).error.code).toBe(
      'UNKNOWN_SYNC',
    );
    expect(((await (await map('?target=east&colour=red')).json()) as { error: { code: string } }).error.code).toBe(
      'INVALID_REQUEST',
    );
    for (const node of nodes) node.child.kill('SIGTERM');
    for (const node of nodes) expect(await node.exited, node.output().slice(-4000)).toBe(0);
  }, 180_000);

  it('a node without syncs: starts while its CRM is down, says so in /readyz, and joins the work when it answers', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const port = await freePort();
    const url = `http://127.0.0.1:${String(port)}`;
    const dir = fleetDir();
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const node = startServe(database.url, dir, ['--instance-url', url, '--access-token', SF_TOKEN]);
    await until('the node to listen', () => Promise.resolve(/"url":"http/.test(node.output())), [node]);
    const api = /"url":"(http:\/\/[^"]+)"/.exec(node.output())?.[1] ?? '';
    expect((await fetch(`${api}/healthz`)).status).toBe(200);
    const down = await fetch(`${api}/readyz`);
    expect(down.status).toBe(503);
    const why = (await down.json()) as { error: { code: string; message: string } };
    expect(why.error.code).toBe('CRM_UNREACHABLE');
    expect(why.error.message).toContain(url);
    const sandbox = await startSandbox('salesforce', { port, customers: 15, seed: 5, accessToken: SF_TOKEN });
    cleanups.push(() => sandbox.close());
    await until('the node to sync', async () => (await fetch(`${api}/readyz`)).status === 200, [node]);
    const ready = (await (await fetch(`${api}/readyz`)).json()) as { syncs?: SyncReadiness[] };
    expect(ready.syncs).toEqual([{ sync: `salesforce:${url}|salesforce-b2b`, status: 'READY' }]);
    expect(node.output()).toContain('the CRM answers: serve syncs now');
    node.child.kill('SIGTERM');
    expect(await node.exited, node.output().slice(-4000)).toBe(0);
  }, 90_000);
});
