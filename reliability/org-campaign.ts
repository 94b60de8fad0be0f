// `npm run reliability -- --schedules 200 --kills 20 --scenarios 10 [--kinds k1,k2] [--crm salesforce|sugarcrm|both]
// [--seed S] [--concurrency N] [--out file.json] | --replay <schedule id> [--repeat N] | --fleet ...`: the fault
// campaign of docs/reliability.md (`--fleet`: the fleet campaign, fleet-campaign.ts). A replay runs the same plan (population, faults, kill point); the client's
// request interleaving may differ, so `--repeat` runs it several times.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Crm } from '@crm-journey/connector';
import { planCampaign, planSchedule, SCENARIO_KINDS, type ScheduleKind } from './campaign-plan.ts';
import { formatCampaign, replayCommand, runCampaign } from './run-campaign.ts';
import { snapshotSources } from './source-snapshot.ts';

const { values } = parseArgs({
  options: {
    schedules: { type: 'string', default: '200' },
    kills: { type: 'string', default: '20' },
    scenarios: { type: 'string', default: '10' },
    kinds: { type: 'string' },
    crm: { type: 'string', default: 'both' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '2' },
    out: { type: 'string', default: 'reliability/results/fault-campaign.json' },
    replay: { type: 'string' },
    repeat: { type: 'string', default: '1' },
  },
});

const count = (name: string, text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes a whole number; got "${text}".`);
  return n;
};
const crms: Crm[] =
  values.crm === 'both'
    ? ['salesforce', 'sugarcrm']
    : values.crm === 'salesforce' || values.crm === 'sugarcrm'
      ? [values.crm]
      : [];
if (crms.length === 0) throw new Error(`--crm takes salesforce, sugarcrm or both; got "${values.crm}".`);

const kinds = values.kinds?.split(',').map((kind) => kind.trim()) ?? SCENARIO_KINDS;
const unknown = kinds.filter((kind) => !(SCENARIO_KINDS as readonly string[]).includes(kind));
if (unknown.length > 0)
  throw new Error(`--kinds takes a comma-separated list of ${SCENARIO_KINDS.join(', ')}; got "${unknown.join(', ')}".`);

const plans =
  values.replay === undefined
    ? planCampaign({
        schedules: count('schedules', values.schedules),
        kills: count('kills', values.kills),
        scenarios: count('scenarios', values.scenarios),
        kinds: kinds as ScheduleKind[],
        crms,
        seed: values.seed,
      })
    : Array.from({ length: count('repeat', values.repeat) }, () => planSchedule(values.replay ?? ''));
if (values.replay !== undefined) process.stdout.write(`Replaying ${JSON.stringify(plans[0])}\n`);

// The child processes run a copy of the sources taken now: edits to the tree during a long campaign
// (another branch checked out, a file half-saved) do not change what is measured.
const snapshot = snapshotSources(fileURLToPath(new URL('..', import.meta.url)));
process.once('exit', () => {
  snapshot.remove();
});
const result = await runCampaign(plans, {
  sourceRoot: snapshot.root,
  concurrency: count('concurrency', values.concurrency),
  onResult: (schedule, done, total) => {
    const faults = Object.values(schedule.faults).reduce((n, k) => n + k, 0);
    process.stderr.write(
      `[${String(done)}/${String(total)}] ${schedule.id}: ${String(schedule.customers)} customers, ${String(faults)} faults${schedule.killed ? ', killed' : ''}${Object.entries(
        schedule.events,
      )
        .filter(([event]) => event !== 'killed')
        .map(([event, n]) => `, ${event} ${String(n)}`)
        .join(
          '',
        )}, ${String(schedule.violations.length)} violations, ${(schedule.durationMs / 1000).toFixed(1)} s${schedule.violations.length > 0 ? ` -- reproduce: ${replayCommand(schedule.id)}\n  first: ${schedule.violations[0] ?? ''}` : ''}\n`,
    );
  },
});
process.stdout.write(formatCampaign(result));
if (values.replay === undefined) {
  const out = resolve(process.env['INIT_CWD'] ?? process.cwd(), values.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ command: process.argv.slice(2).join(' '), ...result }, null, 2)}\n`);
  process.stdout.write(`Results: ${out}\n`);
}
process.exitCode = result.violations > 0 ? 1 : 0;
