import type { FieldType } from './crm-profile.ts';
import type { Crm } from './crm-schema.ts';

/** What validation knows about a CRM's objects: the bundled catalogue, or an org's describe results. */
export interface ObjectCatalog {
  objectNames(): Iterable<string>;
  /** Fields of an object; undefined when the object is not known (custom objects without `--org`). */
  fields(object: string): Readonly<Record<string, FieldType>> | undefined;
  /** Allowed values of a picklist field, when known. */
  picklist(object: string, field: string): readonly string[] | undefined;
  /** True when the name is a custom object or field that the catalogue cannot know. */
  isCustom(name: string): boolean;
  /** Whether the catalogue is an org's real metadata (unknown picklist values are then errors). */
  readonly authoritative: boolean;
  /**
   * The rule `isCustom` follows, as data, so the catalogue can be copied to a worker thread: a CRM's
   * naming rule for custom names, or `none` (an org's catalogue knows its custom names).
   */
  readonly customNames: Crm | 'none';
}
