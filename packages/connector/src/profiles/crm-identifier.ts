import { ConnectorError } from '../errors/connector-error.ts';
import type { Crm } from './crm-schema.ts';

/** What a name stands for: an object (Salesforce sObject, Sugar module) or a field of one. */
export type IdentifierKind = 'object' | 'field';

/** The longest object or field name either CRM allows (a namespaced Salesforce `ns__Name__ChangeEvent`). */
const MAX_IDENTIFIER_LENGTH = 80;

// Salesforce API names: letters, digits and single underscores, starting with a letter, not ending
// with one; double underscores only after a namespace prefix and before the suffix of a custom name.
const SALESFORCE_WORD = '[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*';
const SALESFORCE_SUFFIX = '__(?:c|r|x|e|b|mdt|kav|ka|History|Share|Feed|ChangeEvent)';
const SALESFORCE_NAME = new RegExp(
  `^(?:${SALESFORCE_WORD}(?:${SALESFORCE_SUFFIX})?|${SALESFORCE_WORD}__${SALESFORCE_WORD}${SALESFORCE_SUFFIX})$`,
);
// Sugar module names are letters, digits and underscores from a letter; field (column) names may start
// with an underscore (`_hash`), and custom ones end in `_c`.
const SUGAR_MODULE = /^[A-Za-z][A-Za-z0-9_]*$/;
const SUGAR_FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The first character that is not an ASCII letter, digit or underscore, described; undefined when none is. */
function badCharacter(name: string): string | undefined {
  const found = /[^A-Za-z0-9_]/u.exec(name)?.[0];
  if (found === undefined) return undefined;
  const code = `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `it has ${/^\S$/u.test(found) ? `"${found}" (${code})` : `whitespace (${code})`}, which is not an ASCII letter, digit or underscore`;
}

/** Why `name` is not a valid plain (undotted) object or field name on `crm`, or undefined when it is. */
function plainProblem(crm: Crm, kind: IdentifierKind, name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > MAX_IDENTIFIER_LENGTH) return `it is longer than ${String(MAX_IDENTIFIER_LENGTH)} characters`;
  if (crm === 'salesforce') {
    if (SALESFORCE_NAME.test(name)) return undefined;
    const bad = badCharacter(name);
    if (bad !== undefined) return bad;
    if (!/^[A-Za-z]/.test(name)) return 'it does not start with a letter';
    return 'it has a double or trailing underscore outside the namespace__Name__c form';
  }
  if ((kind === 'object' ? SUGAR_MODULE : SUGAR_FIELD).test(name)) return undefined;
  const bad = badCharacter(name);
  if (bad !== undefined) return bad;
  return kind === 'object' ? 'it does not start with a letter' : 'it does not start with a letter or underscore';
}

/**
 * Why `name` is not a valid object or field name under the CRM's naming rules, or undefined when it is
 * one. A field may be a dotted path through parent records (`Account.Name`, `accounts.name`), each part a
 * name. Every name the journey file gives is checked with it before it can reach SOQL or a Sugar filter.
 *
 * @example
 * identifierProblem('salesforce', 'field', 'Name FROM Account'); // 'it has U+0020, which is not an ASCII letter, ...'
 */
export function identifierProblem(crm: Crm, kind: IdentifierKind, name: string): string | undefined {
  if (kind === 'object') return plainProblem(crm, kind, name);
  if (name.length > MAX_IDENTIFIER_LENGTH * 5) return 'it is too long';
  for (const part of name.split('.')) {
    const problem = plainProblem(crm, kind, part);
    if (problem !== undefined) return name.includes('.') ? `"${part}" is not a name: ${problem}` : problem;
  }
  return undefined;
}

/** The fix every identifier error proposes, for a CRM. */
export function identifierFix(crm: Crm, kind: IdentifierKind): string {
  return crm === 'salesforce'
    ? kind === 'object'
      ? "Use the object's API name from Setup (letters, digits and underscores, e.g. Invoice__c)."
      : "Use the field's API name from Setup (letters, digits and underscores, e.g. Account__c); dots only between parent fields (Account.Name)."
    : `Use the ${kind === 'object' ? "module's" : "field's"} name from Studio (letters, digits and underscores, e.g. ${kind === 'object' ? 'Accounts' : 'account_id_c'}).`;
}

/**
 * Throws unless every name is a valid identifier on `crm`: the last guard before a name is pasted into
 * a query. Journey validation refuses bad names with their position; this only fires on a bug or on a
 * journey that skipped validation.
 */
export function assertIdentifiers(crm: Crm, kind: IdentifierKind, names: Iterable<string>): void {
  for (const name of names) {
    const problem = identifierProblem(crm, kind, name);
    if (problem !== undefined)
      throw new ConnectorError(
        'JOURNEY_INVALID',
        `Refusing to query with ${JSON.stringify(name)} as ${kind === 'object' ? 'an object' : 'a field'} name: ${problem}.`,
        { actions: [identifierFix(crm, kind), 'Run `crm-journey validate` on the journey file.'] },
      );
  }
}
