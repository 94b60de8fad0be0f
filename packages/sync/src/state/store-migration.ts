import { ConnectorError } from '@crm-journey/connector';

/** One step of a store's schema: applied once, in `version` order, recorded in the store itself. */
export interface StoreMigration {
  /** 1, 2, 3...: never renumbered, never edited once released. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * The migrations a store at `current` still needs; refuses a store whose schema is newer than this
 * build knows (a node of an older release started against a store an upgraded node migrated).
 */
export function pendingMigrations(
  migrations: readonly StoreMigration[],
  current: number,
  where: string,
): StoreMigration[] {
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest)
    throw new ConnectorError(
      'INTERNAL',
      `The store ${where} has schema version ${current}; this crm-journey knows versions up to ${latest}.`,
      { actions: ['Upgrade crm-journey on this node to the release the other nodes run, then start it again.'] },
    );
  return migrations.filter((migration) => migration.version > current);
}
