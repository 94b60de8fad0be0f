// The Metadata API package `crm-journey install salesforce` deploys, in the mdapi layout that
// `deploy()` takes (custom fields inside `objects/<Object>.object`; the SFDX source layout of
// `objects/<Object>/fields/*.field-meta.xml` is what the sf CLI converts from, not what the API reads):
// the journey fields on every customer root and Lead, the Task/Event action key (an Activity field: one
// definition that both activity objects get), the Crm_Journey permission set with read/edit on them, the
// cjJourneyPanel static resource (a zip of the panel bundle and the journeys' stages) and the
// cjJourneyPanelHost LWC. Built deterministically, so the same inputs give the same bytes and a second
// deploy changes nothing.
import { salesforceProfile, type JourneyDefinition } from '@crm-journey/connector';
import { panelLocaleScripts } from '@crm-journey/journey-panel/assets';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { journeyStagesScript } from '../panel/journey-stages-script.ts';
import { metadataXml, type XmlElement } from './metadata-xml-file.ts';

/** The permission set the install creates; assign it to everyone who uses the panel. */
export const PERMISSION_SET = 'Crm_Journey';
/** The static resource and the LWC bundle (names the LWC's imports depend on). */
export const STATIC_RESOURCE = 'cjJourneyPanel';
export const LWC_BUNDLE = 'cjJourneyPanelHost';
/** Roots the package covers when no journey is named: every root a journey can have, plus Lead. */
const DEFAULT_JOURNEY_OBJECTS = ['Account', 'Contact', 'Lead'] as const;

/** What the package is built from. */
export interface SalesforcePackageInput {
  /** The journeys whose roots get the journey fields and whose stages go into the static resource. */
  readonly journeys: readonly JourneyDefinition[];
  /** `cj-journey-panel.closed.iife.js`. */
  readonly panelBundle: Uint8Array;
  /** The SFDX project's `force-app/main/default` files, keyed by path (`lwc/cjJourneyPanelHost/...`). */
  readonly hostFiles: ReadonlyMap<string, Uint8Array>;
  /** package.xml's API version, e.g. `62.0`. */
  readonly apiVersion: string;
}

/** One component of the package. */
export interface PackageMember {
  readonly type: string;
  readonly fullName: string;
}

/** The zip and what is in it. */
export interface SalesforcePackage {
  readonly zip: Uint8Array;
  readonly files: Readonly<Record<string, Uint8Array>>;
  readonly members: readonly PackageMember[];
}

// Zip entries carry a modification time; a fixed one keeps the bytes (and the deploy) the same run to run.
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

const description = (text: string): string => `${text} Installed by crm-journey; written by its sync service.`;

/** The CustomField definitions of the journey fields, in the order they are deployed. */
/** A CustomField definition: `<fields>` of a CustomObject file. */
type FieldElement = XmlElement & { readonly fullName: string };

function journeyFieldElements(): FieldElement[] {
  const { stage, enteredAt, state } = salesforceProfile.journeyFields;
  return [
    {
      fullName: stage,
      description: description('The id of the journey stage the customer is in.'),
      externalId: false,
      label: 'Journey Stage',
      length: 255,
      required: false,
      trackHistory: false,
      type: 'Text',
      unique: false,
    },
    {
      fullName: enteredAt,
      description: description('When the customer entered the current journey stage.'),
      externalId: false,
      label: 'Journey Stage Entered',
      required: false,
      trackHistory: false,
      type: 'DateTime',
    },
    {
      fullName: state,
      description: description("The customer's journey state (JSON) that the record-page panel shows."),
      externalId: false,
      label: 'Journey State',
      length: 131072,
      trackHistory: false,
      type: 'LongTextArea',
      visibleLines: 3,
    },
  ];
}

