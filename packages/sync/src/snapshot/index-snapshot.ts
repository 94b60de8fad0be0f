import {
  createCustomerPlacement,
  crmProfile,
  snapshotChecks,
  type CrmRecord,
  type CustomerRef,
  type JourneyDefinition,
} from '@crm-journey/connector';
import { GrowableColumn } from './growable-column.ts';
import { IdTable } from './id-table.ts';
import { pageArray } from './page-array.ts';
import { scanSnapshot } from './scan-snapshot.ts';

/**
 * Where each customer's records are in a snapshot file: the byte ranges of its records, grouped by
 * customer, in the order `groupCustomers` gives them. About 30 bytes a record, not the records.
 */
export interface SnapshotIndex {
  readonly path: string;
  readonly customers: readonly CustomerRef[];
  /** Customer `n`'s records are the entries `first[n]` up to `first[n + 1]`. */
  readonly first: Uint32Array;
  /** Per entry: its object (an index into `objects`), and its bytes in the file. */
  readonly objectOf: Uint16Array;
  readonly start: Float64Array;
  readonly length: Uint32Array;
  readonly objects: readonly string[];
  /** How many records of each object belong to no customer. */
  readonly unattached: Readonly<Record<string, number>>;
}

/** One object's records as the first pass keeps them: where they are and what placing them reads. */
interface ObjectColumns {
  readonly problems: string[];
  readonly unknown: boolean;
  listed: boolean;
  starts: GrowableColumn<Float64Array>;
  lengths: GrowableColumn<Uint32Array>;
  /** Ids as numbers of the `IdTable` (-1: none); each record's targets likewise, `targetCount[n]` of them in turn. */
  ids: GrowableColumn<Int32Array>;
  targetCount: GrowableColumn<Uint8Array>;
  targets: GrowableColumn<Int32Array>;
  /** Sparse: only root records and leads have them. */
  texts: (string | undefined)[];
  names: (string | undefined)[];
}

const emptyColumns = (columns: ObjectColumns): void => {
  columns.starts = new GrowableColumn(Float64Array);
  columns.lengths = new GrowableColumn(Uint32Array);
  columns.ids = new GrowableColumn(Int32Array);
  columns.targetCount = new GrowableColumn(Uint8Array);
  columns.targets = new GrowableColumn(Int32Array);
  columns.texts = [];
  columns.names = [];
};

/**
 * The first pass over a snapshot: streams the file, checks every record as `parseSnapshot` does (same
 * problems, same words), keeps only each record's byte range and link keys, then places the records on
 * their customers with the placement rules of `groupCustomers`.
 *
 * @example
 * const index = indexSnapshot('/abs/snapshot.json', 'snapshot.json', journey);
 */
export function indexSnapshot(path: string, file: string, journey: JourneyDefinition): SnapshotIndex {
  const profile = crmProfile(journey.profile.crm);
  const placement = createCustomerPlacement(journey);
  let ids = new IdTable();
  const byObject = new Map<string, ObjectColumns>();
  let columns: ObjectColumns | undefined;
  scanSnapshot(path, file, {
    begin(object) {
      const problem = snapshotChecks.objectProblem(profile, object);
      columns = {
        problems: problem === undefined ? [] : [problem],
        unknown: problem !== undefined,
        listed: false,
        starts: new GrowableColumn(Float64Array),
        lengths: new GrowableColumn(Uint32Array),
        ids: new GrowableColumn(Int32Array),
        targetCount: new GrowableColumn(Uint8Array),
        targets: new GrowableColumn(Int32Array),
        texts: [],
        names: [],
      };
      // A key seen twice keeps its first place and its last value, as JSON.parse does.
      byObject.set(object, columns);
    },
    list() {
      if (!columns || columns.unknown) return;
      columns.listed = true;
      columns.problems.length = 0;
      emptyColumns(columns);
    },
    unlist() {
      if (!columns || columns.unknown) return;
      columns.listed = false;
      emptyColumns(columns);
    },
    record(object, index, value, start, end) {
      if (!columns || columns.unknown) return;
      const problems = snapshotChecks.recordProblems(profile, object, index, value);
      if (problems.length > 0) {
        columns.problems.push(...problems);
        return;
      }
      const keys = placement.keys(object, value as CrmRecord);
      columns.starts.push(start);
      columns.lengths.push(end - start);
      const at = columns.ids.push(keys.id === undefined ? -1 : ids.intern(keys.id));
      // A record has as many targets as its object has link rules: a handful.
      columns.targetCount.push(keys.targets.length);
      for (const target of keys.targets) columns.targets.push(ids.intern(target));
      // Only root records and leads become customers and need their id as text and a name.
      if (keys.text !== undefined) columns.texts[at] = keys.text;
      if (keys.name !== undefined) columns.names[at] = keys.name;
    },
    end(object) {
      if (columns && !columns.unknown && !columns.listed) {
        columns.problems.length = 0;
        columns.problems.push(snapshotChecks.notAList(object));
        emptyColumns(columns);
      }
    },
  });
  const problems = [...byObject.values()].flatMap((entry) => entry.problems);
  if (problems.length > 0) throw snapshotChecks.problemsError(file, problems);
  const idCount = ids.size;
  // The id table is not needed to place the records: free it before placing allocates.
  ids = new IdTable();
  return place(path, journey, byObject, idCount);
}

