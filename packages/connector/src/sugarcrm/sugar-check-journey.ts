import type { Diagnostic } from '../source/diagnostic.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import { validateJourney, type JourneyValidationResult } from '../journey/validate-journey.ts';
import { sugarcrmProfile } from '../profiles/sugarcrm-profile.ts';
import type { SugarMetadata } from './sugar-metadata.ts';
import { ownValue } from '../records/own-value.ts';
import { oppsModeWarnings } from './sugar-opps-mode.ts';

const CUSTOMER_MODULES = ['Accounts', 'Contacts', 'Leads'] as const;
const ACTIVITY_MODULES = ['Tasks', 'Calls', 'Meetings'] as const;

/** The `_c` fields the package installs, by module, that are missing from the instance. */
function missingJourneyFields(metadata: SugarMetadata): string[] {
  const { journeyFields, actionKeyField } = sugarcrmProfile;
  const wanted: [string, string][] = [
    ...CUSTOMER_MODULES.flatMap((module) =>
      Object.values(journeyFields).map((field): [string, string] => [module, field]),
    ),
    ...ACTIVITY_MODULES.map((module): [string, string] => [module, actionKeyField]),
  ];
  return wanted
    .filter(([module, field]) => ownValue(metadata.modules.get(module)?.fields, field) === undefined)
    .map(([module, field]) => `${module}.${field}`);
}

/**
 * Validates a journey against the instance's modules, fields and dropdown values, checks that the
 * journey fields of the Module Loadable Package exist, and warns where a condition reads only the deal
 * field of the other opportunity mode (see `oppsModeWarnings`). `validated` is the text's validation
 * against `metadata.catalog` when it was done elsewhere (on a worker thread).
 */
export function checkSugarJourney(
  text: string,
  file: string,
  metadata: SugarMetadata,
  validated?: JourneyValidationResult,
): JourneyValidationResult & { readonly journey?: JourneyDefinition } {
  const checked = validated ?? validateJourney(text, file, { catalog: metadata.catalog });
  const result = checked.journey
    ? {
        ...checked,
        warnings: [...checked.warnings, ...oppsModeWarnings(checked.journey, text, file, metadata.oppsMode)],
      }
    : checked;
  const missing = missingJourneyFields(metadata);
  if (missing.length === 0) return result;
  const diagnostic: Diagnostic = {
    severity: 'error',
    rule: 'journey-fields-missing',
    location: { file, line: 1, column: 1, path: '' },
    message: `the SugarCRM instance lacks the journey fields ${missing.join(', ')}.`,
    fix: 'Install the Module Loadable Package: run `crm-journey package sugarcrm --out crm-journey.zip` and upload the zip in Admin > Module Loader.',
  };
  return { errors: [...result.errors, diagnostic], warnings: result.warnings };
}
