import type { ConditionContext } from '../conditions/condition-context.ts';
import type { ObjectCatalog } from '../profiles/object-catalog.ts';
import { crmProfile } from '../profiles/crm-profiles.ts';
import { profileCatalog } from '../profiles/profile-catalog.ts';
import type { Diagnostic, DiagnosticList } from '../source/diagnostic.ts';
import type { JourneyDefinition } from './journey-definition.ts';
import { applyJourneyRules } from './journey-rules.ts';
import { JourneyFileSchema, type JourneyFile } from './journey-schema.ts';
import { normalizeJourney } from './normalize-journey.ts';
import { parseSource } from '../source/parse-source.ts';
import { schemaIssuesToDiagnostics } from '../source/schema-issues.ts';

/** Options for {@link validateJourney}. */
export interface ValidateJourneyOptions {
  /** An org's real metadata (from `validate --org`); default: the bundled catalogue of standard objects. */
  readonly catalog?: ObjectCatalog;
}

/** Validation results; `journey` is set when there are no errors. */
export interface JourneyValidationResult extends DiagnosticList {
  readonly journey?: JourneyDefinition;
}

/**
 * Validates a journey file: parse -> normalise -> semantic rules. Never throws for bad input:
 * every problem comes back as a diagnostic with `file:line:col`.
 *
 * @example
 * const { errors, warnings, journey } = validateJourney(readFileSync('journey.yaml', 'utf8'), 'journey.yaml');
 */
export function validateJourney(
  text: string,
  file: string,
  options: ValidateJourneyOptions = {},
): JourneyValidationResult {
  const parsed = parseSource(text, file);
  if (!parsed.document) return { errors: parsed.errors, warnings: [] };
  const document = parsed.document;
  const result = JourneyFileSchema.safeParse(document.data);
  if (!result.success) {
    return { errors: schemaIssuesToDiagnostics(JourneyFileSchema, result.error.issues, document), warnings: [] };
  }
  const source = result.data;
  const profile = crmProfile(source.crm);
  const diagnostics: Diagnostic[] = [];
  const context: ConditionContext = {
    document,
    catalog: options.catalog ?? withCustomLinks(profileCatalog(profile), source),
    diagnostics,
    crm: profile.crm,
  };
  const journey = normalizeJourney(source, profile, document, context);
  applyJourneyRules(journey, source, document, diagnostics);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  return errors.length > 0 ? { errors, warnings } : { errors, warnings, journey };
}

function withCustomLinks(catalog: ObjectCatalog, source: JourneyFile): ObjectCatalog {
  const custom = Object.keys(source.customer.links);
  return { ...catalog, objectNames: () => [...catalog.objectNames(), ...custom] };
}
