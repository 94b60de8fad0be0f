// Turns one merged group (every row naming one customer id) into the customers the engine evaluates,
// placing rows the way groupCustomers does for a snapshot.
import type { CrmRecord } from '../records/crm-record.ts';
import type { ReadCustomer } from '../connector/crm-connector.ts';
import { historyChanges } from '../profiles/history-changes.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import type { MergedGroup } from './merge-streams.ts';
import { parseStoredState } from './journey-state-field.ts';
import { rootFingerprint } from './root-fingerprint.ts';

function clean(record: CrmRecord, keyField: string): CrmRecord {
  // `attributes`, and a relationship selected only to order the rows (`Opportunity.AccountId`), go.
  const drop = keyField.includes('.') ? keyField.split('.')[0] : undefined;
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) if (field !== 'attributes' && field !== drop) out[field] = value;
  return out;
}

function customerOf(
  journey: JourneyDefinition,
  type: string,
  record: CrmRecord,
  records: Record<string, CrmRecord[]>,
): ReadCustomer {
  const id = String(record['Id']);
  const name = record['Name'] ?? record['Company'];
  const customer = typeof name === 'string' ? { type, id, name } : { type, id };
  const stored = parseStoredState(record[journey.profile.journeyFields.state], journey);
  const changes = historyChanges(journey.profile, records);
  return { customer, records, changes, stored, sourceFingerprint: rootFingerprint(journey, record) };
}

/**
 * The customers of one group: the root record with everything linked to it, or an unconverted lead
 * with its activities and history. Rows naming no customer that was read are dropped (as
 * `groupCustomers` counts them unattached); a converted lead whose account is gone is its own customer.
 */
export function assembleCustomers(journey: JourneyDefinition, group: MergedGroup): ReadCustomer[] {
  const records: Record<string, CrmRecord[]> = {};
  let root: { type: string; record: CrmRecord } | undefined;
  const orphanLeads: CrmRecord[] = [];
  const lead = journey.profile.lead.object;
  for (const { stream, record } of group.rows) {
    const row = clean(record, stream.keyField);
    if (stream.role === 'root' || (stream.role === 'lead' && stream.object === lead)) {
      root = { type: stream.object, record: row };
    } else if (stream.object === lead) orphanLeads.push(row);
    (records[stream.object] ??= []).push(row);
  }
  if (root) return [customerOf(journey, root.type, root.record, records)];
  return orphanLeads.map((row) => customerOf(journey, lead, row, { [lead]: [row] }));
}
