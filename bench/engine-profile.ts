// Runs one engine path over the benchmark population for a CPU profile (see docs/benchmarks.md):
//   node --conditions=@crm-journey/source --cpu-prof --cpu-prof-dir=/tmp/engine-profile \
//     bench/engine-profile.ts [generated|closures] [steady|first|decision] [rounds]
// Prints the CPU time per round (user + system, steadier than wall time on a shared machine).
import {
  compileJourney,
  DAY_MS,
  evaluateCustomer,
  type CustomerInput,
  type JourneyState,
} from '@crm-journey/connector';
import { loadBundledJourney } from './bundled-journey.ts';
import { decideWithClosures } from './journey-decision.ts';
import { createPopulation } from './population.ts';

const AS_OF = Date.parse('2026-11-20T12:00:00Z');
const CUSTOMERS = 20_000;
const [engineName = 'generated', path = 'steady', roundsText = '30'] = process.argv.slice(2);
if (!['generated', 'closures'].includes(engineName) || !['steady', 'first', 'decision'].includes(path))
  throw new Error('Usage: engine-profile.ts [generated|closures] [steady|first|decision] [rounds]');

const closures = loadBundledJourney();
const journey = engineName === 'generated' ? compileJourney(closures.definition, { codegen: true }) : closures;
const population = createPopulation({ seed: 20_261_120, size: CUSTOMERS, asOf: AS_OF });
const inputs: CustomerInput[] = population.map(({ customer, records }) => {
  if (path !== 'steady') return { customer, records, asOf: AS_OF };
  const state = evaluateCustomer(closures, { customer, records, asOf: AS_OF - 7 * DAY_MS });
  return { customer, records, previous: JSON.parse(JSON.stringify(state)) as JourneyState, asOf: AS_OF };
});
let sink = 0;
const rates: number[] = [];
for (let round = 0; round < Number(roundsText); round++) {
  const start = process.cpuUsage();
  if (path === 'decision') for (const input of inputs) sink += decideWithClosures(journey, input.records, AS_OF).stage;
  else for (const input of inputs) sink += evaluateCustomer(journey, input).nextActions.length;
  const used = process.cpuUsage(start);
  rates.push((CUSTOMERS * 1e6) / (used.user + used.system));
}
const sorted = rates.slice(2).sort((a, b) => a - b);
const median = Math.round(sorted[sorted.length >> 1] ?? 0).toLocaleString('en-US');
process.stdout.write(`${engineName} ${path}: median ${median} customers per CPU second (checksum ${String(sink)})\n`);
