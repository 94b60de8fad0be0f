import { isBlank, parseInstant } from '../records/field-values.ts';
import type { CrmRecord } from '../records/crm-record.ts';
import { isCustomName, type CrmProfile } from '../profiles/crm-profile.ts';
import { ConnectorError } from '../errors/connector-error.ts';
import { didYouMean } from '../source/suggest.ts';
import type { RecordsByObject } from './group-customers.ts';

/** Problems listed in one error at most; the rest are counted. */
const MAX_LISTED_PROBLEMS = 10;

function describeRecord(object: string, index: number, record: unknown, idField: string): string {
  const id = typeof record === 'object' && record !== null ? (record as Record<string, unknown>)[idField] : undefined;
  return typeof id === 'string' ? `${object}[${index}] (${idField} ${id})` : `${object}[${index}]`;
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
    throw new ConnectorError(
      'SNAPSHOT_INVALID',
      `Snapshot ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
      {
        actions: ['Export the records again, or check the file with a JSON linter.'],
      },
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConnectorError(
      'SNAPSHOT_INVALID',
      `Snapshot ${file} must be a JSON object keyed by CRM object name, e.g. { "Account": [ ... ] }; it holds ${Array.isArray(data) ? 'an array' : data === null ? 'null' : `a ${typeof data}`}.`,
      { actions: ['Put each object\'s records under its name: { "Account": [ ... ], "Opportunity": [ ... ] }.'] },
    );
  }
  const problems: string[] = [];
  const out: Record<string, CrmRecord[]> = {};
  for (const [object, value] of Object.entries(data as Record<string, unknown>)) {
    const known =
      profile.objects[object] !== undefined ||
      isCustomName(profile.crm, object) ||
      (profile.crm === 'sugarcrm' && object.endsWith('_audit'));
    if (!known) {
      const hint = didYouMean(object, Object.keys(profile.objects));
      problems.push(`"${object}" is not a ${profile.crm} object.${hint === undefined ? '' : ` ${hint}`}`);
      continue;
    }
    const list = Array.isArray(value) ? value : (value as { records?: unknown } | null)?.records;
    if (!Array.isArray(list)) {
      problems.push(`${object} must be an array of records (or a query result with "records").`);
      continue;
    }
    const fields = profile.objects[object]?.fields ?? {};
    const records: CrmRecord[] = [];
    list.forEach((record: unknown, index) => {
      const where = describeRecord(object, index, record, profile.idField);
      if (typeof record !== 'object' || record === null || Array.isArray(record)) {
        problems.push(`${where} is not an object.`);
        return;
      }
      const fieldsOf = record as Record<string, unknown>;
      const id = fieldsOf[profile.idField];
      if (typeof id !== 'string' || id === '') {
        problems.push(
          `${where}: field ${profile.idField} is ${id === undefined ? 'missing' : `not an id (${JSON.stringify(id)})`}.`,
        );
        return;
      }
      for (const [field, type] of Object.entries(fields)) {
        const raw = fieldsOf[field];
        if (isBlank(raw)) continue;
        if ((type === 'date' || type === 'datetime') && Number.isNaN(parseInstant(raw))) {
          problems.push(
            `${where}: field ${field} is ${JSON.stringify(raw)}, not an ISO ${type === 'date' ? 'date (YYYY-MM-DD)' : 'date-time'}.`,
          );
        } else if (
          type === 'boolean' &&
          typeof raw !== 'boolean' &&
          raw !== '0' &&
          raw !== '1' &&
          raw !== 0 &&
          raw !== 1
        ) {
          problems.push(`${where}: field ${field} is ${JSON.stringify(raw)}, not true or false.`);
        } else if ((type === 'string' || type === 'picklist' || type === 'id') && typeof raw === 'object') {
          problems.push(`${where}: field ${field} is an ${Array.isArray(raw) ? 'array' : 'object'}, not text.`);
        }
      }
      records.push(fieldsOf);
    });
    out[object] = records;
  }
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((problem) => `  - ${problem}`);
    const more =
      problems.length > MAX_LISTED_PROBLEMS ? [`  ... and ${problems.length - MAX_LISTED_PROBLEMS} more`] : [];
    throw new ConnectorError(
      'SNAPSHOT_INVALID',
      [`Snapshot ${file} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:`, ...listed, ...more].join(
        '\n',
      ),
      {
        actions: ['Fix the records named above (or export them again from the CRM) and run the command again.'],
      },
    );
  }
  return out;
}