function place(
  path: string,
  journey: JourneyDefinition,
  byObject: Map<string, ObjectColumns>,
  idCount: number,
): SnapshotIndex {
  // Whose record each id is, by id number: an array, not a Map of a million entries. Plain, not a
  // pageArray as the columns: placing reads it at random, which V8 does faster on a plain one.
  const owners = new Int32Array(idCount).fill(-1);
  const placement = createCustomerPlacement<number>(journey, {
    get: (id) => ((owners[id] ?? -1) < 0 ? undefined : owners[id]),
    set: (id, customer) => (owners[id] = customer),
  });
  const objects = placement.orderOf([...byObject.keys()]);
  const total = objects.reduce((sum, object) => sum + (byObject.get(object)?.ids.length ?? 0), 0);
  // Entries in placement order first; then sorted by customer, keeping that order within a customer.
  const owner = pageArray(Int32Array, total);
  const objectAt = pageArray(Uint16Array, total);
  const startAt = pageArray(Float64Array, total);
  const lengthAt = pageArray(Uint32Array, total);
  let entry = 0;
  objects.forEach((object, objectIndex) => {
    const columns = byObject.get(object);
    if (!columns) return;
    let nextTarget = 0;
    for (let i = 0; i < columns.ids.length; i += 1) {
      const id = columns.ids.at(i);
      const targets: number[] = [];
      for (let count = columns.targetCount.at(i); count > 0; count -= 1) targets.push(columns.targets.at(nextTarget++));
      const keys = { id: id < 0 ? undefined : id, targets, text: columns.texts[i], name: columns.names[i] };
      owner[entry] = placement.place(object, keys) ?? -1;
      objectAt[entry] = objectIndex;
      startAt[entry] = columns.starts.at(i);
      lengthAt[entry] = columns.lengths.at(i);
      entry += 1;
    }
    // What placing needed is no longer needed: free it before the next object's records.
    byObject.delete(object);
  });
  const listed = placement.customers();
  let customersMade = 0;
  for (const { index } of listed) customersMade = Math.max(customersMade, index + 1);
  for (let i = 0; i < total; i += 1) customersMade = Math.max(customersMade, (owner[i] ?? -1) + 1);
  const rank = new Int32Array(customersMade).fill(-1);
  listed.forEach(({ index }, position) => (rank[index] = position));
  const first = pageArray(Uint32Array, listed.length + 1);
  for (let i = 0; i < total; i += 1) {
    const position = rank[owner[i] ?? -1] ?? -1;
    if (position >= 0) first[position + 1] = (first[position + 1] ?? 0) + 1;
  }
  for (let n = 0; n < listed.length; n += 1) first[n + 1] = (first[n + 1] ?? 0) + (first[n] ?? 0);
  const next = first.slice(0, listed.length);
  const placed = first[listed.length] ?? 0;
  const objectOf = pageArray(Uint16Array, placed);
  const start = pageArray(Float64Array, placed);
  const length = pageArray(Uint32Array, placed);
  for (let i = 0; i < total; i += 1) {
    const position = rank[owner[i] ?? -1] ?? -1;
    if (position < 0) continue;
    const slot = next[position] ?? 0;
    next[position] = slot + 1;
    objectOf[slot] = objectAt[i] ?? 0;
    start[slot] = startAt[i] ?? 0;
    length[slot] = lengthAt[i] ?? 0;
  }
  return {
    path,
    customers: listed.map(({ customer }) => customer),
    first,
    objectOf,
    start,
    length,
    objects,
    unattached: placement.unattached,
  };
}
