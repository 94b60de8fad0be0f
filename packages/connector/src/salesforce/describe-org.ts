// Describes the objects a journey needs, once per connector: describeGlobal for what exists, then one
// describe per needed object, never the whole org; with a describe cache, once per day and org.
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import type { DescribeCache } from './describe-cache.ts';
import type { FullDescribe } from './full-describe.ts';
import { journeyObjects } from './journey-objects.ts';
import type { SalesforceClient } from './salesforce-client.ts';

/** The cached describe calls of one connector. */
export interface OrgDescriber {
  objectNames(): Promise<ReadonlySet<string>>;
  describe(object: string): Promise<FullDescribe | undefined>;
  /** The journey's objects (and their history objects) that the org has. */
  describeJourney(journey: JourneyDefinition): Promise<ReadonlyMap<string, FullDescribe>>;
  /** Whether a describe came from the disk cache since the last {@link OrgDescriber.forget}. */
  usedDiskCache(): boolean;
  /** Forgets every describe (memory and disk) but the object list: the next ones are fetched again. */
  forget(): Promise<void>;
}

/**
 * Creates a describer that caches per connector (describe results change only with deployments) and,
 * given a disk cache, across runs.
 */
export function createOrgDescriber(client: SalesforceClient, disk?: DescribeCache): OrgDescriber {
  let names: Promise<ReadonlySet<string>> | undefined;
  const cache = new Map<string, Promise<FullDescribe | undefined>>();
  let fromDisk = false;
  const fetchDescribe = async (object: string): Promise<FullDescribe | undefined> => {
    const saved = await disk?.get(object);
    if (saved) {
      fromDisk = true;
      return saved;
    }
    const found = await client.send<FullDescribe>(
      { method: 'GET', url: `/sobjects/${object}/describe` },
      `describing ${object}`,
    );
    await disk?.set(object, found);
    return found;
  };
  const describer: OrgDescriber = {
    usedDiskCache: () => fromDisk,
    async forget() {
      cache.clear();
      fromDisk = false;
      await disk?.clear();
    },
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
        found = fetchDescribe(object);
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
