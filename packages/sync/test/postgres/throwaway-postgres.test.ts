import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './test-database.ts';
import { startThrowawayPostgres } from './throwaway-postgres.ts';

describe('the tests’ PostgreSQL', () => {
  it('gives each test file its own database on the session server', async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    afterAll(async () => {
      await first.drop();
      await second.drop();
    });
    expect(first.url).not.toBe(second.url);
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    await client.end();
    expect(first.url.endsWith(`/${rows[0]?.db ?? ''}`)).toBe(true);
  });

  it('starts a private cluster as an unprivileged user and removes it on stop', async () => {
    const postgres = await startThrowawayPostgres();
    const client = new pg.Client({ connectionString: postgres.url });
    try {
      await client.connect();
      const { rows } = await client.query<{ superuser: boolean }>(
        "SELECT current_setting('is_superuser') = 'on' AS superuser",
      );
      expect(rows[0]?.superuser).toBe(true);
    } finally {
      await client.end();
      postgres.stop();
    }
    expect(existsSync(postgres.dataDir)).toBe(false);
    const refused = new pg.Client({ connectionString: postgres.url, connectionTimeoutMillis: 2000 });
    await expect(refused.connect()).rejects.toThrow();
  });
});
