import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JourneyState } from '@crm-journey/connector';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresSyncStore } from '../src/state/postgres-sync-store.ts';
import { cleanups, cleanUp, fleetDir, journeyFile, sandboxOf, startServe, TOKEN, until } from './fleet-nodes.ts';
import { salesforceTargets } from './fleet-targets.ts';
import { directAndPipeline } from './direct-and-pipeline.ts';
import { createTestDatabase } from './postgres/test-database.ts';

afterEach(cleanUp);

const { direct, pipeline } = directAndPipeline();

interface Answer {
  readonly status: number;
  readonly body: { sync?: string; state?: JourneyState; error?: { code: string; message: string } };
}

describe('every fleet node answers for every sync of syncs:', () => {
  it('two nodes on one PostgreSQL, two orgs (a journey set on one): each node answers customers of both', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const [east, west] = [await sandboxOf(120), await sandboxOf(120)];
    const dir = fleetDir();
    const files = [join(dir, 'direct.yaml'), join(dir, 'pipeline.yaml')];
    writeFileSync(files[0] as string, direct);
    writeFileSync(files[1] as string, pipeline);
    writeFileSync(
      join(dir, 'crm-journey.config.yaml'),
      [
        'serve:',
        '  leaseSeconds: 10',
        ...salesforceTargets({ east, west }),
        'syncs:',
        '  - { name: east-set, target: east, journeys: [direct.yaml, pipeline.yaml], interval: 1h }',
        `  - { target: west, journey: ${journeyFile}, interval: 1h }`,
        '',
      ].join('\n'),
    );
    const nodes = [
      startServe(database.url, dir, ['--target', 'east'], { journeys: files }),
      startServe(database.url, dir, ['--target', 'east'], { journeys: files }),
    ];
    const store = await openPostgresSyncStore(database.url);
    cleanups.push(() => store.close());
    const scopes = {
      east: `salesforce:${east.url}|direct+pipeline`,
      west: `salesforce:${west.url}|salesforce-b2b`,
    };
    await until(
      'a finished run of each org',
      async () =>
        (await Promise.all(Object.values(scopes).map((scope) => store.runs(scope)))).every((runs) =>
          runs.some((run) => run.status === 'succeeded'),
        ),
      nodes,
    );
    const urls = nodes.map((node) => /"url":"(http:\/\/[^"]+)"/.exec(node.output())?.[1] ?? '');
    const ask = async (url: string, path: string): Promise<Answer> => {
      const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      return { status: response.status, body: (await response.json()) as Answer['body'] };
    };
    // The same generated population on both orgs: the same ids, answered per org.
    const ids = east.inspect.records('Account').map((account) => String(account['Id']));
    const sample = [ids[0], ids[Math.floor(ids.length / 2)], ids.at(-1)] as string[];
    for (const url of urls) {
      for (const id of sample) {
        const onEast = await ask(url, `/v1/customers/${id}/journey?target=east`);
        expect(onEast.status, JSON.stringify(onEast.body)).toBe(200);
        expect(onEast.body.sync).toBe('east-set');
        expect(onEast.body.state).toEqual(await store.previous(scopes.east, id));
        expect(['direct', 'pipeline']).toContain(onEast.body.state?.journey.id);
        const onWest = await ask(url, `/v1/customers/${id}/journey?target=west&journey=salesforce-b2b`);
        expect(onWest.status, JSON.stringify(onWest.body)).toBe(200);
        expect(onWest.body.state).toEqual(await store.previous(scopes.west, id));
        expect(onWest.body.state?.journey.id).toBe('salesforce-b2b');
        // A journey id alone is enough when only one sync runs it; a member of a set selects the set.
        expect((await ask(url, `/v1/customers/${id}/journey?journey=salesforce-b2b`)).body.sync).toBe(
          `west/${journeyFile.split('/').at(-1) ?? ''}`,
        );
        expect((await ask(url, `/v1/customers/${id}/journey?journey=pipeline`)).body.sync).toBe('east-set');
        expect((await ask(url, `/v1/customers/${id}/journey?journey=direct,pipeline`)).body.sync).toBe('east-set');
      }
      const ambiguous = await ask(url, `/v1/customers/${sample[0] ?? ''}/journey`);
      expect(ambiguous.status).toBe(400);
      expect(ambiguous.body.error?.code).toBe('AMBIGUOUS_SYNC');
      expect(ambiguous.body.error?.message).toContain('?target=east&journey=direct,pipeline');
      const unknown = await ask(url, `/v1/customers/${sample[0] ?? ''}/journey?target=north`);
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toMatchObject({ code: 'UNKNOWN_SYNC' });
      expect(unknown.body.error?.message).toContain('target "north"');
      const misspelt = await ask(url, `/v1/customers/${sample[0] ?? ''}/journey?targt=east`);
      expect(misspelt.status).toBe(400);
      expect(misspelt.body.error?.code).toBe('INVALID_REQUEST');
      // Explain reads the chosen org now, through that sync's connection.
      const explained = await ask(url, `/v1/customers/${sample[1] ?? ''}/explain?target=west`);
      expect(explained.status, JSON.stringify(explained.body)).toBe(200);
      expect(explained.body.sync).toBe(`west/${journeyFile.split('/').at(-1) ?? ''}`);
      expect(explained.body.state?.journey.id).toBe('salesforce-b2b');
    }
    for (const node of nodes) node.child.kill('SIGTERM');
    for (const node of nodes) expect(await node.exited, node.output().slice(-4000)).toBe(0);
  }, 120_000);
});
