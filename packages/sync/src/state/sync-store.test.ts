import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';
import { openSyncStore } from './sync-store.ts';

/** A state file in a fresh directory, removed when the test ends. */
function stateFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cj-store-'));
  onTestFinished(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return join(dir, 'state.sqlite');
}

// The contract every backend keeps is in sync-store-contract.test.ts; these are the file's own concerns.
describe('openSyncStore', () => {
  it('adopts a state file written before schema versions were kept, with its data', async () => {
    const file = stateFile();
    const legacy = new DatabaseSync(file);
    legacy.exec(SQLITE_MIGRATIONS[0]?.sql ?? '');
    legacy
      .prepare('INSERT INTO watermarks (scope, watermark, updated_at) VALUES (?, ?, ?)')
      .run('scope', '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z');
    legacy.close();

    const store = openSyncStore(file);
    expect(await store.watermark('scope')).toBe('2026-11-20T00:00:00Z');
    await store.close();
    const check = new DatabaseSync(file);
    expect(check.prepare('PRAGMA user_version').get()).toEqual({ user_version: SQLITE_MIGRATIONS.length });
    check.close();
  });

  it('refuses a file whose schema is newer than this build knows', () => {
    const file = stateFile();
    const newer = new DatabaseSync(file);
    newer.exec(`PRAGMA user_version = ${SQLITE_MIGRATIONS.length + 1}`);
    newer.close();
    const latest = SQLITE_MIGRATIONS.length;
    expect(() => openSyncStore(file)).toThrow(
      `schema version ${String(latest + 1)}; this crm-journey knows versions up to ${String(latest)}.`,
    );
  });
});
