import { diagnosticAt, didYouMean, parseSource, type Diagnostic, type SourceDocument } from '@crm-journey/connector';
import type { z } from 'zod';
import {
  ConfigFileSchema,
  configValueKind,
  DefaultsConfigSchema,
  ENV_REFERENCE,
  ServeConfigSchema,
  SyncConfigSchema,
  TargetConfigSchema,
  type ConfigRuleParams,
  type ConfigValueKind,
  type DefaultsConfig,
  type ServeConfig,
  type SyncConfig,
  type TargetConfig,
} from './config-schema.ts';

export type { DefaultsConfig, ServeConfig, TargetConfig } from './config-schema.ts';

/** The file name looked for in the working directory when `--config` is not given. */
export const CONFIG_FILE_NAME = 'crm-journey.config.yaml';

/** A validated `crm-journey.config.yaml`; string values may still hold `${ENV_VAR}` references. */
export interface CrmJourneyConfig {
  readonly defaults: DefaultsConfig;
  readonly targets: Readonly<Record<string, TargetConfig>>;
  readonly serve: ServeConfig;
  /** The (target, journey) pairs a fleet keeps in sync; empty when the file lists none. */
  readonly syncs: readonly SyncConfig[];
}

/** The result of {@link parseConfigFile}: the config when there are no errors, and the source to locate values. */
export interface ConfigParseResult {
  readonly config?: CrmJourneyConfig;
  readonly document?: SourceDocument;
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
}

type Path = readonly (string | number)[];

const TOP_LEVEL_KEYS = ['defaults', 'targets', 'serve', 'syncs'];
/** The schema of each block's settings; a target's sit one level deeper, under its name. */
const BLOCKS = {
  defaults: DefaultsConfigSchema,
  serve: ServeConfigSchema,
  targets: TargetConfigSchema,
  syncs: SyncConfigSchema,
} as const;

const WHAT: Readonly<Record<ConfigValueKind, string>> = {
  string: 'a text',
  secret: 'a text (best an ${ENV_VAR} reference)',
  url: 'an http(s) URL',
  duration: 'a duration such as 30s, 5m or 1h',
  count: 'a whole number from 1 up',
  port: 'a port number from 0 to 65535',
  crm: 'salesforce or sugarcrm',
  origins: 'a list of origins such as https://acme.lightning.force.com',
};
const EXAMPLE: Readonly<Record<ConfigValueKind, string>> = {
  string: 'my-value',
  secret: '${MY_SECRET}',
  url: 'https://acme.my.salesforce.com',
  duration: '5m',
  count: '200',
  port: '8787',
  crm: 'salesforce',
  origins: '[https://acme.lightning.force.com]',
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function readAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const part of path)
    value = isRecord(value) ? value[part] : Array.isArray(value) ? (value as unknown[])[Number(part)] : undefined;
  return value;
}

/** Where a setting sits: `[block, key]`, `['targets', name, key]` or `['syncs', index, key]`, with its block's schema. */
function settingAt(path: Path): { path: Path; shape: z.ZodRawShape } | undefined {
  const block = path[0];
  if (block !== 'defaults' && block !== 'serve' && block !== 'targets' && block !== 'syncs') return undefined;
  const depth = block === 'targets' || block === 'syncs' ? 3 : 2;
  return path.length < depth ? undefined : { path: path.slice(0, depth), shape: BLOCKS[block].shape };
}

/** A diagnostic and the path it points at. */
interface Located {
  readonly diagnostic: Diagnostic;
  readonly path: Path;
}

/** Turns one zod issue into the diagnostics the file's users read: what is wrong where, and a fix. */
function issueDiagnostics(issue: z.core.$ZodIssue, document: SourceDocument): Located[] {
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  const error = (at: Path, rule: string, message: string, fix: string, where: 'key' | 'value' = 'value'): Located => ({
    diagnostic: diagnosticAt(document, at, 'error', rule, message, fix, where),
    path: at,
  });
  // The schema's rules across keys carry their diagnostic; a custom check of one value does not.
  if (issue.code === 'custom' && isRecord(issue.params) && typeof issue.params['rule'] === 'string') {
    const params = issue.params as unknown as ConfigRuleParams;
    return [error(path, params.rule, issue.message, params.fix, params.at)];
  }
  if (issue.code === 'unrecognized_keys') {
    const known = path.length === 0 ? TOP_LEVEL_KEYS : Object.keys(settingAt([...path, ''])?.shape ?? {});
    const otherwise =
      path.length === 0
        ? 'The top-level keys are defaults, targets, serve and syncs.'
        : `The keys here are ${known.join(', ')}.`;
    return issue.keys.map((key) =>
      error([...path, key], 'unknown-key', `unknown key "${key}".`, didYouMean(key, known) ?? otherwise, 'key'),
    );
  }
  const setting = settingAt(path);
  const key = setting?.path[setting.path.length - 1];
  const kind = key === undefined ? undefined : configValueKind(setting?.shape[key] as z.ZodType | undefined);
  if (setting && kind !== undefined && typeof key === 'string') {
    if (readAt(document.data, setting.path) === undefined) {
      const owner = setting.path.slice(0, -1);
      return [
        error(
          owner,
          'missing-key',
          `${owner[0] === 'syncs' ? `syncs[${String(owner[1])}]` : `target "${String(owner[1])}"`} has no ${key}.`,
          kind === 'crm' ? `Add ${key}: salesforce or ${key}: sugarcrm.` : `Add ${key}: ${EXAMPLE[kind]}.`,
          'key',
        ),
      ];
    }
    return [
      error(setting.path, 'wrong-value', `${key} must be ${WHAT[kind]}.`, `Write e.g. ${key}: ${EXAMPLE[kind]}.`),
    ];
  }
  if (path.length === 0)
    return [
      error(
        path,
        'wrong-type',
        'the file must be a map with defaults, targets and serve.',
        'See the example in docs/sync.md.',
      ),
    ];
  if (path.length === 1 && path[0] === 'targets')
    return [
      error(
        path,
        'wrong-type',
        'targets must be a map of named targets.',
        'Write e.g. targets: { sandbox: { crm: salesforce, org: my-sandbox } }.',
      ),
    ];
  if (path.length === 1 && path[0] === 'syncs')
    return [
      error(
        path,
        'wrong-type',
        'syncs must be a list of target and journey pairs.',
        'Write e.g. syncs: [{ target: production, journey: journeys/b2b.yaml, interval: 5m }].',
      ),
    ];
  return [error(path, 'wrong-type', `${path.join('.')} must be a map of settings.`, 'Indent its keys under it.')];
}

