import type { CrmConnector, JourneySetDefinition } from '@crm-journey/connector';
import { apiError, type ApiErrorBody } from './api-error.ts';

/** Where one served (target, journey) keeps its state, and the org to explain its customers against. */
export interface ServedState {
  readonly connector: CrmConnector;
  readonly set: JourneySetDefinition;
  /** The store's scope, `<target>|<journey id>[+<journey id>…]`. */
  readonly scope: string;
}

/** One (target, journey) the API answers for: a `syncs:` entry, or the node's own target and journey. */
export interface ServedSync {
  /** The sync's name (`syncs[].name`, default `<target>/<journey file>`). */
  readonly name: string;
  /** The names `?target=` matches: the config's target name, or the CRM's address (`salesforce:https://…`). */
  readonly targets: readonly string[];
  /** The journey ids of the sync (several for a journey set); `?journey=` matches any, or all joined by `,`. */
  readonly journeys: readonly string[];
  /** Connects (once, shared with the sync's runs) and says the scope of its state. */
  resolve(): Promise<ServedState>;
}

/** The query a customer route selects its (target, journey) by. */
export interface ServedQuery {
  readonly target?: string | undefined;
  readonly journey?: string | undefined;
}

/** The `?target=`/`?journey=` querystring schema of the customer routes; any other key is refused. */
export const servedQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    target: { type: 'string', minLength: 1, maxLength: 512 },
    journey: { type: 'string', minLength: 1, maxLength: 512 },
  },
} as const;

const describe = (sync: ServedSync): string => `target=${sync.targets[0] ?? '?'}&journey=${sync.journeys.join(',')}`;

/** A set's ids as given: `a,b`, or `a+b` as in its scope (which a query string reads as `a b`). */
const setIds = (text: string): string => text.split(/[,+ ]/).join(',');

/**
 * The sync a request means: the one matching `target` and `journey` (either may be left out when the
 * rest is enough); with neither, the only one there is. Otherwise a 400 body that lists the choices.
 *
 * @example
 * const picked = pickServedSync(syncs, request.query);
 * if ('error' in picked) return reply.code(400).send(picked);
 */
export function pickServedSync(syncs: readonly ServedSync[], query: ServedQuery): ServedSync | ApiErrorBody {
  const matching = syncs.filter(
    (sync) =>
      (query.target === undefined || sync.targets.includes(query.target)) &&
      (query.journey === undefined ||
        sync.journeys.includes(query.journey) ||
        sync.journeys.join(',') === setIds(query.journey)),
  );
  const [only] = matching;
  if (only && matching.length === 1) return only;
  const choices = syncs.map((sync) => `?${describe(sync)}`).join(', ');
  if (matching.length === 0) {
    const asked = [
      query.target === undefined ? '' : `target "${query.target}"`,
      query.journey === undefined ? '' : `journey "${query.journey}"`,
    ]
      .filter((part) => part !== '')
      .join(' and ');
    return apiError('UNKNOWN_SYNC', `This deployment syncs no ${asked}; it answers for ${choices}.`);
  }
  return apiError(
    'AMBIGUOUS_SYNC',
    `${matching.length} syncs match; say which with ${matching.map((sync) => `?${describe(sync)}`).join(', ')}.`,
  );
}
