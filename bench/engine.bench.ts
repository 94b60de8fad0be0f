// Customers per second through the journey engine, against the same rules in json-rules-engine.
// Run by `npm run bench` (bench/run.ts), or alone with the flags run.ts passes (see NODE_FLAGS there).
import { createRequire } from 'node:module';
import os from 'node:os';
import { DAY_MS, evaluateCustomer, type CustomerInput, type JourneyState } from '@crm-journey/connector';
import { formatCount, writeBenchReport, type BenchTable } from './bench-report.ts';
import { BUNDLED_JOURNEY, loadBundledJourney } from './bundled-journey.ts';
import { engineCostNotes, engineMethodNotes, jsonRulesTranslationNotes } from './engine-notes.ts';
import { decideWithClosures, type JourneyDecision } from './journey-decision.ts';
import { createJsonRulesDecider } from './json-rules-journey.ts';
import { measureInterleaved, type ThroughputResult } from './measure.ts';
import { createPopulation, RECORDS_PER_CUSTOMER } from './population.ts';

const SEED = 20_261_120;
const CUSTOMERS = 20_000;
const AS_OF = Date.parse('2026-11-20T12:00:00Z');
/** The previous sync, a week earlier: its states are what the steady-state path starts from. */
const PREVIOUS_AS_OF = AS_OF - 7 * DAY_MS;
const TARGET_PER_SECOND = 250_000;
const TARGET_RATIO = 100;

const log = (message: string): void => void process.stderr.write(`[engine] ${message}\n`);
const require = createRequire(import.meta.url);
const jsonRulesVersion = (require('json-rules-engine/package.json') as { version: string }).version;

/** The 1-minute load average, to two decimals: other work on this shared machine skews every figure. */
const loadNow = (): string => (os.loadavg()[0] ?? 0).toFixed(2);
const loadAtStart = loadNow();

log(`generating ${formatCount(CUSTOMERS)} customers (seed ${String(SEED)}) and their previous states`);
const journey = loadBundledJourney();
const population = createPopulation({ seed: SEED, size: CUSTOMERS, asOf: AS_OF });
const firstSight: CustomerInput[] = population.map(({ customer, records }) => ({ customer, records, asOf: AS_OF }));
const steady: CustomerInput[] = population.map(({ customer, records }) => {
  const state = evaluateCustomer(journey, { customer, records, asOf: PREVIOUS_AS_OF });
  // As an incremental sync reads it back from the CRM: JSON.
  return { customer, records, previous: JSON.parse(JSON.stringify(state)) as JourneyState, asOf: AS_OF };
});
const byReference = createJsonRulesDecider(journey, AS_OF);
const inline = createJsonRulesDecider(journey, AS_OF, { inlineRecordRules: true });

let sink = 0;
const evaluateAll = (inputs: readonly CustomerInput[]) => (): void => {
  for (const input of inputs) sink += evaluateCustomer(journey, input).nextActions.length;
};
const decideAll = (decide: (records: CustomerInput['records']) => Promise<JourneyDecision>) => async () => {
  for (const { records } of population) sink += (await decide(records)).stage;
};
log('measuring (warm-up, then one round of each path per turn)');
const [steadyResult, firstResult, closuresResult, jsonRulesResult, inlineResult] = (await measureInterleaved(
  [
    { label: 'steady state', items: CUSTOMERS, round: evaluateAll(steady) },
    { label: 'first sight', items: CUSTOMERS, round: evaluateAll(firstSight) },
    {
      label: 'decision, crm-journey',
      items: CUSTOMERS,
      round: () => {
        for (const { records } of population) sink += decideWithClosures(journey, records, AS_OF).stage;
      },
    },
    { label: 'decision, json-rules-engine', items: CUSTOMERS, round: decideAll(byReference) },
    { label: 'decision, json-rules-engine (inline)', items: CUSTOMERS, round: decideAll(inline) },
  ],
  { warmup: 2, rounds: 7 },
)) as [ThroughputResult, ThroughputResult, ThroughputResult, ThroughputResult, ThroughputResult];

log('checking that both engines decide the same for every customer');
const mismatches = { stage: 0, segment: 0, actions: 0 };
const byStage = new Map<string, { furthest: number; state: number }>();
const totals = { history: 0, touchpoints: 0, nextActions: 0 };
const count = (stage: string, key: 'furthest' | 'state'): void => {
  const entry = byStage.get(stage) ?? { furthest: 0, state: 0 };
  entry[key]++;
  byStage.set(stage, entry);
};
for (const [index, { customer, records }] of population.entries()) {
  const ours = decideWithClosures(journey, records, AS_OF);
  for (const theirs of [await byReference(records), await inline(records)]) {
    const differs = {
      stage: ours.stage !== theirs.stage,
      segment: ours.segment !== theirs.segment,
      actions: ours.actions.join() !== theirs.actions.join(),
    };
    for (const key of ['stage', 'segment', 'actions'] as const) if (differs[key]) mismatches[key]++;
    if (differs.stage || differs.segment || differs.actions) {
      log(`mismatch for ${customer.id}: ours ${JSON.stringify(ours)}, json-rules-engine ${JSON.stringify(theirs)}`);
    }
  }
  const input = steady[index];
  const state = input ? evaluateCustomer(journey, input) : undefined;
  totals.history += state?.history.length ?? 0;
  totals.touchpoints += state?.touchpoints.length ?? 0;
  totals.nextActions += state?.nextActions.length ?? 0;
  count(journey.stages[ours.stage]?.definition.id ?? '(none)', 'furthest');
  count(state?.stage ?? '(none)', 'state');
}
const mismatchCount = mismatches.stage + mismatches.segment + mismatches.actions;
const loadAtEnd = loadNow();

