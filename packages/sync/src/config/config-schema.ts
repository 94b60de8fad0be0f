import { z } from 'zod';

/** What a setting takes; the diagnostics word their messages and fixes by it. */
export type ConfigValueKind = 'string' | 'secret' | 'url' | 'duration' | 'count' | 'port' | 'crm' | 'origins';

/** The kind of every setting's schema, for the diagnostics (see {@link configValueKind}). */
const configValueKinds = z.registry<{ kind: ConfigValueKind }>();

/** An `${ENV_VAR}` reference, which `loadConfig` expands when the value is used. */
export const ENV_REFERENCE = /\$\{[A-Za-z_][A-Za-z0-9_]*\}/;

const kinded = <T extends z.ZodType>(schema: T, kind: ConfigValueKind): T => {
  configValueKinds.add(schema, { kind });
  return schema;
};
const wholeNumber = (): z.ZodNumber => z.number().refine(Number.isInteger);

const TextSchema = kinded(z.string().min(1), 'string');
const SecretSchema = kinded(z.string().min(1), 'secret');
// An http(s) URL, or a value that names an environment variable holding one.
const UrlSchema = kinded(z.string().regex(new RegExp(`^https?://\\S+$|${ENV_REFERENCE.source}`)), 'url');
const DurationSchema = kinded(z.string().regex(/^\d+(ms|s|m|h)$/), 'duration');
const CountSchema = kinded(wholeNumber().min(1), 'count');
const PortSchema = kinded(wholeNumber().min(0).max(65_535), 'port');
const CrmSchema = kinded(z.enum(['salesforce', 'sugarcrm']), 'crm');
const OriginsSchema = kinded(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/)), 'origins');

/** Keys only a Salesforce target takes. */
const SALESFORCE_ONLY_KEYS = ['org', 'instanceUrl', 'accessToken'] as const;
/** Keys only a SugarCRM target takes. */
const SUGAR_ONLY_KEYS = ['url', 'user', 'password', 'platform'] as const;

/** One named CRM target: a Salesforce org (sf alias, or instance URL + token) or a SugarCRM instance. */
export const TargetConfigSchema = z.strictObject({
  crm: CrmSchema,
  /** Salesforce: an `sf` CLI alias or username. */
  org: TextSchema.optional(),
  instanceUrl: UrlSchema.optional(),
  accessToken: SecretSchema.optional(),
  /** SugarCRM: site URL, user, password and API platform. */
  url: UrlSchema.optional(),
  user: TextSchema.optional(),
  password: SecretSchema.optional(),
  platform: TextSchema.optional(),
});
/** One named CRM target. */
export type TargetConfig = z.infer<typeof TargetConfigSchema>;

/** Settings used when neither the command line nor the target says otherwise. */
export const DefaultsConfigSchema = z.strictObject({
  target: TextSchema.optional(),
  journey: TextSchema.optional(),
  /** A journey set: several journey files on one root object, run together (instead of `journey`). */
  journeys: z.array(TextSchema).min(1).optional(),
  state: TextSchema.optional(),
  /** A `postgres://` URL (a fleet's shared store) or the state file's path. */
  store: TextSchema.optional(),
  interval: DurationSchema.optional(),
  batchSize: CountSchema.optional(),
});
/** The `defaults:` block. */
export type DefaultsConfig = z.infer<typeof DefaultsConfigSchema>;

/** The `serve:` block. */
export const ServeConfigSchema = z.strictObject({
  host: TextSchema.optional(),
  port: PortSchema.optional(),
  token: SecretSchema.optional(),
  corsOrigins: OriginsSchema.optional(),
  bodyLimit: CountSchema.optional(),
  /** With a PostgreSQL store: seconds a silent node keeps its jobs before another takes them (at least 10). */
  leaseSeconds: CountSchema.optional(),
  /** With a PostgreSQL store: customers per read partition; a run of more is read by several nodes. */
  partitionSize: CountSchema.optional(),
});
/** The `serve:` block. */
export type ServeConfig = z.infer<typeof ServeConfigSchema>;

/** One (target, journey) a fleet keeps in sync, with its interval. */
export const SyncConfigSchema = z.strictObject({
  /** Names the sync in jobs, logs and `crm-journey status`; default `<target>/<journey file>`. */
  name: TextSchema.optional(),
  target: TextSchema,
  /** One journey file, or `journeys`: a journey set on one root object, read once per run (give one of the two). */
  journey: TextSchema.optional(),
  journeys: z.array(TextSchema).min(1).optional(),
  interval: DurationSchema.optional(),
  batchSize: CountSchema.optional(),
});
/** One entry of `syncs:`. */
export type SyncConfig = z.infer<typeof SyncConfigSchema>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A rule's finding, which the diagnostics turn into an error at `path`. */
export interface ConfigRuleParams {
  readonly rule: string;
  readonly fix: string;
  readonly at: 'key' | 'value';
}

