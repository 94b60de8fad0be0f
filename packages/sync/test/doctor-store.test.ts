// `crm-journey doctor --store`: a fleet's PostgreSQL store on the throwaway server (good, wrong port,
// wrong database, a schema from a newer release, a user without grants) and a broken SQLite file.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSalesforceSandbox } from '@crm-journey/sandbox';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorItem } from '../src/admin/doctor-item.ts';
import { FLEET_JOB_SCHEMA } from '../src/fleet/fleet-queues.ts';
import { POSTGRES_MIGRATIONS } from '../src/state/postgres-migrations.ts';
import { openPostgresSyncStore } from '../src/state/postgres-sync-store.ts';
import { freePort } from './free-port.ts';
import { createTestDatabase, type TestDatabase } from './postgres/test-database.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

let org: Awaited<ReturnType<typeof startSalesforceSandbox>>;
let database: TestDatabase;
beforeAll(async () => {
  org = await startSalesforceSandbox();
  database = await createTestDatabase();
});
afterAll(async () => {
  await org.close();
  await database.drop();
});

interface DoctorJson {
  ready: boolean;
  items: DoctorItem[];
}

const STORE_ITEMS = ['store-reachable', 'store-schema', 'job-schema', 'store-permissions', 'clock-skew'];

async function doctor(...more: string[]): Promise<{ code: number; report: DoctorJson; human: string }> {
  const target = ['--instance-url', org.url, '--access-token', org.accessToken];
  const json = await runCliInProcess(['doctor', ...target, ...more, '--json']);
  const human = await runCliInProcess(['doctor', ...target, ...more]);
  expect(json.code).toBe(human.code);
  return { code: json.code, report: JSON.parse(json.stdout) as DoctorJson, human: human.stdout };
}

const storeItems = (report: DoctorJson): Record<string, DoctorItem> =>
  Object.fromEntries(report.items.filter((item) => STORE_ITEMS.includes(item.id)).map((item) => [item.id, item]));

describe('crm-journey doctor --store on PostgreSQL', () => {
  it('passes an empty database it may create in, then the migrated store and pg-boss schema as current', async () => {
    const empty = await doctor('--store', database.url);
    const items = storeItems(empty.report);
    expect(Object.keys(items)).toEqual(STORE_ITEMS);
    expect(Object.values(items).map((item) => [item.id, item.status])).toEqual(STORE_ITEMS.map((id) => [id, 'pass']));
    expect(items['store-reachable']?.detail).toMatch(/answers \(PostgreSQL 1\d/);
    expect(items['store-schema']?.detail).toBe('not created yet; the first node to start creates it.');
    expect(items['clock-skew']?.detail).toMatch(/^this machine is \d+\.\d s (ahead of|behind) the database server/);
    expect(empty.human).toMatch(/✓ Store database: .* answers/);
    expect(empty.human).toContain('✓ Clock: this machine is');

    const store = await openPostgresSyncStore(database.url);
    await store.close();
    const boss = new PgBoss({ connectionString: database.url, schema: FLEET_JOB_SCHEMA, max: 1 });
    boss.on('error', () => undefined);
    await boss.start();
    await boss.stop({ graceful: false });
    const migrated = storeItems((await doctor('--store', database.url)).report);
    expect(migrated['store-schema']).toMatchObject({
      status: 'pass',
      detail: `version ${POSTGRES_MIGRATIONS.length}, current.`,
    });
    expect(migrated['job-schema']?.status).toBe('pass');
    expect(migrated['job-schema']?.detail).toMatch(/^version \d+, current\.$/);
    expect(migrated['store-permissions']?.status).toBe('pass');
  }, 60_000);

  it('fails a wrong port and a wrong database name with the fix, the other store items unchecked', async () => {
    const wrongPort = new URL(database.url);
    wrongPort.port = String(await freePort());
    const refused = await doctor('--store', wrongPort.toString());
    expect(refused.code).toBe(1);
    const refusedItems = storeItems(refused.report);
    expect(refusedItems['store-reachable']?.status).toBe('fail');
    expect(refusedItems['store-reachable']?.detail).toContain('ECONNREFUSED');
    expect(refusedItems['store-reachable']?.fix).toContain(`Nothing listens at 127.0.0.1:${wrongPort.port}`);
    expect(
      ['store-schema', 'job-schema', 'store-permissions', 'clock-skew'].map((id) => refusedItems[id]?.status),
    ).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    expect(refused.human).toContain('✗ Store database:');
    expect(refused.human).toContain('? Clock: could not check: the database does not answer.');

    const wrongName = new URL(database.url);
    wrongName.pathname = '/cj_no_such_database';
    const missing = storeItems((await doctor('--store', wrongName.toString())).report);
    expect(missing['store-reachable']?.status).toBe('fail');
    expect(missing['store-reachable']?.detail).toContain('(3D000)');
    expect(missing['store-reachable']?.fix).toContain('createdb cj_no_such_database');
  });

  it('fails a store a newer release migrated, and a user without the grants a node needs', async () => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const role = `cj_doctor_${randomBytes(4).toString('hex')}`;
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'doctor-test-password'`);
      const limited = new URL(database.url);
      limited.username = role;
      limited.password = 'doctor-test-password';
      const refused = storeItems((await doctor('--store', limited.toString())).report);
      expect(refused['store-reachable']?.status).toBe('pass');
      expect(refused['store-permissions']?.status).toBe('fail');
      expect(refused['store-permissions']?.detail).toContain(`${role} may not read and write the schema crm_journey`);
      expect(refused['store-permissions']?.fix).toContain(`TO ${role}`);

      await admin.query("INSERT INTO crm_journey.schema_migrations (version, name) VALUES (99, 'from the future')");
      const newer = await doctor('--store', database.url);
      expect(newer.code).toBe(1);
      expect(storeItems(newer.report)['store-schema']).toMatchObject({
        status: 'fail',
        detail: `version 99 is newer than this crm-journey knows (${POSTGRES_MIGRATIONS.length}): an upgraded node migrated it.`,
        fix: 'Upgrade crm-journey on this machine to the release the other nodes run.',
      });
    } finally {
      await admin.query('DELETE FROM crm_journey.schema_migrations WHERE version = 99').catch(() => undefined);
      await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await admin.end();
    }
  });
});

describe('crm-journey doctor --store on a state file', () => {
  it('fails a file that is not a database, with the fix, and refuses --store with --state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cj-doctor-store-'));
    const broken = join(dir, 'state.sqlite');
    writeFileSync(broken, randomBytes(8192));
    const { code, report, human } = await doctor('--store', broken);
    expect(code).toBe(1);
    const item = report.items.find((entry) => entry.id === 'state-store');
    expect(item).toMatchObject({
      status: 'fail',
      fix: `Move ${broken} aside; the next sync starts afresh (a full read).`,
    });
    expect(item?.detail).toContain('not a database');
    expect(human).toContain(`✗ State store: ${broken}`);

    const good = join(dir, 'good.sqlite');
    const { report: fresh } = await doctor('--store', good);
    expect(fresh.items.find((entry) => entry.id === 'state-store')?.detail).toBe(
      `${good} does not exist yet; its directory is writable.`,
    );
    const both = await runCliInProcess([
      'doctor',
      '--instance-url',
      org.url,
      '--access-token',
      org.accessToken,
      '--store',
      good,
      '--state',
      good,
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --store or --state, not both');
  });
});