const row = (path: string, work: string, result: ThroughputResult): string[] => [
  path,
  work,
  formatCount(result.median),
  (10_000_000 / result.median).toFixed(1),
  `${formatCount(result.min)} – ${formatCount(result.max)}`,
];
const jsonRules = `json-rules-engine ${jsonRulesVersion}`;
const throughput: BenchTable = {
  kind: 'table',
  columns: ['Path', 'Work per customer', 'Customers/s (median)', 'ms per 10k', 'Slowest – fastest round'],
  align: ['left', 'left', 'right', 'right', 'right'],
  rows: [
    row('crm-journey, steady state', 'full `JourneyState`, from the previous state', steadyResult),
    row('crm-journey, first sight', 'full `JourneyState`, history replayed from record dates', firstResult),
    row('crm-journey, decision', 'stage + segment + action conditions (compiled closures)', closuresResult),
    row(`${jsonRules}, decision`, 'the same rules, record rules by reference', jsonRulesResult),
    row(`${jsonRules}, decision (inline)`, 'the same rules, record rules inline in the JSON', inlineResult),
  ],
};
const ratio = (ours: ThroughputResult): number => ours.median / jsonRulesResult.median;
const met = (ok: boolean): string => (ok ? '**met**' : '**not met**');
const perSecondRow = (path: string, result: ThroughputResult): string[] => [
  `≥ ${formatCount(TARGET_PER_SECOND)} customers/s on one core, full \`JourneyState\`, ${path}`,
  `${formatCount(result.median)}/s (${(result.median / TARGET_PER_SECOND).toFixed(2)}× the target)`,
  met(result.median >= TARGET_PER_SECOND),
];
const ratioRow = (comparison: string, ours: ThroughputResult): string[] => [
  `≥ ${String(TARGET_RATIO)}× ${jsonRules}, ${comparison}`,
  `${ratio(ours).toFixed(1)}×`,
  met(ratio(ours) >= TARGET_RATIO),
];
const targets: BenchTable = {
  kind: 'table',
  columns: ['Target (from the issue)', 'Measured', 'Result'],
  align: ['left', 'right', 'left'],
  rows: [
    perSecondRow('steady state', steadyResult),
    perSecondRow('first sight', firstResult),
    ratioRow('same decision (like for like)', closuresResult),
    ratioRow('our full steady-state `JourneyState` vs. its decision only', steadyResult),
    ['Same decisions in both engines', `${String(mismatchCount)} mismatches`, met(mismatchCount === 0)],
  ],
};
const stages: BenchTable = {
  kind: 'table',
  columns: ['Stage', 'Customers by furthest matching stage', 'Customers by `JourneyState.stage` (steady state)'],
  align: ['left', 'right', 'right'],
  rows: [...journey.stages.map((stage) => stage.definition.id), '(none)']
    .filter((stage) => byStage.has(stage))
    .map((stage) => [
      stage,
      formatCount(byStage.get(stage)?.furthest ?? 0),
      formatCount(byStage.get(stage)?.state ?? 0),
    ]),
};
const average = (total: number): string => (total / CUSTOMERS).toFixed(1);

writeBenchReport({
  id: 'engine',
  title: 'Engine: customers evaluated per second',
  blocks: [
    ...engineMethodNotes({
      journeyFile: BUNDLED_JOURNEY,
      stages: journey.stages.length,
      moves: journey.moves.length,
      segments: journey.segments.length,
      touchpointRules: journey.touchpoints.length,
      customers: formatCount(CUSTOMERS),
      recordsPerCustomer: RECORDS_PER_CUSTOMER,
      seed: SEED,
      asOf: new Date(AS_OF).toISOString(),
      averages: {
        history: average(totals.history),
        touchpoints: average(totals.touchpoints),
        nextActions: average(totals.nextActions),
      },
    }),
    throughput,
    {
      kind: 'text',
      markdown: `**Shared machine.** Other processes ran on the same ${String(os.cpus().length)} cores during this run (1-minute load average ${loadAtStart} when the benchmark started, ${loadAtEnd} after the measured rounds); the interleaved rounds spread that load over all paths, but the absolute figures are lower than on an idle core.`,
    },
    targets,
    engineCostNotes,
    jsonRulesTranslationNotes,
    {
      kind: 'text',
      markdown: `**Verification.** Both json-rules-engine variants decided every one of the ${formatCount(CUSTOMERS)} customers and were compared with the compiled closures: ${String(mismatches.stage)} stage, ${String(mismatches.segment)} segment and ${String(mismatches.actions)} action-list mismatches. The \`JourneyState\` stage differs from the furthest matching stage where history matters: resolution is forward-only, and backward moves (\`lapsed\`, \`detractor\`, \`disqualified\`) cap it.`,
    },
    stages,
  ],
});
log(`done (checksum ${String(sink)})`);
