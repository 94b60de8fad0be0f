import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_AS_OF, generatePopulation, startSalesforceSandbox, toSalesforceRecords } from '@crm-journey/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRunSettings } from '../src/config/run-settings.ts';
import { openPostgresSyncStore } from '../src/state/postgres-sync-store.ts';
import { createTestDatabase, type TestDatabase } from './postgres/test-database.ts';
import { runCliInProcess } from './run-cli-in-process.ts';
import { testTempDir } from './temp-dir.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const journeyFile = join(root, 'journeys', 'salesforce-b2b.yaml');
const context = (cwd: string) => ({ cwd, stdout: { write: () => true }, stderr: { write: () => true } });

function configDir(lines: string[]): string {
  const dir = testTempDir('cj-store-config-');
  writeFileSync(join(dir, 'crm-journey.config.yaml'), `${lines.join('\n')}\n`);
  return dir;
}

describe('--store and defaults.store', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('pick PostgreSQL for a postgres:// URL and the SQLite file otherwise, the flag over the file', () => {
    const flags = { journey: journeyFile, org: 'acme' };
    const cwd = testTempDir('cj-store-cwd-');
    const plain = resolveRunSettings('sync', flags, context(cwd), {});
    expect(plain.store).toBe(plain.statePath);
    expect(plain.store.endsWith(join('.crm-journey', 'state.sqlite'))).toBe(true);
    const url = 'postgres://sync@db.internal/crm';
    expect(resolveRunSettings('sync', { ...flags, store: url }, context(cwd), {}).store).toBe(url);
    expect(resolveRunSettings('sync', { ...flags, store: 'here.sqlite' }, context(cwd), {})).toMatchObject({
      store: join(cwd, 'here.sqlite'),
      statePath: join(cwd, 'here.sqlite'),
    });
    expect(() => resolveRunSettings('sync', { ...flags, store: url, state: 'x.sqlite' }, context(cwd), {})).toThrow(
      'give --store or --state, not both',
    );

    const dir = configDir(['defaults:', '  store: postgres://sync:${CJ_PG_PASSWORD}@db.internal/crm']);
    expect(resolveRunSettings('serve', flags, context(dir), { CJ_PG_PASSWORD: 'pw' }).store).toBe(
      'postgres://sync:pw@db.internal/crm',
    );
    expect(resolveRunSettings('serve', { ...flags, store: 'flag.sqlite' }, context(dir), {}).store).toBe(
      join(dir, 'flag.sqlite'),
    );
    const relative = configDir(['defaults:', '  store: state/s.sqlite']);
    expect(resolveRunSettings('serve', flags, context(relative), {}).store).toBe(join(relative, 'state', 's.sqlite'));
    const both = configDir(['defaults:', '  store: postgres://db/crm', '  state: s.sqlite']);
    expect(() => resolveRunSettings('serve', flags, context(both), {})).toThrow(
      'defaults.store and defaults.state both name where the state lives; keep one of them.',
    );
  });

  it('syncs an org with its state in PostgreSQL: no state file, nothing written twice', async () => {
    const sandbox = await startSalesforceSandbox({
      records: toSalesforceRecords(generatePopulation({ customers: 60, seed: 5 })),
      now: () => DEFAULT_AS_OF,
    });
    const cwd = testTempDir('cj-store-sync-');
    const args = [
      'sync',
      '--once',
      '--json',
      '--journey',
      journeyFile,
      '--instance-url',
      sandbox.url,
      '--access-token',
      sandbox.accessToken,
      '--store',
      database.url,
      '--as-of',
      new Date(DEFAULT_AS_OF).toISOString(),
    ];
    try {
      const first = await runCliInProcess(args, cwd);
      expect(first.code, first.stderr).toBe(0);
      expect((JSON.parse(first.stdout) as { tasksCreated: number }).tasksCreated).toBeGreaterThan(0);
      sandbox.inspect.resetLog();
      const second = await runCliInProcess(args, cwd);
      expect(second.code, second.stderr).toBe(0);
      const summary = JSON.parse(second.stdout) as { watermark: string };
      expect(summary).toMatchObject({ stagesWritten: 0, tasksCreated: 0, failures: [] });
      expect(sandbox.inspect.writes).toEqual([]);

      const store = await openPostgresSyncStore(database.url);
      try {
        const scope = `salesforce:${sandbox.url}|salesforce-b2b`;
        expect(await store.watermark(scope)).toBe(summary.watermark);
        expect((await store.runs(scope)).map((run) => run.status)).toEqual(['succeeded', 'succeeded']);
        const account = sandbox.inspect.records('Account').find((record) => record['Journey_Stage__c']);
        expect((await store.previous(scope, String(account?.['Id'])))?.stage).toBe(account?.['Journey_Stage__c']);
      } finally {
        await store.close();
      }
      expect(existsSync(join(cwd, '.crm-journey'))).toBe(false);
    } finally {
      await sandbox.close();
    }
  });
});
