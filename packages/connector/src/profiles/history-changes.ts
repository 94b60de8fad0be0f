import { parseInstant } from '../records/field-values.ts';
import type { CrmRecord } from '../records/crm-record.ts';
import type { FieldChange } from '../records/field-change.ts';
import type { CrmProfile } from './crm-profile.ts';
import { sugarSalesStatus } from './sugar-sales-status.ts';

/** Fields that OpportunityHistory rows carry, each row being the opportunity as of its CreatedDate. */
const opportunityHistoryFields = ['StageName', 'Amount', 'CloseDate', 'Probability'] as const;

/** Salesforce derives IsClosed / IsWon from the stage; replaying a stage change must move them too. */
function derivedFromStage(stage: unknown): { IsClosed: boolean; IsWon: boolean } {
  const text = typeof stage === 'string' ? stage.toLowerCase() : '';
  const closed = text.startsWith('closed');
  return { IsClosed: closed, IsWon: closed && text.includes('won') };
}

/**
 * Turns a customer's history records into field changes for the replay: Salesforce OpportunityHistory
 * and LeadHistory, Sugar `<Module>_audit` rows (as the `/<Module>/:id/audit` API returns them).
 */
export function historyChanges(
  profile: CrmProfile,
  records: Readonly<Record<string, readonly CrmRecord[] | undefined>>,
): FieldChange[] {
  const changes: FieldChange[] = [];
  if (profile.crm === 'salesforce') {
    const byOpportunity = new Map<string, CrmRecord[]>();
    for (const row of records['OpportunityHistory'] ?? []) {
      const id = row['OpportunityId'];
      if (typeof id !== 'string') continue;
      let list = byOpportunity.get(id);
      if (!list) byOpportunity.set(id, (list = []));
      list.push(row);
    }
    for (const [recordId, rows] of byOpportunity) {
      rows.sort((a, b) => parseInstant(a['CreatedDate']) - parseInstant(b['CreatedDate']));
      for (let i = 1; i < rows.length; i++) {
        const before = rows[i - 1] ?? {};
        const after = rows[i] ?? {};
        const at = parseInstant(after['CreatedDate']);
        if (Number.isNaN(at)) continue;
        for (const field of opportunityHistoryFields) {
          if (before[field] !== after[field])
            changes.push({
              object: 'Opportunity',
              recordId,
              field,
              oldValue: before[field],
              newValue: after[field],
              at,
            });
        }
        if (before['StageName'] !== after['StageName']) {
          const was = derivedFromStage(before['StageName']);
          const is = derivedFromStage(after['StageName']);
          changes.push({
            object: 'Opportunity',
            recordId,
            field: 'IsClosed',
            oldValue: was.IsClosed,
            newValue: is.IsClosed,
            at,
          });
          changes.push({
            object: 'Opportunity',
            recordId,
            field: 'IsWon',
            oldValue: was.IsWon,
            newValue: is.IsWon,
            at,
          });
        }
      }
    }
    for (const row of records['LeadHistory'] ?? []) {
      const recordId = row['LeadId'];
      const at = parseInstant(row['CreatedDate']);
      if (typeof recordId !== 'string' || Number.isNaN(at)) continue;
      if (row['Field'] === 'leadConverted') {
        changes.push({ object: 'Lead', recordId, field: 'IsConverted', oldValue: false, newValue: true, at });
      } else if (typeof row['Field'] === 'string' && row['Field'] !== 'created') {
        changes.push({
          object: 'Lead',
          recordId,
          field: row['Field'],
          oldValue: row['OldValue'],
          newValue: row['NewValue'],
          at,
        });
      }
    }
    return changes;
  }
  for (const [key, rows] of Object.entries(records)) {
    if (!key.endsWith('_audit')) continue;
    const object = key.slice(0, -'_audit'.length);
    for (const row of rows ?? []) {
      const recordId = row['parent_id'];
      const field = row['field_name'];
      const at = parseInstant(row['date_created']);
      if (typeof recordId !== 'string' || typeof field !== 'string' || Number.isNaN(at)) continue;
      changes.push({ object, recordId, field, oldValue: row['before'], newValue: row['after'], at });
      if (object === 'Opportunities' && field === 'sales_stage') {
        changes.push({
          object,
          recordId,
          field: 'sales_status',
          oldValue: sugarSalesStatus(row['before']),
          newValue: sugarSalesStatus(row['after']),
          at,
        });
      }
    }
  }
  return changes;
}
