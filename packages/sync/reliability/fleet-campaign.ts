// `npm run reliability -- --fleet [--schedules 12] [--seed S] [--out file.json] | --fleet --replay fleet:<seed>:<i>
// [--repeat N]`: the fleet campaign of docs/reliability.md (issue #14). Schedules run one at a time: each has
// its own PostgreSQL cluster, which an outage stops, and up to three `serve` nodes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FLEET_FAULTS, planFleetCampaign, planFleetSchedule } from './fleet-plan.ts';
import { runFleetSchedule, type FleetResult } from './run-fleet-schedule.ts';

const { values } = parseArgs({
  options: {
    fleet: { type: 'boolean' },
    schedules: { type: 'string', default: '12' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'reliability/results/fleet-campaign.json' },
    replay: { type: 'string' },
    repeat: { type: 'string', default: '1' },
  },
});
const count = (name: string, text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes a whole number; got "${text}".`);
  return n;
};
const plans =
  values.replay === undefined
    ? planFleetCampaign(count('schedules', values.schedules), values.seed)
    : Array.from({ length: count('repeat', values.repeat) }, () => planFleetSchedule(values.replay ?? ''));

const started = Date.now();
const results: FleetResult[] = [];
for (const plan of plans) {
  const result = await runFleetSchedule(plan);
  results.push(result);
  process.stderr.write(
    `[${String(results.length)}/${String(plans.length)}] ${result.id}: ${String(result.customers)} customers, ${String(result.nodes)} nodes, ${result.happened.join('+') || 'no fault reached'}, runs [${result.runs.join(', ')}], ${String(result.violations.length)} violations, ${(result.durationMs / 1000).toFixed(1)} s${result.violations.length > 0 ? `\n  first: ${result.violations[0] ?? ''}\n  reproduce: npm run reliability -- --fleet --replay ${result.id}` : ''}\n`,
  );
}
const violations = results.reduce((n, result) => n + result.violations.length, 0);
const lines = ['fault               schedules  happened  violations'];
for (const fault of FLEET_FAULTS) {
  const planned = plans.filter((plan) =>
    fault === 'kill'
      ? plan.killAfterWrites !== undefined
      : fault === 'postgres-restart'
        ? plan.outage !== undefined
        : fault === 'together'
          ? plan.together
          : plan.skewMs !== undefined,
  ).length;
  const hit = results.filter((result) => result.happened.includes(fault));
  const broken = hit.reduce((n, result) => n + result.violations.length, 0);
  lines.push(
    `${fault.padEnd(18)}  ${String(planned).padStart(9)}  ${String(hit.length).padStart(8)}  ${String(broken).padStart(10)}`,
  );
}
const customers = results.reduce((n, result) => n + result.customers, 0);
lines.push(
  '',
  `${String(results.length)} fleet schedules (${String(customers)} customers, ${String(results.reduce((n, r) => n + r.nodes, 0))} nodes), ${String(violations)} violations, in ${((Date.now() - started) / 1000).toFixed(0)} s.`,
);
process.stdout.write(`${lines.join('\n')}\n`);
if (values.replay === undefined) {
  const out = resolve(process.env['INIT_CWD'] ?? process.cwd(), values.out);
  mkdirSync(dirname(out), { recursive: true });
  const command = process.argv.slice(2).join(' ');
  writeFileSync(
    out,
    `${JSON.stringify({ command, violations, durationMs: Date.now() - started, results }, null, 2)}\n`,
  );
  process.stdout.write(`Results: ${out}\n`);
}
process.exitCode = violations > 0 ? 1 : 0;
