import type { CrmRecord } from '../records/crm-record.ts';
import type { CrmProfile } from '../profiles/crm-profile.ts';
import type { RecordsByObject } from './group-customers.ts';
import { snapshotChecks } from './snapshot-checks.ts';

function describeValue(data: unknown): string {
  return Array.isArray(data) ? 'an array' : data === null ? 'null' : `a ${typeof data}`;
}

/**
 * Parses and checks a snapshot: a JSON object keyed by CRM object name, whose values are arrays of
 * records exactly as the CRM's REST API returns them (a query result's `{ records: [...] }` works too).
 * Throws `SNAPSHOT_INVALID` naming the object, record and field of every problem found.
 *
 * @example
 * const records = parseSnapshot(readFileSync('snapshot.json', 'utf8'), 'snapshot.json', salesforceProfile);
 */
export function parseSnapshot(text: string, file: string, profile: CrmProfile): RecordsByObject {
  let data: unknown;
  try {
    // Exports saved by Windows tools often start with a byte-order mark, which JSON.parse refuses.
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw snapshotChecks.notJson(file, error instanceof Error ? error.message : String(error));
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw snapshotChecks.notAnObject(file, describeValue(data));
  const problems: string[] = [];
  const out: Record<string, CrmRecord[]> = {};
  for (const [object, value] of Object.entries(data as Record<string, unknown>)) {
    const unknownObject = snapshotChecks.objectProblem(profile, object);
    if (unknownObject !== undefined) {
      problems.push(unknownObject);
      continue;
    }
    const list = Array.isArray(value) ? value : (value as { records?: unknown } | null)?.records;
    if (!Array.isArray(list)) {
      problems.push(snapshotChecks.notAList(object));
      continue;
    }
    const records: CrmRecord[] = [];
    list.forEach((record: unknown, index) => {
      const found = snapshotChecks.recordProblems(profile, object, index, record);
      if (found.length === 0) records.push(record as CrmRecord);
      else problems.push(...found);
    });
    out[object] = records;
  }
  if (problems.length > 0) throw snapshotChecks.problemsError(file, problems);
  return out;
}
