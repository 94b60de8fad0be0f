import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  crmProfile,
  groupCustomers,
  parseSnapshot,
  type CustomerRecordSet,
  type JourneyDefinition,
} from '@crm-journey/connector';
import type { CliContext } from './cli-context.ts';
import { readInputFile, unreadable } from './load-files.ts';
import { indexSnapshot } from '../snapshot/index-snapshot.ts';
import { snapshotCustomers } from '../snapshot/snapshot-customers.ts';

// Apart from load-files.ts so that the commands that read no snapshot (sync, serve) do not load the
// snapshot reader.

/**
 * Reads and checks a snapshot for the journey as a stream, and gives its customers one at a time (see
 * packages/sync/src/snapshot): the memory used is an index of the records, not the records.
 */
export function loadSnapshotCustomers(
  context: CliContext,
  path: string,
  journey: JourneyDefinition,
): { readonly customers: Iterable<CustomerRecordSet>; readonly unattached: Readonly<Record<string, number>> } {
  if (context.readSnapshot) return context.readSnapshot(context, path, journey);
  const absolute = resolve(context.cwd, path);
  try {
    if (statSync(absolute).isDirectory()) throw Object.assign(new Error('a directory'), { code: 'EISDIR' });
  } catch (error) {
    throw unreadable(context, path, 'snapshot', error);
  }
  const index = indexSnapshot(absolute, path, journey);
  return { customers: { [Symbol.iterator]: () => snapshotCustomers(index, journey) }, unattached: index.unattached };
}

/**
 * Reads a snapshot whole and groups its customers in memory: what `loadSnapshotCustomers` did before it
 * streamed, kept as the reference the streaming reader is tested against (`CliContext.readSnapshot`).
 */
export function readSnapshotWhole(
  context: CliContext,
  path: string,
  journey: JourneyDefinition,
): { readonly customers: Iterable<CustomerRecordSet>; readonly unattached: Readonly<Record<string, number>> } {
  const records = parseSnapshot(readInputFile(context, path, 'snapshot'), path, crmProfile(journey.profile.crm));
  return groupCustomers(journey, records);
}