function actionKeyElement(): FieldElement {
  return {
    fullName: salesforceProfile.actionKeyField,
    caseSensitive: true,
    description: description('The next action this task was created for; unique so a retry never duplicates it.'),
    externalId: true,
    label: 'Journey Action Key',
    length: 255,
    required: false,
    type: 'Text',
    unique: true,
  };
}

/** The objects that get the journey fields: each journey's root and Lead (the default roots without journeys). */
function journeyObjects(journeys: readonly JourneyDefinition[]): string[] {
  if (journeys.length === 0) return [...DEFAULT_JOURNEY_OBJECTS];
  const objects = new Set<string>();
  for (const journey of journeys) objects.add(journey.root).add(journey.profile.lead.object);
  return [...objects].sort();
}

/**
 * Builds the deploy zip (package.xml at its root, for `singlePackage`).
 *
 * @example
 * const { zip } = buildSalesforcePackage({ journeys, panelBundle, hostFiles, apiVersion: '62.0' });
 */
export function buildSalesforcePackage(input: SalesforcePackageInput): SalesforcePackage {
  const files: Record<string, Uint8Array> = {};
  const fields: string[] = [];
  for (const object of journeyObjects(input.journeys)) {
    const elements = journeyFieldElements();
    files[`objects/${object}.object`] = strToU8(metadataXml('CustomObject', { fields: elements }));
    fields.push(...elements.map((element) => `${object}.${element.fullName}`));
  }
  const actionKey = actionKeyElement();
  files['objects/Activity.object'] = strToU8(metadataXml('CustomObject', { fields: [actionKey] }));
  fields.push(`Activity.${actionKey.fullName}`);
  files[`permissionsets/${PERMISSION_SET}.permissionset`] = strToU8(
    metadataXml('PermissionSet', {
      description: 'Read and edit the crm-journey fields: journey stage, stage entry, journey state, action key.',
      fieldPermissions: [...fields].sort().map((field) => ({ editable: true, field, readable: true })),
      hasActivationRequired: false,
      label: 'Crm Journey',
    }),
  );
  const resource: Zippable = {
    'cj-journey-panel.js': input.panelBundle,
    'cj-journey-stages.js': strToU8(journeyStagesScript(input.journeys)),
    // One script per language besides English: the host loads the user's only (`@salesforce/i18n/lang`).
    ...Object.fromEntries(Object.entries(panelLocaleScripts()).map(([file, text]) => [file, strToU8(text)])),
  };
  files[`staticresources/${STATIC_RESOURCE}.resource`] = zipSync(resource, { mtime: FIXED_MTIME, level: 9 });
  const resourceMeta = input.hostFiles.get(`staticresources/${STATIC_RESOURCE}.resource-meta.xml`);
  if (!resourceMeta)
    throw new Error(`The Salesforce host project lacks staticresources/${STATIC_RESOURCE}.resource-meta.xml.`);
  files[`staticresources/${STATIC_RESOURCE}.resource-meta.xml`] = resourceMeta;
  for (const [path, bytes] of input.hostFiles) {
    if (path.startsWith(`lwc/${LWC_BUNDLE}/`) && !path.includes('/__tests__/')) files[path] = bytes;
  }
  const members: PackageMember[] = [
    ...fields.map((fullName) => ({ type: 'CustomField', fullName })),
    { type: 'LightningComponentBundle', fullName: LWC_BUNDLE },
    { type: 'PermissionSet', fullName: PERMISSION_SET },
    { type: 'StaticResource', fullName: STATIC_RESOURCE },
  ];
  const types = [...new Set(members.map((member) => member.type))].map((name) => ({
    members: members.filter((member) => member.type === name).map((member) => member.fullName),
    name,
  }));
  files['package.xml'] = strToU8(metadataXml('Package', { types, version: input.apiVersion }));
  const ordered = Object.fromEntries(
    Object.keys(files)
      .sort()
      .map((path) => [path, files[path] as Uint8Array]),
  );
  return { zip: zipSync(ordered, { mtime: FIXED_MTIME }), files: ordered, members };
}
