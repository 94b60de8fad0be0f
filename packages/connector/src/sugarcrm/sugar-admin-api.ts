// What the admin commands (`crm-journey init`, `crm-journey doctor`) read from a Sugar instance beyond a
// sync's needs: the dropdowns (app_list_strings), the modules' fields and the logged-in user.
import { createSugarClient } from './sugar-client.ts';
import { readSugarMetadata, type SugarModuleMetadata } from './sugar-metadata.ts';
import { resolveSugarOptions, type SugarConnectOptions } from './sugar-options.ts';

/** Read-only access to a Sugar instance for admin commands. */
export interface SugarAdminApi {
  readonly url: string;
  /** Every dropdown by name (`sales_stage_dom`, `sales_probability_dom`, ...): key to label. */
  dropdowns(): Promise<Readonly<Record<string, Readonly<Record<string, string>>>>>;
  /** The modules with their fields and picklists. */
  modules(): Promise<ReadonlyMap<string, SugarModuleMetadata>>;
  /** The logged-in user (`GET /me`). */
  user(): Promise<{ readonly id: string; readonly userName: string; readonly isAdmin: boolean }>;
  /** HTTP calls made so far. */
  calls(): number;
  /** Ends the session. */
  close(): Promise<void>;
}

/**
 * Opens read-only admin access to a Sugar instance, with the same options (and credentials) as `connectSugar`.
 *
 * @example
 * const sugar = await openSugarAdminApi({ url, username, password });
 * const stages = (await sugar.dropdowns())['sales_stage_dom'];
 */
export async function openSugarAdminApi(options: SugarConnectOptions = {}): Promise<SugarAdminApi> {
  const resolved = resolveSugarOptions(options);
  const client = await createSugarClient(resolved);
  return {
    url: resolved.url,
    async dropdowns() {
      const lang = await client.request<{ app_list_strings?: Record<string, unknown> }>('GET', 'lang/en_us');
      const result: Record<string, Record<string, string>> = {};
      for (const [name, value] of Object.entries(lang.app_list_strings ?? {}))
        if (typeof value === 'object' && value !== null) result[name] = value as Record<string, string>;
      return result;
    },
    modules: async () => (await readSugarMetadata(client)).modules,
    async user() {
      const me = await client.request<{ current_user?: { id?: string; user_name?: string; is_admin?: boolean } }>(
        'GET',
        'me',
      );
      return {
        id: me.current_user?.id ?? '',
        userName: me.current_user?.user_name ?? '',
        isAdmin: me.current_user?.is_admin === true,
      };
    },
    calls: () => client.calls,
    close: () => client.logout(),
  };
}
