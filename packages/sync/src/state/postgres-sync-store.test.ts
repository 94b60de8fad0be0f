import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/postgres/test-database.ts';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.ts';
import { openPostgresSyncStore, redactDatabaseUrl } from './postgres-sync-store.ts';

// The contract every backend keeps is in sync-store-contract.test.ts; these are PostgreSQL's own concerns.
describe('openPostgresSyncStore', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('migrates once when several nodes open an empty database at the same moment', async () => {
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresSyncStore(database.url)));
    await Promise.all(stores.map((store) => store.close()));
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: number }>(
        'SELECT version FROM crm_journey.schema_migrations ORDER BY version',
      );
      expect(rows.map((row) => row.version)).toEqual(POSTGRES_MIGRATIONS.map((migration) => migration.version));
      // A schema newer than this build: an older node is refused with what to do.
      await client.query("INSERT INTO crm_journey.schema_migrations (version, name) VALUES (999, 'future')");
      await expect(openPostgresSyncStore(database.url)).rejects.toThrow(
        `schema version 999; this crm-journey knows versions up to ${String(POSTGRES_MIGRATIONS.at(-1)?.version)}.`,
      );
      await client.query('DELETE FROM crm_journey.schema_migrations WHERE version = 999');
    } finally {
      await client.end();
    }
  });

  it('names the database without its password', async () => {
    expect(redactDatabaseUrl('postgres://sync:s3cret@db.internal:5432/crm')).toBe(
      'postgres://sync:***@db.internal:5432/crm',
    );
    const url = new URL(database.url);
    url.password = 'not-the-password';
    const store = await openPostgresSyncStore(url.toString());
    expect(store.location).not.toContain('not-the-password');
    await store.close();
  });
});
