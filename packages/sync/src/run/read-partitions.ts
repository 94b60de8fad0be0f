import type { CustomerIdRange, WriteSummary } from '@crm-journey/connector';

/** Default customers per read partition: large enough that a partition's extra partial pages stay a few percent. */
export const DEFAULT_PARTITION_SIZE = 10_000;

/** One partition of a run's read: a range of ids (a full read) or a list of ids (a changed set). */
export interface ReadPartitionSpec {
  readonly index: number;
  /** A full read's slice: every customer whose id is in the range. */
  readonly range?: CustomerIdRange;
  /** A changed set's slice: these customers. */
  readonly ids?: readonly string[];
  /** The run's retry and due ids in this partition: it reports which of them it read. */
  readonly watch: readonly string[];
}

/** What one read partition did, summed by the run. */
export interface ReadPartitionResult extends WriteSummary {
  readonly customers: number;
  readonly stageChanges: number;
  readonly customersPerStage: Readonly<Record<string, number>>;
  /** The watched ids (the run's retry and due lists) the partition read. */
  readonly seen: readonly string[];
}

/** The run-wide facts every partition evaluates with. */
export interface ReadPartitionRun {
  readonly runId: number;
  readonly asOf: number;
  /** Another org behind the target: the stored states are not read. */
  readonly ignoreStored: boolean;
}

/**
 * Hands a run's read partitions to any worker of a fleet (each reads, evaluates and writes its
 * customers) and waits for all of them; rejects when one gave up. The run moves its watermark only
 * after this resolved.
 */
export interface ReadPartitionDispatcher {
  run(run: ReadPartitionRun, partitions: readonly ReadPartitionSpec[]): Promise<ReadPartitionResult[]>;
}

/**
 * Splits a listing into partitions of about `size` customers: none smaller than `size` (a run of fewer
 * is one partition, read as one process reads). A changed set is split into id lists (its read is by
 * id anyway, so no call is added); a full read into id ranges cut at every `size`-th id, each read
 * with `Id >= from AND Id < to` on every stream (at most one partial page per stream and partition).
 *
 * @example
 * planReadPartitions(['001a', '001b', '001c', '001d'], { full: true, size: 2 });
 * // [{ index: 0, range: { to: '001c' }, watch: [] }, { index: 1, range: { from: '001c' }, watch: [] }]
 */
export function planReadPartitions(
  sortedIds: readonly string[],
  options: {
    readonly full: boolean;
    readonly size: number;
    readonly watch?: ReadonlySet<string>;
    /** A changed set's lists are cut at multiples of this (the connector's ids per read call). */
    readonly idBatch?: number;
  },
): ReadPartitionSpec[] {
  const watch = options.watch ?? new Set<string>();
  const count = Math.max(1, Math.floor(sortedIds.length / Math.max(1, options.size)));
  const even = Math.ceil(sortedIds.length / count);
  const idBatch = Math.max(1, options.idBatch ?? 1);
  const per = options.full ? even : Math.ceil(even / idBatch) * idBatch;
  if (!options.full) {
    return Array.from({ length: Math.ceil(sortedIds.length / per) || 1 }, (_, index) => {
      const ids = sortedIds.slice(index * per, (index + 1) * per);
      return { index, ids, watch: ids.filter((id) => watch.has(id)) };
    });
  }
  const cuts = Array.from({ length: count - 1 }, (_, index) => sortedIds[(index + 1) * per]).filter(
    (id): id is string => id !== undefined,
  );
  // The CRMs compare ids case-insensitively; a watched id the CRM places elsewhere is read again by id.
  const inRange = (id: string, from: string | undefined, to: string | undefined): boolean =>
    (from === undefined || id.toLowerCase() >= from.toLowerCase()) &&
    (to === undefined || id.toLowerCase() < to.toLowerCase());
  return [undefined, ...cuts].map((from, index) => ({
    index,
    range: { ...(from === undefined ? {} : { from }), ...(cuts[index] === undefined ? {} : { to: cuts[index] }) },
    watch: [...watch].filter((id) => inRange(id, from, cuts[index])),
  }));
}
