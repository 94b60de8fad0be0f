// The Module Loadable Package `crm-journey package sugarcrm` writes: manifest.php with the journey fields
// as `custom_fields` (Sugar's cookbook "Creating an Installable Package that Creates New Fields"), their
// labels as module language files, and `copy` entries for the record-view dashlet, its JSGroupings and
// label extensions, the panel's open-shadow bundle and the journeys' stages. Only file types Sugar's
// Package Scanner accepts (php, js, hbs); no json, svg or map files.
import { sugarcrmProfile, type JourneyDefinition } from '@crm-journey/connector';
import { panelLocaleScripts } from '@crm-journey/journey-panel/assets';
import { strToU8, zipSync } from 'fflate';
import { journeyStagesScript } from '../panel/journey-stages-script.ts';
import { phpLiteral, phpString, type PhpValue } from './php-literal.ts';

/** The package id Module Loader tracks installs and upgrades by. */
const SUGAR_PACKAGE_ID = 'crm_journey';
/** Modules that get the journey fields when no journey is named. */
const DEFAULT_SUGAR_MODULES = ['Accounts', 'Contacts', 'Leads'] as const;
/** Modules whose records carry action keys. */
const SUGAR_ACTIVITY_MODULES = ['Tasks', 'Calls', 'Meetings'] as const;

/** What the package is built from. */
export interface SugarPackageInput {
  readonly journeys: readonly JourneyDefinition[];
  /** `cj-journey-panel.iife.js` (open shadow root). */
  readonly panelBundle: Uint8Array;
  /** The files under `hosts/sugarcrm/custom/`, keyed by their path below it. */
  readonly hostFiles: ReadonlyMap<string, Uint8Array>;
  /** The package version (semver). */
  readonly version: string;
  /** Shown as the published date; default now. */
  readonly now?: number;
}

/** One custom field the package installs. */
export interface SugarFieldDefinition {
  readonly module: string;
  readonly name: string;
  readonly type: 'varchar' | 'datetime' | 'text';
  readonly label: string;
  readonly labelText: string;
}

/** The zip and what is in it. */
export interface SugarPackage {
  readonly zip: Uint8Array;
  readonly files: Readonly<Record<string, Uint8Array>>;
  readonly fields: readonly SugarFieldDefinition[];
}

const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

/** The modules that get the journey fields: each journey's root and Leads. */
function journeyModules(journeys: readonly JourneyDefinition[]): string[] {
  if (journeys.length === 0) return [...DEFAULT_SUGAR_MODULES];
  const modules = new Set<string>();
  for (const journey of journeys) modules.add(journey.root).add(journey.profile.lead.object);
  return [...modules].sort();
}

/** The journey fields per module and the action key on every activity module. */
function sugarFieldDefinitions(journeys: readonly JourneyDefinition[]): SugarFieldDefinition[] {
  const { stage, enteredAt, state } = sugarcrmProfile.journeyFields;
  const journeyFields = [
    { name: stage, type: 'varchar', label: 'LBL_JOURNEY_STAGE', labelText: 'Journey Stage' },
    { name: enteredAt, type: 'datetime', label: 'LBL_JOURNEY_STAGE_ENTERED', labelText: 'Journey Stage Entered' },
    { name: state, type: 'text', label: 'LBL_JOURNEY_STATE', labelText: 'Journey State' },
  ] as const;
  const key = {
    name: sugarcrmProfile.actionKeyField,
    type: 'varchar',
    label: 'LBL_JOURNEY_ACTION_KEY',
    labelText: 'Journey Action Key',
  } as const;
  return [
    ...journeyModules(journeys).flatMap((module) => journeyFields.map((field) => ({ module, ...field }))),
    ...SUGAR_ACTIVITY_MODULES.map((module) => ({ module, ...key })),
  ];
}

function customField(field: SugarFieldDefinition): PhpValue {
  return {
    name: field.name,
    label: field.label,
    type: field.type,
    module: field.module,
    help: '',
    comment: 'Written by the crm-journey sync service.',
    default_value: '',
    ...(field.type === 'varchar' ? { max_size: 255 } : {}),
    required: false,
    reportable: true,
    audited: false,
    importable: 'true',
    duplicate_merge: false,
    mass_update: false,
  };
}

function publishedDate(now: number): string {
  return new Date(now).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Builds the Module Loadable Package zip (manifest.php at its root).
 *
 * @example
 * const { zip } = buildSugarPackage({ journeys, panelBundle, hostFiles, version: '0.1.0' });
 */
export function buildSugarPackage(input: SugarPackageInput): SugarPackage {
  const files: Record<string, Uint8Array> = {};
  const copy: PhpValue[] = [];
  const ship = (target: string, bytes: Uint8Array): void => {
    files[`files/${target}`] = bytes;
    copy.push({ from: `<basepath>/files/${target}`, to: target });
  };
  for (const [path, bytes] of input.hostFiles) ship(`custom/${path}`, bytes);
  ship('custom/include/javascript/cj-journey-panel.js', input.panelBundle);
  ship('custom/include/javascript/cj-journey-stages.js', strToU8(journeyStagesScript(input.journeys)));
  // Not in the JS grouping: the dashlet adds the user's language's script to the page when it needs it.
  for (const [file, text] of Object.entries(panelLocaleScripts())) {
    ship(`custom/include/javascript/${file}`, strToU8(text));
  }
  const fields = sugarFieldDefinitions(input.journeys);
  const language: PhpValue[] = [];
  for (const module of [...new Set(fields.map((field) => field.module))]) {
    const path = `files/language/${module}/en_us.crm-journey.php`;
    const lines = fields
      .filter((field) => field.module === module)
      .map((field) => `$mod_strings[${phpString(field.label)}] = ${phpString(field.labelText)};`);
    files[path] = strToU8(`<?php\n// Labels of the crm-journey fields on ${module}.\n${lines.join('\n')}\n`);
    language.push({ from: `<basepath>/${path}`, to_module: module, language: 'en_us' });
  }
  const manifest: PhpValue = {
    key: SUGAR_PACKAGE_ID,
    name: 'crm-journey',
    description: 'Customer journey fields and the "Customer journey" record-view dashlet (crm-journey).',
    author: 'crm-journey',
    version: input.version,
    published_date: publishedDate(input.now ?? Date.now()),
    type: 'module',
    is_uninstallable: true,
    acceptable_sugar_versions: { exact_matches: [], regex_matches: ['^(1[3-9]|2[0-9])\\..*$'] },
    acceptable_sugar_flavors: ['PRO', 'ENT', 'ULT'],
    icon: '',
    readme: '',
  };
  const installdefs: PhpValue = {
    id: SUGAR_PACKAGE_ID,
    copy,
    language,
    custom_fields: fields.map(customField),
  };
  files['manifest.php'] = strToU8(
    [
      '<?php',
      '// crm-journey: the journey fields and the "Customer journey" dashlet. Built by `crm-journey package sugarcrm`.',
      `$manifest = ${phpLiteral(manifest)};`,
      '',
      `$installdefs = ${phpLiteral(installdefs)};`,
      '',
    ].join('\n'),
  );
  const ordered = Object.fromEntries(
    Object.keys(files)
      .sort()
      .map((path) => [path, files[path] as Uint8Array]),
  );
  return { zip: zipSync(ordered, { mtime: FIXED_MTIME }), files: ordered, fields };
}
