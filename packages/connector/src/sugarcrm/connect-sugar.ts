import type { CrmConnector } from '../connector/crm-connector.ts';
import { ConnectorError } from '../errors/connector-error.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import { checkSugarJourney } from './sugar-check-journey.ts';
import { createSugarClient } from './sugar-client.ts';
import { readSugarMetadata, type SugarMetadata } from './sugar-metadata.ts';
import { resolveSugarOptions, type SugarConnectOptions } from './sugar-options.ts';
import { planSugarRead } from './sugar-read-plan.ts';
import { listSugarCustomers, readSugarCustomers } from './sugar-read-customers.ts';
import type { SugarReadContext } from './sugar-read-context.ts';
import { writeSugar } from './sugar-write.ts';

/**
 * Connects to a SugarCRM instance (REST v11, OAuth2 password grant) and returns its {@link CrmConnector}.
 * Credentials come from `options` or `SUGAR_URL`, `SUGAR_USERNAME`, `SUGAR_PASSWORD`, `SUGAR_CLIENT_ID`,
 * `SUGAR_PLATFORM`; they never appear in errors.
 *
 * @example
 * const sugar = await connectSugar({ url: 'https://acme.sugarondemand.com', username, password });
 * for await (const customer of sugar.readCustomers(journey)) evaluate(customer);
 * await sugar.close();
 */
export async function connectSugar(options: SugarConnectOptions = {}): Promise<CrmConnector> {
  const resolved = resolveSugarOptions(options);
  const client = await createSugarClient(resolved);
  let metadata: Promise<SugarMetadata> | undefined;
  const loadMetadata = (): Promise<SugarMetadata> => (metadata ??= readSugarMetadata(client));
  const crmOf = (journey: JourneyDefinition): void => {
    if (journey.profile.crm !== 'sugarcrm') {
      throw new ConnectorError(
        'JOURNEY_INVALID',
        `Journey ${journey.file} is written for ${journey.profile.crm}, not SugarCRM.`,
        {
          actions: ['Use a journey file with `crm: sugarcrm`.'],
        },
      );
    }
  };
  const readContext = async (journey: JourneyDefinition): Promise<SugarReadContext> => {
    crmOf(journey);
    const known = await loadMetadata();
    return {
      client,
      metadata: known,
      plan: planSugarRead(journey, known),
      contactPlan:
        journey.contactRoot === undefined
          ? undefined
          : planSugarRead({ ...journey, root: journey.contactRoot, contactRoot: undefined }, known),
      maxNum: resolved.maxListLimit,
      bulkSize: resolved.bulkSize,
      now: resolved.now,
      watermarkMarginMs: resolved.watermarkMarginMs,
    };
  };
  return {
    crm: 'sugarcrm',
    async checkJourney(text, file, checkOptions = {}) {
      const metadata = await loadMetadata();
      const validated = await checkOptions.validate?.(text, file, metadata.catalog);
      return checkSugarJourney(text, file, metadata, validated);
    },
    async *readCustomers(journey, readOptions = {}) {
      return yield* readSugarCustomers(await readContext(journey), journey, readOptions);
    },
    async listCustomers(journey, listOptions) {
      return listSugarCustomers(await readContext(journey), journey, listOptions);
    },
    async write(journey, writes) {
      crmOf(journey);
      return writeSugar({ client, maxNum: resolved.maxListLimit, attempts: resolved.maxAttempts }, journey, writes);
    },
    async orgId() {
      // Sugar's instance id; an instance that does not send it cannot be told from another.
      const metadata = await client.request<{ server_info?: { site_id?: unknown } }>(
        'GET',
        'metadata?type_filter=server_info',
      );
      const id = metadata.server_info?.site_id;
      return typeof id === 'string' && id !== '' ? id : undefined;
    },
    apiUsage: () => ({ calls: client.calls, used: undefined, limit: undefined }),
    async close() {
      await client.logout();
    },
  };
}