/**
 * The order the file reads in: top-level keys, defaults, serve, then each target (its settings, then the
 * rules across them), the syncs, and last whether the targets named exist.
 */
function fileOrder(data: Record<string, unknown>): (located: Located) => number[] {
  const indexIn = (value: unknown, key: string | number | undefined): number =>
    isRecord(value) && key !== undefined ? Object.keys(value).indexOf(String(key)) : 0;
  return ({ diagnostic, path }) => {
    if (diagnostic.rule === 'unknown-target') return [4];
    if (path.length === 1 && diagnostic.rule === 'unknown-key') return [0];
    const block = path[0];
    if (block === 'defaults' || block === 'serve') return [block === 'defaults' ? 1 : 2, indexIn(data[block], path[1])];
    if (block === 'syncs') return [3.5, Number(path[1] ?? 0)];
    const name = path[1];
    const rule = diagnostic.rule === 'missing-key' || diagnostic.rule === 'wrong-crm' ? 1 : 0;
    return [
      3,
      indexIn(data['targets'], name),
      rule,
      rule === 1 ? 0 : indexIn(readAt(data, ['targets', name ?? '']), path[2]),
    ];
  };
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** A warning for every secret written into the file instead of an `${ENV_VAR}` reference. */
function literalSecretWarnings(document: SourceDocument, data: Record<string, unknown>): Diagnostic[] {
  const blocks: [Path, unknown][] = [
    [['defaults'], data['defaults']],
    [['serve'], data['serve']],
    ...Object.entries(isRecord(data['targets']) ? data['targets'] : {}).map(([name, target]): [Path, unknown] => [
      ['targets', name],
      target,
    ]),
  ];
  const warnings: Diagnostic[] = [];
  for (const [path, block] of blocks) {
    if (!isRecord(block)) continue;
    const shape = settingAt([...path, ''])?.shape ?? {};
    for (const [key, value] of Object.entries(block)) {
      if (configValueKind(shape[key] as z.ZodType | undefined) !== 'secret') continue;
      if (typeof value !== 'string' || value === '' || ENV_REFERENCE.test(value)) continue;
      const variable = `MY_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
      warnings.push(
        diagnosticAt(
          document,
          [...path, key],
          'warning',
          'literal-secret',
          `${key} is written in the file.`,
          `Write a reference to an environment variable instead, e.g. ${key}: \${${variable}}, so the file can be shared without the secret.`,
        ),
      );
    }
  }
  return warnings;
}

/**
 * Parses and validates a `crm-journey.config.yaml` against {@link ConfigFileSchema} (parse → schema and
 * its rules → errors and warnings, never a throw). Every diagnostic names the line and column, the key
 * and a fix; unknown keys get a "did you mean".
 *
 * @example
 * const { config, errors } = parseConfigFile(readFileSync(file, 'utf8'), file);
 */
export function parseConfigFile(text: string, file: string): ConfigParseResult {
  const parsed = parseSource(text, file);
  const document = parsed.document;
  if (!document) return { errors: parsed.errors, warnings: [] };
  const data = document.data ?? {};
  const result = ConfigFileSchema.safeParse(data);
  const warnings = isRecord(data) ? literalSecretWarnings(document, data) : [];
  if (result.success) {
    const { defaults = {}, targets, serve = {}, syncs = [] } = result.data;
    return { document, errors: [], warnings, config: { defaults, targets: targets ?? {}, serve, syncs } };
  }
  const seen = new Set<string>();
  const located: Located[] = [];
  for (const issue of result.error.issues)
    for (const entry of issueDiagnostics(issue, document)) {
      // An origins list with several bad items, or a number both fractional and too small, is one mistake.
      const id = `${entry.diagnostic.rule} ${entry.diagnostic.location.path} ${entry.diagnostic.message}`;
      if (seen.has(id)) continue;
      seen.add(id);
      located.push(entry);
    }
  const rank = isRecord(data) ? fileOrder(data) : () => [0];
  const errors = located
    .map((entry) => ({ ...entry, rank: rank(entry) }))
    .sort((a, b) => compareRanks(a.rank, b.rank))
    .map((entry) => entry.diagnostic);
  return { document, errors, warnings };
}