function addRuleIssue(
  ctx: z.RefinementCtx,
  path: (string | number)[],
  message: string,
  params: ConfigRuleParams,
): void {
  ctx.addIssue({ code: 'custom', path, message, params: { ...params } });
}

// Rules across keys run even when a key's value is wrong (`when`), so one pass reports every mistake.
const always = { when: () => true };

/** The named targets, with the rules a target's CRM sets: its own keys, and the ones it cannot do without. */
const TargetsConfigSchema = z.record(z.string(), TargetConfigSchema).superRefine((targets, ctx) => {
  if (!isRecord(targets)) return;
  for (const [name, target] of Object.entries(targets as Record<string, unknown>)) {
    if (!isRecord(target)) continue;
    const crm = target['crm'];
    if (crm !== 'salesforce' && crm !== 'sugarcrm') continue;
    for (const key of (crm === 'salesforce' ? SUGAR_ONLY_KEYS : SALESFORCE_ONLY_KEYS).filter((k) => k in target))
      addRuleIssue(ctx, [name, key], `${key} does not apply to a ${crm} target.`, {
        rule: 'wrong-crm',
        at: 'key',
        fix:
          crm === 'salesforce'
            ? 'Salesforce targets take org, or instanceUrl and accessToken.'
            : 'SugarCRM targets take url, user, password and platform.',
      });
    if (crm === 'sugarcrm' && target['url'] === undefined)
      addRuleIssue(ctx, [name], `SugarCRM target "${name}" has no url.`, {
        rule: 'missing-key',
        at: 'key',
        fix: 'Add url: https://<your instance>.',
      });
    if (crm === 'salesforce' && target['org'] === undefined && target['instanceUrl'] === undefined)
      addRuleIssue(ctx, [name], `Salesforce target "${name}" has neither org nor instanceUrl.`, {
        rule: 'missing-key',
        at: 'key',
        fix: 'Add org: <sf alias>, or instanceUrl and accessToken.',
      });
  }
}, always);

/**
 * `crm-journey.config.yaml`: `defaults`, named `targets`, `serve` and the fleet's `syncs`; string values
 * may hold `${ENV_VAR}` references. `defaults.target` and every sync's target must name one of the targets.
 */
export const ConfigFileSchema = z
  .strictObject({
    defaults: DefaultsConfigSchema.optional(),
    // `targets:` with nothing under it is no targets.
    targets: TargetsConfigSchema.nullish(),
    serve: ServeConfigSchema.optional(),
    syncs: z.array(SyncConfigSchema).optional(),
  })
  .superRefine((file, ctx) => {
    if (!isRecord(file)) return;
    const target = isRecord(file.defaults) ? file.defaults.target : undefined;
    const targets: unknown = file.targets ?? {};
    const names = new Set<string>();
    for (const [index, sync] of (Array.isArray(file.syncs) ? (file.syncs as unknown[]) : []).entries()) {
      if (!isRecord(sync)) continue;
      if (typeof sync['target'] === 'string' && isRecord(targets) && !(sync['target'] in targets))
        addRuleIssue(ctx, ['syncs', index, 'target'], `no target named "${sync['target']}".`, {
          rule: 'unknown-target',
          at: 'value',
          fix: `Define it under targets, or name one of: ${Object.keys(targets).join(', ') || '(none defined)'}.`,
        });
      if ((sync['journey'] === undefined) === (sync['journeys'] === undefined))
        addRuleIssue(
          ctx,
          ['syncs', index],
          sync['journey'] === undefined ? 'a sync names no journey.' : 'a sync names both journey and journeys.',
          {
            rule: 'sync-journey',
            at: 'key',
            fix: 'Give journey: <file> for one journey, or journeys: [<file>, <file>] for a journey set, not both.',
          },
        );
      const journeys = Array.isArray(sync['journeys']) ? sync['journeys'].map(String).join('+') : undefined;
      const name =
        typeof sync['name'] === 'string'
          ? sync['name']
          : `${String(sync['target'])}/${journeys ?? String(sync['journey'])}`;
      if (names.has(name))
        addRuleIssue(ctx, ['syncs', index], `a second sync named "${name}" (the same target and journey twice?).`, {
          rule: 'duplicate-sync',
          at: 'key',
          fix: 'List each target and journey once, or give each entry its own name.',
        });
      names.add(name);
    }
    if (typeof target === 'string' && isRecord(targets) && !(target in targets))
      addRuleIssue(ctx, ['defaults', 'target'], `no target named "${target}".`, {
        rule: 'unknown-target',
        at: 'value',
        fix: `Define it under targets, or name one of: ${Object.keys(targets).join(', ') || '(none defined)'}.`,
      });
  }, always);

/** The kind of a setting's schema, or undefined for a block or an unknown key. */
export function configValueKind(schema: z.ZodType | undefined): ConfigValueKind | undefined {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  return inner === undefined ? undefined : configValueKinds.get(inner)?.kind;
}
