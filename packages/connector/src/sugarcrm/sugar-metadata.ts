import type { SugarFieldType } from '../conditions/compile-sugar-filter.ts';
import type { ObjectCatalog } from '../profiles/object-catalog.ts';
import { isCustomName, type FieldType } from '../profiles/crm-profile.ts';
import type { SugarClient } from './sugar-client.ts';
import { ownValue } from '../records/own-value.ts';
import { oppsModeOf, type SugarOppsMode } from './sugar-opps-mode.ts';

/** A field as `GET /metadata` describes it (the vardef keys the adapter reads). */
interface SugarVardef {
  readonly type?: string;
  readonly dbType?: string;
  readonly options?: string;
  readonly audited?: boolean;
  readonly source?: string;
}

/** What the adapter knows about one module of the instance. */
export interface SugarModuleMetadata {
  readonly fields: Readonly<Record<string, FieldType>>;
  /** Column types, for `compileToSugarFilter`'s `fieldType`. */
  readonly columns: Readonly<Record<string, SugarFieldType>>;
  readonly picklists: Readonly<Record<string, readonly string[]>>;
  readonly audited: ReadonlySet<string>;
}

/** The instance's modules, read once per connection. */
export interface SugarMetadata {
  readonly modules: ReadonlyMap<string, SugarModuleMetadata>;
  /** An authoritative catalogue for `validateJourney`. */
  readonly catalog: ObjectCatalog;
  /** How the instance keeps deals (`opps_view_by`), when its metadata says. */
  readonly oppsMode: SugarOppsMode | undefined;
}

const journeyTypes: Readonly<Record<string, FieldType>> = {
  id: 'id',
  enum: 'picklist',
  radioenum: 'picklist',
  multienum: 'picklist',
  bool: 'boolean',
  int: 'number',
  integer: 'number',
  float: 'number',
  double: 'number',
  decimal: 'number',
  currency: 'number',
  long: 'number',
  date: 'date',
  datetime: 'datetime',
  datetimecombo: 'datetime',
};
// Fields the REST API cannot filter or return as values of their own.
const skipped = new Set(['link', 'relate', 'collection', 'image', 'file']);

function columnOf(type: FieldType): SugarFieldType {
  switch (type) {
    case 'number':
    case 'boolean':
    case 'date':
    case 'datetime':
      return type;
    default:
      return 'text';
  }
}

function moduleMetadata(
  vardefs: Readonly<Record<string, SugarVardef>>,
  dropdowns: Readonly<Record<string, unknown>>,
): SugarModuleMetadata {
  const fields: Record<string, FieldType> = {};
  const columns: Record<string, SugarFieldType> = {};
  const picklists: Record<string, readonly string[]> = {};
  const audited = new Set<string>();
  for (const [name, def] of Object.entries(vardefs)) {
    const type = def.type ?? 'varchar';
    if (skipped.has(type)) continue;
    const fieldType = journeyTypes[def.dbType ?? type] ?? journeyTypes[type] ?? 'string';
    fields[name] = fieldType;
    columns[name] = columnOf(fieldType);
    if (def.audited === true) audited.add(name);
    const options = def.options === undefined ? undefined : dropdowns[def.options];
    if (typeof options === 'object' && options !== null)
      picklists[name] = Object.keys(options).filter((key) => key !== '');
  }
  return { fields, columns, picklists, audited };
}

/**
 * Reads modules, fields, types, dropdown values and the opportunity mode (`GET /metadata?type_filter=modules`,
 * `GET /lang/en_us`).
 *
 * @example
 * const { catalog } = await readSugarMetadata(client);
 * validateJourney(text, file, { catalog });
 */
export async function readSugarMetadata(client: SugarClient): Promise<SugarMetadata> {
  const metadata = await client.request<{
    modules?: Record<string, { fields?: Record<string, SugarVardef>; config?: { opps_view_by?: unknown } }>;
  }>('GET', 'metadata?type_filter=modules');
  const lang = await client.request<{ app_list_strings?: Record<string, unknown> }>('GET', 'lang/en_us');
  const dropdowns = lang.app_list_strings ?? {};
  const modules = new Map<string, SugarModuleMetadata>();
  for (const [name, module] of Object.entries(metadata.modules ?? {})) {
    if (name.startsWith('_')) continue;
    modules.set(name, moduleMetadata(module.fields ?? {}, dropdowns));
  }
  const catalog: ObjectCatalog = {
    authoritative: true,
    customNames: 'sugarcrm',
    objectNames: () => modules.keys(),
    fields: (object) => modules.get(object)?.fields,
    picklist: (object, field) => ownValue(modules.get(object)?.picklists, field),
    isCustom: (name) => isCustomName('sugarcrm', name),
  };
  // The Opportunities module's settings, where Sugar's own client reads the mode.
  const oppsMode = oppsModeOf(metadata.modules?.['Opportunities']?.config?.opps_view_by);
  return { modules, catalog, oppsMode };
}
