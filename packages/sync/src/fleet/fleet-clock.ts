/** The fleet's one clock: the shared database's, seen from a node whose own clock may be off. */
export interface FleetClock {
  /** Milliseconds since the epoch on the database's clock (this node's clock plus the offset last measured). */
  now(): number;
  /** Measures the offset again (one query); when the database does not answer, the last offset stays. */
  sync(): Promise<void>;
}

/**
 * A clock that follows the database's: `readDatabaseMs` returns the database's time in milliseconds,
 * and the offset is taken against the middle of the round trip. Measured once here, then on `sync`.
 *
 * @example
 * const clock = await createFleetClock(async () => (await pool.query(DATABASE_MS_SQL)).rows[0].ms);
 */
export async function createFleetClock(readDatabaseMs: () => Promise<number>): Promise<FleetClock> {
  let offsetMs = 0;
  const sync = async (): Promise<void> => {
    const sent = Date.now();
    const databaseMs = await readDatabaseMs();
    const received = Date.now();
    if (Number.isFinite(databaseMs)) offsetMs = Math.round(databaseMs - (sent + received) / 2);
  };
  await sync();
  return {
    now: () => Date.now() + offsetMs,
    sync: () => sync().catch(() => undefined),
  };
}

/** The database's time in milliseconds since the epoch, as one float column `ms`. */
export const DATABASE_MS_SQL = 'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms';
