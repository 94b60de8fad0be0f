import { openSyncStore, type SyncStore } from './sync-store.ts';

/** True when `location` names a PostgreSQL database (`postgres://…` or `postgresql://…`) rather than a file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Opens the store at `location`: a `postgres://` URL opens the shared PostgreSQL store, anything else
 * is the path of the embedded SQLite file. Both apply their schema migrations first.
 *
 * @example
 * const store = await openStore(settings.store);
 */
export async function openStore(location: string): Promise<SyncStore> {
  if (!isPostgresUrl(location)) return openSyncStore(location);
  // Loaded only for a PostgreSQL store: `pg` is about 12 MB of RSS a SQLite run does not need.
  const { openPostgresSyncStore } = await import('./postgres-sync-store.ts');
  return openPostgresSyncStore(location);
}

/** The password in a store URL (as written and decoded), for the log redaction; none for a file. */
export function storeSecrets(location: string): string[] {
  if (!isPostgresUrl(location)) return [];
  try {
    const { password } = new URL(location);
    return password === '' ? [] : [...new Set([password, decodeURIComponent(password)])];
  } catch {
    return [];
  }
}
