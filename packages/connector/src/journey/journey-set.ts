import type { CrmProfile } from '../profiles/crm-profile.ts';
import type { Diagnostic, DiagnosticList } from '../source/diagnostic.ts';
import { parseSource } from '../source/parse-source.ts';
import type { JourneyDefinition } from './journey-definition.ts';
import { applyJourneySetRules, type SetMember } from './journey-set-rules.ts';
import { validateJourney, type ValidateJourneyOptions } from './validate-journey.ts';

/** Several journeys run together on one org; each customer belongs to at most one. */
export interface JourneySetDefinition {
  /**
   * In order: a customer belongs to the first whose entry holds (a journey without entry takes all) among
   * the journeys on its root (leads: among all).
   */
  readonly journeys: readonly JourneyDefinition[];
  readonly profile: CrmProfile;
  /** The root of the set: the account root when a journey of the set has it. */
  readonly root: string;
  /** With journeys on both roots: the contact root, whose customers are contacts without an account. */
  readonly contactRoot?: string | undefined;
}

/** A journey file's text and name, as given to {@link validateJourneySet}. */
export interface JourneySetFile {
  readonly text: string;
  readonly file: string;
}

/** Validation of a set: every file's diagnostics, then the set's; `set` when there are no errors. */
export interface JourneySetValidationResult extends DiagnosticList {
  readonly set?: JourneySetDefinition;
}

/** A set of one journey: what a single `--journey` runs as. */
export function singleJourneySet(journey: JourneyDefinition): JourneySetDefinition {
  return { journeys: [journey], profile: journey.profile, root: journey.root };
}

/**
 * Validates several journey files as one set: each file on its own (see `validateJourney`), then the
 * set's rules (one CRM, one root, unique ids and orders, entries that can all be reached). Never throws
 * for bad input.
 *
 * @example
 * const { errors, set } = validateJourneySet([{ text: b2b, file: 'b2b.yaml' }, { text: b2c, file: 'b2c.yaml' }]);
 */
export function validateJourneySet(
  files: readonly JourneySetFile[],
  options: ValidateJourneyOptions = {},
): JourneySetValidationResult {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const members: SetMember[] = [];
  for (const { text, file } of files) {
    const result = validateJourney(text, file, options);
    errors.push(...result.errors);
    warnings.push(...result.warnings);
    const document = parseSource(text, file).document;
    if (result.journey && document) members.push({ journey: result.journey, document });
  }
  if (errors.length > 0 || members.length === 0) return { errors, warnings };
  const checked = checkJourneySet(members);
  return { ...checked, errors: [...errors, ...checked.errors], warnings: [...warnings, ...checked.warnings] };
}

/**
 * Applies the set's rules to journeys already valid one by one (e.g. each checked against the org by
 * `CrmConnector.checkJourney`); `document` gives the positions of the set's findings.
 *
 * @example
 * const { set } = checkJourneySet(checked.map((c, i) => ({ journey: c.journey, document: parseSource(texts[i], files[i]).document })));
 */
export function checkJourneySet(members: readonly SetMember[]): JourneySetValidationResult {
  const diagnostics: Diagnostic[] = [];
  const sorted = applyJourneySetRules(members, diagnostics);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  const [first] = sorted;
  if (errors.length > 0 || first === undefined) return { errors, warnings };
  const journeys = sorted.map((member) => member.journey);
  const { profile } = first.journey;
  const roots = new Set(journeys.map((journey) => journey.root));
  const [accountRoot = first.journey.root, contactRoot] = profile.customerRoots;
  if (roots.size === 1) return { errors, warnings, set: { journeys, profile, root: first.journey.root } };
  return { errors, warnings, set: { journeys, profile, root: accountRoot, contactRoot } };
}
