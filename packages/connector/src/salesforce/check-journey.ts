// `checkJourney`: the journey validated against the org's describe, plus the fields the product
// writes (installed by `crm-journey install salesforce`).
import type { CheckJourneyOptions } from '../connector/crm-connector.ts';
import type { Diagnostic, DiagnosticList } from '../source/diagnostic.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import { validateJourney } from '../journey/validate-journey.ts';
import type { OrgDescriber } from './describe-org.ts';
import { orgCatalog } from './org-catalog.ts';
import { salesforceProfile } from '../profiles/salesforce-profile.ts';
import { isConnectorError } from '../errors/connector-error.ts';
import { planRead, type DescribedObject } from './read-plan.ts';

const INSTALL_FIX = 'Run `crm-journey install salesforce --org <alias>` to deploy the journey fields.';

function missingField(file: string, message: string): Diagnostic {
  return {
    severity: 'error',
    rule: 'journey-fields-missing',
    location: { file, line: 1, column: 1, path: '' },
    message,
    fix: INSTALL_FIX,
  };
}

/** The product's own fields the org lacks: journey fields on the root and Lead, the action key on activities. */
async function missingJourneyFields(describer: OrgDescriber, file: string, root: string): Promise<Diagnostic[]> {
  const profile = salesforceProfile;
  const out: Diagnostic[] = [];
  for (const object of new Set([root, profile.lead.object])) {
    const fields = new Set((await describer.describe(object))?.fields.map((field) => field.name));
    const missing = Object.values(profile.journeyFields).filter((field) => !fields.has(field));
    if (missing.length > 0) out.push(missingField(file, `${object} has no ${missing.join(', ')}.`));
  }
  for (const object of new Set(Object.values(profile.activityObjects))) {
    const key = (await describer.describe(object))?.fields.find((field) => field.name === profile.actionKeyField);
    if (!key || key.externalId !== true || key.unique !== true) {
      out.push(
        missingField(
          file,
          key
            ? `${object}.${profile.actionKeyField} must be a unique external ID, or retries could duplicate tasks.`
            : `${object} has no ${profile.actionKeyField} (the unique external ID that keeps tasks from duplicating).`,
        ),
      );
    }
  }
  return out;
}

/**
 * Validates a journey against the org: only the objects the file names are described. Errors found
 * with cached describes are checked again with fresh ones (a field deployed since the cache was filled).
 */
export async function checkSalesforceJourney(
  describer: OrgDescriber,
  text: string,
  file: string,
  options: CheckJourneyOptions = {},
): Promise<DiagnosticList & { readonly journey?: JourneyDefinition }> {
  const result = await checkWith(describer, text, file, options);
  if (result.errors.length === 0 || !describer.usedDiskCache()) return result;
  await describer.forget();
  return checkWith(describer, text, file, options);
}

async function checkWith(
  describer: OrgDescriber,
  text: string,
  file: string,
  options: CheckJourneyOptions,
): Promise<DiagnosticList & { readonly journey?: JourneyDefinition }> {
  const names = await describer.objectNames();
  const profile = salesforceProfile;
  const wanted = new Set([profile.lead.object, ...Object.values(profile.activityObjects)]);
  for (const word of text.match(/[A-Za-z][A-Za-z0-9_]*/g) ?? []) if (names.has(word)) wanted.add(word);
  const described = new Map();
  for (const object of wanted) {
    const found = await describer.describe(object);
    if (found) described.set(object, found);
  }
  const catalog = orgCatalog(names, described);
  const result = options.validate
    ? await options.validate(text, file, catalog)
    : validateJourney(text, file, { catalog });
  const root = result.journey?.root ?? (names.has('Account') ? 'Account' : 'Contact');
  const missing = await missingJourneyFields(describer, file, root);
  // The read also needs the history objects: described now, they are cached with the rest.
  if (result.journey)
    missing.push(...readPlanProblems(result.journey, await describer.describeJourney(result.journey), file));
  if (missing.length === 0) return result;
  const { journey: _journey, ...rest } = result;
  return { ...rest, errors: [...result.errors, ...missing] };
}

// What the read would refuse before sending a query (a field list past the query length budget), said now.
function readPlanProblems(
  journey: JourneyDefinition,
  described: ReadonlyMap<string, DescribedObject>,
  file: string,
): Diagnostic[] {
  try {
    planRead(journey, described, { asOf: Date.now(), history: true });
    return [];
  } catch (error) {
    if (!isConnectorError(error, 'JOURNEY_INVALID')) throw error;
    return [
      {
        severity: 'error',
        rule: 'read-query-too-long',
        location: { file, line: 1, column: 1, path: '' },
        message: error.message,
        fix: error.actions.join(' '),
      },
    ];
  }
}
