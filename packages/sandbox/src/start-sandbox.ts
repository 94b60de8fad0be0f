import type { Crm, RecordsByObject } from '@crm-journey/connector';
import { generatePopulation } from './generator/generate-population.ts';
import { toSalesforceRecords } from './generator/salesforce-records.ts';
import { toSugarRecords } from './generator/sugarcrm-records.ts';
import { startSalesforceSandbox } from './salesforce/salesforce-sandbox.ts';
import type { Sandbox, SandboxOptions } from './sandbox.ts';
import { startSugarSandbox } from './sugarcrm/sugar-sandbox.ts';
import type { SugarOppsMode } from './sugarcrm/sugar-write-rules.ts';

/** How a connector reaches a running sandbox; the shape of the sync's target settings. */
export type SandboxTarget =
  | { readonly crm: 'salesforce'; readonly instanceUrl: string; readonly accessToken: string }
  | { readonly crm: 'sugarcrm'; readonly url: string; readonly username: string; readonly password: string };

/** Options of {@link startSandbox}: the options both sandboxes take, and the population to generate. */
export interface StartSandboxOptions extends SandboxOptions {
  /** Generated customers when `records` is not given; default 0 (an empty org). */
  readonly customers?: number;
  /** The generator's seed; default 1. */
  readonly seed?: string | number;
  /** "Now" of the generated data, epoch ms; default the generator's fixed date. */
  readonly asOf?: number;
  /** SugarCRM only: the instance's opportunity mode (`opps_view_by`); default `RevenueLineItems`. */
  readonly oppsMode?: SugarOppsMode;
  /** The share of generated consumers (B2C: contacts without an account), 0 to 1; default 0. */
  readonly consumerShare?: number;
}

/** A running sandbox with the target a connector or the CLI uses to reach it. */
export interface StartedSandbox extends Sandbox {
  /** Connection settings for the connector (Salesforce: instance URL and token; Sugar: URL and password). */
  readonly target: SandboxTarget;
  /** The `crm-journey` target flags that reach this sandbox (they hold its credentials). */
  readonly targetFlags: readonly string[];
  /** A one-line name for messages, e.g. `Salesforce sandbox with 500 generated customers (seed 1)`. */
  readonly title: string;
}

const CRM_TITLES: Readonly<Record<Crm, string>> = { salesforce: 'Salesforce', sugarcrm: 'SugarCRM' };

/** The records of a generated population, as the CRM stores them. */
export function generatedRecords(
  crm: Crm,
  customers: number,
  seed: string | number,
  asOf?: number,
  consumerShare = 0,
): RecordsByObject {
  const population = generatePopulation({ customers, seed, consumerShare, ...(asOf === undefined ? {} : { asOf }) });
  return crm === 'salesforce' ? toSalesforceRecords(population) : toSugarRecords(population);
}

function targetOf(sandbox: Sandbox): SandboxTarget {
  return sandbox.crm === 'salesforce'
    ? { crm: 'salesforce', instanceUrl: sandbox.url, accessToken: sandbox.accessToken ?? '' }
    : { crm: 'sugarcrm', url: sandbox.url, username: sandbox.username, password: sandbox.password };
}

function flagsOf(target: SandboxTarget): string[] {
  return target.crm === 'salesforce'
    ? ['--instance-url', target.instanceUrl, '--access-token', target.accessToken]
    : ['--sugar-url', target.url, '--sugar-user', target.username, '--sugar-password', target.password];
}

/**
 * Starts a Salesforce or SugarCRM sandbox org on 127.0.0.1 holding `records`, or a generated population
 * of `customers`, and returns it with the target that reaches it. The one place that asks which CRM.
 *
 * @example
 * const sandbox = await startSandbox('sugarcrm', { customers: 500, seed: 1 });
 * const connector = await connectSugar({ ...sandbox.target, env: {} });
 */
export async function startSandbox(crm: Crm, options: StartSandboxOptions = {}): Promise<StartedSandbox> {
  const { customers = 0, seed = 1, asOf, records, oppsMode, consumerShare, ...sandboxOptions } = options;
  if (oppsMode !== undefined && crm !== 'sugarcrm')
    throw new Error(`startSandbox: oppsMode is a SugarCRM setting; the ${crm} sandbox has no such mode.`);
  const initial = records ?? (customers > 0 ? generatedRecords(crm, customers, seed, asOf, consumerShare) : undefined);
  const started = { ...sandboxOptions, ...(initial === undefined ? {} : { records: initial }) };
  const sandbox: Sandbox =
    crm === 'salesforce'
      ? await startSalesforceSandbox(started)
      : await startSugarSandbox(oppsMode === undefined ? started : { ...started, oppsMode });
  const target = targetOf(sandbox);
  const population =
    records === undefined
      ? ` with ${customers.toLocaleString('en-US')} generated customers (seed ${String(seed)})`
      : '';
  // The sandbox's own methods read its fields through `this`: keep the object and add to it.
  return Object.assign(sandbox, {
    target,
    targetFlags: flagsOf(target),
    title: `${CRM_TITLES[crm]} sandbox${population}`,
  });
}
