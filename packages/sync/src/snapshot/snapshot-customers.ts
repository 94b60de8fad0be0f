import { closeSync, openSync } from 'node:fs';
import { historyChanges, type CrmRecord, type CustomerRecordSet, type JourneyDefinition } from '@crm-journey/connector';
import type { SnapshotIndex } from './index-snapshot.ts';
import { RangeReader } from './range-reader.ts';

/**
 * The second pass over a snapshot: yields one customer at a time with its records, read back from the
 * byte ranges of the index and parsed, so only one customer's records are in memory at once.
 *
 * @example
 * for (const set of snapshotCustomers(indexSnapshot(path, file, journey), journey)) session.add(set);
 */
export function* snapshotCustomers(index: SnapshotIndex, journey: JourneyDefinition): Generator<CustomerRecordSet> {
  const fd = openSync(index.path, 'r');
  // One read-ahead window per object: each object's records are read in about file order.
  const reader = new RangeReader(fd, index.objects.length);
  try {
    for (let n = 0; n < index.customers.length; n += 1) {
      const records: Record<string, CrmRecord[]> = {};
      const end = index.first[n + 1] ?? 0;
      for (let entry = index.first[n] ?? 0; entry < end; entry += 1) {
        const object = index.objectOf[entry] ?? 0;
        const record = JSON.parse(reader.text(object, index.start[entry] ?? 0, index.length[entry] ?? 0)) as CrmRecord;
        (records[index.objects[object] ?? ''] ??= []).push(record);
      }
      const customer = index.customers[n];
      if (customer) yield { customer, records, changes: historyChanges(journey.profile, records) };
    }
  } finally {
    closeSync(fd);
  }
}
