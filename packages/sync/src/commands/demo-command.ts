import { join, resolve } from 'node:path';
import type { Crm } from '@crm-journey/connector';
import type { CliContext } from '../cli/cli-context.ts';
import { UsageError } from '../cli/cli-context.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { demoFlags } from '../cli/definitions/demo-definition.ts';
import { untilStopped } from '../cli/until-stopped.ts';
import { openBrowser } from '../demo/open-browser.ts';
import { startDemo, type DemoOptions } from '../demo/start-demo.ts';
import type { ProgressOutput } from '../output/progress-reporter.ts';
import { parseInterval } from './sync-command.ts';

/** The port the record browser tries first; a busy one falls back to a free port. */
export const DEMO_PORT = 4400;

function wholeNumber(flag: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`crm-journey demo: --${flag} takes a whole number from ${min} to ${max}; got "${value}".`);
  return n;
}

/** The journeys the demo syncs: `--journey` (repeated: a set), or the CRM's bundled B2B + B2C set. */
function journeyFiles(crm: Crm, journeys: readonly string[] | undefined, context: CliContext): string[] {
  if (journeys !== undefined && journeys.length > 0) return journeys.map((journey) => resolve(context.cwd, journey));
  const dir = context.journeysDir;
  if (dir === undefined)
    throw new UsageError('crm-journey demo: no bundled journeys here; name a journey file with --journey <file>.');
  return [join(dir, `${crm}-b2b.yaml`), join(dir, `${crm}-b2c.yaml`)];
}

/**
 * `crm-journey demo [--crm salesforce|sugarcrm] [--customers N] [--port N] [--interval 10s] [--seed S]
 * [--journey <file>] [--no-open]`: a sandbox org, the first sync, a sync on an interval and the record
 * browser with the journey panel, on 127.0.0.1 until Ctrl-C (or `signal`).
 */
export async function demoCommand(
  { values }: CommandInput<typeof demoFlags>,
  context: CliContext & { readonly progress?: ProgressOutput },
  signal?: AbortSignal,
  extra: Pick<DemoOptions, 'renderReport'> = {},
): Promise<number> {
  const intervalMs = parseInterval(values.interval);
  if (intervalMs < 1000)
    throw new UsageError(`crm-journey demo: --interval must be at least 1s; got "${values.interval}".`);
  const options: DemoOptions = {
    crm: values.crm,
    customers: wholeNumber('customers', values.customers, 3000, 1, 100_000),
    seed: values.seed,
    port: wholeNumber('port', values.port, DEMO_PORT, 0, 65_535),
    intervalMs,
    intervalText: values.interval,
    journeyPaths: journeyFiles(values.crm, values.journey, context),
    stdout: context.stdout,
    progress: context.progress ?? context.stderr,
    ...extra,
  };
  let demo;
  try {
    demo = await startDemo(options);
  } catch (error) {
    // The default port is a convenience: when it is taken, any free one will do.
    if (values.port !== undefined || (error as { code?: string }).code !== 'EADDRINUSE') throw error;
    context.stderr.write(`Port ${DEMO_PORT} is in use; picking a free one.\n`);
    demo = await startDemo({ ...options, port: 0 });
  }
  if (!values['no-open']) openBrowser(`${demo.browserUrl}/`);
  await untilStopped(signal);
  context.stdout.write('Stopping the demo...\n');
  await demo.stop();
  context.stdout.write('Demo stopped.\n');
  return 0;
}
