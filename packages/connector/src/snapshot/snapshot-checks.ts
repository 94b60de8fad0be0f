import { isBlank, parseInstant } from '../records/field-values.ts';
import { isCustomName, type CrmProfile, type FieldType } from '../profiles/crm-profile.ts';
import { ConnectorError } from '../errors/connector-error.ts';
import { didYouMean } from '../source/suggest.ts';

const fieldLists = new WeakMap<CrmProfile, Map<string, [string, FieldType][]>>();

/** The typed fields of an object, listed once per profile: a snapshot checks a million records. */
function fieldList(profile: CrmProfile, object: string): [string, FieldType][] {
  let byObject = fieldLists.get(profile);
  if (!byObject) fieldLists.set(profile, (byObject = new Map<string, [string, FieldType][]>()));
  let list = byObject.get(object);
  if (!list) byObject.set(object, (list = Object.entries(profile.objects[object]?.fields ?? {})));
  return list;
}

/** Problems listed in one error at most; the rest are counted. */
const MAX_LISTED_PROBLEMS = 10;

function describeRecord(object: string, index: number, record: unknown, idField: string): string {
  const id = typeof record === 'object' && record !== null ? (record as Record<string, unknown>)[idField] : undefined;
  return typeof id === 'string' ? `${object}[${index}] (${idField} ${id})` : `${object}[${index}]`;
}

/**
 * The checks of a snapshot, one piece at a time, shared by `parseSnapshot` (a file read whole) and the
 * CLI's streaming reader, so that both refuse the same input with the same words.
 *
 * @example
 * const problem = snapshotChecks.objectProblem(profile, 'Acount'); // '"Acount" is not a salesforce object. ...'
 */
export const snapshotChecks = {
  /** `SNAPSHOT_INVALID` for text that is not JSON; `detail` says what and where. */
  notJson(file: string, detail: string): ConnectorError {
    return new ConnectorError('SNAPSHOT_INVALID', `Snapshot ${file} is not valid JSON: ${detail}.`, {
      actions: ['Export the records again, or check the file with a JSON linter.'],
    });
  },

  /** `SNAPSHOT_INVALID` for JSON whose top level is not an object; `holds` is e.g. "an array". */
  notAnObject(file: string, holds: string): ConnectorError {
    return new ConnectorError(
      'SNAPSHOT_INVALID',
      `Snapshot ${file} must be a JSON object keyed by CRM object name, e.g. { "Account": [ ... ] }; it holds ${holds}.`,
      { actions: ['Put each object\'s records under its name: { "Account": [ ... ], "Opportunity": [ ... ] }.'] },
    );
  },

  /** Why `object` cannot be a key of the snapshot, or undefined when it is a CRM object. */
  objectProblem(profile: CrmProfile, object: string): string | undefined {
    const known =
      profile.objects[object] !== undefined ||
      isCustomName(profile.crm, object) ||
      (profile.crm === 'sugarcrm' && object.endsWith('_audit'));
    if (known) return undefined;
    const hint = didYouMean(object, Object.keys(profile.objects));
    return `"${object}" is not a ${profile.crm} object.${hint === undefined ? '' : ` ${hint}`}`;
  },

  /** The problem of an object's value that is neither an array nor a query result with `records`. */
  notAList(object: string): string {
    return `${object} must be an array of records (or a query result with "records").`;
  },

  /** The problems of `object`'s record number `index` (none: it can be used as it is). */
  recordProblems(profile: CrmProfile, object: string, index: number, record: unknown): string[] {
    // Named only when there is a problem: a snapshot checks a million records that have none.
    const where = (): string => describeRecord(object, index, record, profile.idField);
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return [`${where()} is not an object.`];
    const fieldsOf = record as Record<string, unknown>;
    const id = fieldsOf[profile.idField];
    if (typeof id !== 'string' || id === '') {
      return [
        `${where()}: field ${profile.idField} is ${id === undefined ? 'missing' : `not an id (${JSON.stringify(id)})`}.`,
      ];
    }
    const problems: string[] = [];
    for (const [field, type] of fieldList(profile, object)) {
      const raw = fieldsOf[field];
      if (isBlank(raw)) continue;
      if ((type === 'date' || type === 'datetime') && Number.isNaN(parseInstant(raw))) {
        problems.push(
          `${where()}: field ${field} is ${JSON.stringify(raw)}, not an ISO ${type === 'date' ? 'date (YYYY-MM-DD)' : 'date-time'}.`,
        );
      } else if (
        type === 'boolean' &&
        typeof raw !== 'boolean' &&
        raw !== '0' &&
        raw !== '1' &&
        raw !== 0 &&
        raw !== 1
      ) {
        problems.push(`${where()}: field ${field} is ${JSON.stringify(raw)}, not true or false.`);
      } else if ((type === 'string' || type === 'picklist' || type === 'id') && typeof raw === 'object') {
        problems.push(`${where()}: field ${field} is an ${Array.isArray(raw) ? 'array' : 'object'}, not text.`);
      }
    }
    return problems;
  },

  /** `SNAPSHOT_INVALID` listing the first problems and counting the rest. */
  problemsError(file: string, problems: readonly string[]): ConnectorError {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((problem) => `  - ${problem}`);
    const more =
      problems.length > MAX_LISTED_PROBLEMS ? [`  ... and ${problems.length - MAX_LISTED_PROBLEMS} more`] : [];
    return new ConnectorError(
      'SNAPSHOT_INVALID',
      [`Snapshot ${file} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:`, ...listed, ...more].join(
        '\n',
      ),
      { actions: ['Fix the records named above (or export them again from the CRM) and run the command again.'] },
    );
  },
};
