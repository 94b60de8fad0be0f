import { resolve } from 'node:path';
import { DEFAULT_AS_OF, parseFaultSpec, startSandbox, type StartedSandbox } from '@crm-journey/sandbox';
import type { CliContext } from '../cli/cli-context.ts';
import { UsageError } from '../cli/cli-context.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { sandboxFlags } from '../cli/definitions/sandbox-definition.ts';
import { untilStopped } from '../cli/until-stopped.ts';

function positiveInteger(
  command: string,
  flag: string,
  value: string | undefined,
  fallback: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new UsageError(`crm-journey ${command}: --${flag} takes a whole number from 0 to ${max}; got "${value}".`);
  return n;
}

/** Describes a running sandbox for people and scripts. */
export function describeSandbox(sandbox: StartedSandbox): string {
  const lines = [
    `${sandbox.title} at ${sandbox.url}`,
    `  username:     ${sandbox.username}`,
    `  password:     ${sandbox.password}`,
  ];
  if (sandbox.accessToken !== undefined) {
    lines.push(
      `  access token: ${sandbox.accessToken}`,
      `  try:          SF_INSTANCE_URL=${sandbox.url} SF_ACCESS_TOKEN=<token> (or jsforce with instanceUrl + accessToken)`,
    );
  } else {
    lines.push(
      `  try:          curl -X POST ${sandbox.url}/rest/v11/oauth2/token -H 'content-type: application/json' -d '{"grant_type":"password","client_id":"sugar","client_secret":"","username":"${sandbox.username}","password":"<password>","platform":"base"}'`,
    );
  }
  lines.push(`  inspection:   ${sandbox.url}/__sandbox/stats`);
  if (sandbox.faults)
    lines.push(
      `  faults:       ${sandbox.faults.rules.map((rule) => `${rule.kind}:${rule.rate}${rule.route === undefined ? '' : `@${rule.route}`}`).join(', ')} (seed ${sandbox.faults.seed})`,
    );
  return `${lines.join('\n')}\n`;
}

/**
 * `crm-journey sandbox [--crm salesforce|sugarcrm] [--port N] [--customers N] [--seed S] [--faults <spec>]
 * [--fault-seed S] [--token T] [--user U] [--password P] [--data <path>] [--api-limit N] [--client-id ID]
 * [--client-secret S] [--opps-mode Opportunities|RevenueLineItems]`:
 * starts a sandbox org on 127.0.0.1, prints its URL and credentials, and stops on Ctrl-C.
 */
export async function sandboxCommand(
  { values }: CommandInput<typeof sandboxFlags>,
  context: CliContext,
  signal?: AbortSignal,
): Promise<number> {
  const clientId = values['client-id'];
  const clientSecret = values['client-secret'];
  if (clientSecret !== undefined && clientId === undefined)
    throw new UsageError('crm-journey sandbox: --client-secret needs --client-id (the consumer key it belongs to).');
  const oppsMode = values['opps-mode'];
  if (oppsMode !== undefined && values.crm !== 'sugarcrm')
    throw new UsageError('crm-journey sandbox: --opps-mode is a SugarCRM setting; add --crm sugarcrm or leave it out.');
  const customers = positiveInteger('sandbox', 'customers', values.customers, 500, 100_000);
  const port = positiveInteger('sandbox', 'port', values.port, 0, 65_535);
  let rules;
  try {
    rules = values.faults === undefined ? undefined : parseFaultSpec(values.faults);
  } catch (error) {
    throw new UsageError(`crm-journey sandbox: --faults: ${(error as Error).message}`);
  }
  const sandbox = await startSandbox(values.crm, {
    port,
    customers,
    seed: values.seed,
    asOf: DEFAULT_AS_OF,
    ...(values.data === undefined ? {} : { dataFile: resolve(context.cwd, values.data) }),
    ...(values.user === undefined ? {} : { username: values.user }),
    ...(values.password === undefined ? {} : { password: values.password }),
    ...(values.token === undefined ? {} : { accessToken: values.token }),
    ...(clientId === undefined
      ? {}
      : { client: { id: clientId, ...(clientSecret === undefined ? {} : { secret: clientSecret }) } }),
    ...(rules === undefined ? {} : { faults: { seed: values['fault-seed'] ?? values.seed, rules } }),
    ...(values['api-limit'] === undefined
      ? {}
      : { apiLimit: positiveInteger('sandbox', 'api-limit', values['api-limit'], 0, 1e9) }),
    ...(oppsMode === undefined ? {} : { oppsMode }),
  });
  context.stdout.write(describeSandbox(sandbox));
  context.stdout.write('Press Ctrl-C to stop.\n');
  await untilStopped(signal);
  await sandbox.close();
  context.stdout.write('Sandbox stopped.\n');
  return 0;
}
