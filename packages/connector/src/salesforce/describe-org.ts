// Describes the objects a journey needs, once per connector: describeGlobal for what exists, then one
// describe per needed object, never the whole org.
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import { journeyObjects } from './journey-objects.ts';
import type { DescribedObject } from './read-plan.ts';
import type { SalesforceClient } from './salesforce-client.ts';

/** A describe result's fields, as far as this adapter reads them. */
export interface DescribedField {
  readonly name: string;
  readonly type: string;
  readonly externalId?: boolean;
  readonly unique?: boolean;
  readonly picklistValues?: readonly { readonly value: string; readonly active: boolean }[];
}

/** A describe result, as far as this adapter reads it. */
export interface FullDescribe extends DescribedObject {
  readonly fields: readonly DescribedField[];
}

/** The cached describe calls of one connector. */
export interface OrgDescriber {
  objectNames(): Promise<ReadonlySet<string>>;
  describe(object: string): Promise<FullDescribe | undefined>;
  /** The journey's objects (and their history objects) that the org has. */
  describeJourney(journey: JourneyDefinition): Promise<ReadonlyMap<string, FullDescribe>>;
}

/** Creates a describer that caches per connector (describe results change only with deployments). */
export function createOrgDescriber(client: SalesforceClient): OrgDescriber {
  let names: Promise<ReadonlySet<string>> | undefined;
  const cache = new Map<string, Promise<FullDescribe | undefined>>();
  const describer: OrgDescriber = {
    objectNames() {
      names ??= client
        .send<{ sobjects: { name: string }[] }>({ method: 'GET', url: '/sobjects' }, 'listing the org’s objects')
        .then((global) => new Set(global.sobjects.map((object) => object.name)));
      return names;
    },
    async describe(object) {
      const known = await describer.objectNames();
      if (!known.has(object)) return undefined;
      let found = cache.get(object);
      if (!found) {
        found = client.send<FullDescribe>(
          { method: 'GET', url: `/sobjects/${object}/describe` },
          `describing ${object}`,
        );
        cache.set(object, found);
      }
      return found;
    },
    async describeJourney(journey) {
      const wanted = new Set(journeyObjects(journey).keys());
      for (const [name, object] of Object.entries(journey.profile.objects)) {
        if (object.role === 'history' && wanted.has(name.replace(/History$/, ''))) wanted.add(name);
      }
      const out = new Map<string, FullDescribe>();
      for (const object of wanted) {
        const described = await describer.describe(object);
        if (described) out.set(object, described);
      }
      return out;
    },
  };
  return describer;
}
