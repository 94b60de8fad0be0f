// Customers per second through the journey engine (generated code, and the closures it replaces in Node),
// against the same rules in json-rules-engine and in json-logic-engine's compiled mode.
// Run by `npm run bench` (bench/run.ts), or alone with the flags run.ts passes (see NODE_FLAGS there).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { evaluateCustomer } from '@crm-journey/connector';
import { formatCount, writeBenchReport, type BenchTable } from './bench-report.ts';
import { BUNDLED_JOURNEY } from './bundled-journey.ts';
import {
  engineCostNotes,
  engineMeasurementNotes,
  engineMethodNotes,
  jsonLogicTranslationNotes,
  jsonRulesTranslationNotes,
  type PathFigures,
} from './engine-notes.ts';
import { withCpuTime, type CpuRates } from './engine-cpu.ts';
import {
  createEngineWorkload,
  ENGINE_AS_OF as AS_OF,
  ENGINE_CUSTOMERS as CUSTOMERS,
  ENGINE_PATH_NAMES,
  ENGINE_SEED as SEED,
  engineChecksum,
  enginePath,
  type EnginePathName,
} from './engine-paths.ts';
import { decideWithClosures } from './journey-decision.ts';
import { measureInterleaved, type ThroughputResult } from './measure.ts';
import { RECORDS_PER_CUSTOMER } from './population.ts';

const TARGET_STEADY = 300_000;
const TARGET_FIRST_SIGHT = 150_000;
const TARGET_RATIO = 200;

const log = (message: string): void => void process.stderr.write(`[engine] ${message}\n`);
const require = createRequire(import.meta.url);
const jsonRulesVersion = (require('json-rules-engine/package.json') as { version: string }).version;
// json-logic-engine exports no `./package.json`: read it beside its entry point (dist/cjs/index.js).
const jsonLogicManifest = path.join(path.dirname(require.resolve('json-logic-engine')), '..', '..', 'package.json');
const jsonLogicVersion = (JSON.parse(readFileSync(jsonLogicManifest, 'utf8')) as { version: string }).version;

/** The 1-minute load average, to two decimals: other work on this shared machine skews every figure. */
const loadNow = (): string => (os.loadavg()[0] ?? 0).toFixed(2);
const loadAtStart = loadNow();

log(`generating ${formatCount(CUSTOMERS)} customers (seed ${String(SEED)}) and their previous states`);
const workload = createEngineWorkload();
const { closures, journey, population } = workload;
const steady = workload.steady();
const firstSight = workload.firstSight();
const byReference = workload.jsonRules();
const inline = workload.jsonRulesInline();
const jsonLogic = workload.jsonLogic();

log('measuring (warm-up, then one round of each path per turn, each after a collection and an idle wait)');
const WARMUP = 2;
const ROUNDS = 7;
const cpu = new Map<string, CpuRates>();
const measured = await measureInterleaved(
  ENGINE_PATH_NAMES.map((name) => {
    const { path: timed, rates } = withCpuTime(enginePath(workload, name), WARMUP);
    cpu.set(timed.label, rates);
    return timed;
  }),
  { warmup: WARMUP, rounds: ROUNDS },
);
const results = new Map(ENGINE_PATH_NAMES.map((name, index) => [name, measured[index]]));
const result = (name: EnginePathName): ThroughputResult => {
  const found = results.get(name);
  if (!found) throw new Error(`no result for the path ${name}`);
  return found;
};
const steadyResult = result('steady');
const firstResult = result('first');
const closureSteadyResult = result('closures-steady');
const closureFirstResult = result('closures-first');
const closuresResult = result('decision');
const jsonRulesResult = result('json-rules');
const inlineResult = result('json-rules-inline');
const jsonLogicResult = result('json-logic');
const floorResult = result('floor');

log('checking that every engine decides the same for every customer, and both of ours give the same states');
const mismatches = { stage: 0, segment: 0, actions: 0 };
let stateMismatches = 0;
const byStage = new Map<string, { furthest: number; state: number }>();
const totals = { history: 0, touchpoints: 0, nextActions: 0 };
const count = (stage: string, key: 'furthest' | 'state'): void => {
  const entry = byStage.get(stage) ?? { furthest: 0, state: 0 };
  entry[key]++;
  byStage.set(stage, entry);
};
for (const [index, { customer, records }] of population.entries()) {
  const ours = decideWithClosures(journey, records, AS_OF);
  for (const theirs of [await byReference(records), await inline(records), jsonLogic(records)]) {
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
  // The closure engine is the oracle: the generated code must give the same JSON, byte for byte.
  for (const given of [input, firstSight[index]]) {
    if (given && JSON.stringify(evaluateCustomer(journey, given)) !== JSON.stringify(evaluateCustomer(closures, given)))
      stateMismatches++;
  }
  totals.history += state?.history.length ?? 0;
  totals.touchpoints += state?.touchpoints.length ?? 0;
  totals.nextActions += state?.nextActions.length ?? 0;
  count(journey.stages[ours.stage]?.definition.id ?? '(none)', 'furthest');
  count(state?.stage ?? '(none)', 'state');
}
const mismatchCount = mismatches.stage + mismatches.segment + mismatches.actions;
const loadAtEnd = loadNow();

/** Customers per CPU second of this process, the median measured round. */
const perCpu = (result: ThroughputResult): number => cpu.get(result.label)?.median() ?? 0;
/** Customers per CPU second of the main thread alone, the median measured round. */
const perThread = (result: ThroughputResult): number => cpu.get(result.label)?.threadMedian() ?? 0;
const figures = (result: ThroughputResult): PathFigures => ({
  perCpu: perCpu(result),
  perThread: perThread(result),
  gcShare: result.gcShare,
});
const row = (path: string, work: string, result: ThroughputResult): string[] => [
  path,
  work,
  formatCount(perCpu(result)),
  formatCount(perThread(result)),
  `${String(Math.round(result.gcShare * 100))} %`,
  formatCount(result.median),
  (10_000_000 / result.median).toFixed(1),
  `${formatCount(result.min)} – ${formatCount(result.max)}`,
];
const jsonRules = `json-rules-engine ${jsonRulesVersion}`;
const jsonLogicName = `json-logic-engine ${jsonLogicVersion}`;
const throughput: BenchTable = {
  kind: 'table',
  columns: [
    'Path',
    'Work per customer',
    'Customers per CPU second (median)',
    'Per main-thread CPU second',
    'Main thread paused for GC',
    'Customers/s, wall clock (median)',
    'Wall ms per 10k',
    'Slowest – fastest round (wall)',
  ],
  align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'],
  rows: [
    row('crm-journey, steady state', 'full `JourneyState`, from the previous state (generated code)', steadyResult),
    row(
      'crm-journey, first sight',
      'full `JourneyState`, history replayed from record dates (generated code)',
      firstResult,
    ),
    row(
      'crm-journey closures, steady state',
      'the same, with the closure evaluator (the browser’s engine)',
      closureSteadyResult,
    ),
    row('crm-journey closures, first sight', 'the same, with the closure evaluator', closureFirstResult),
    row('crm-journey, decision', 'stage + segment + action conditions (generated code)', closuresResult),
    row(`${jsonRules}, decision`, 'the same rules, record rules by reference', jsonRulesResult),
    row(`${jsonRules}, decision (inline)`, 'the same rules, record rules inline in the JSON', inlineResult),
    row(
      `${jsonLogicName}, decision`,
      'the same rules as JSON Logic, compiled to JavaScript (`build`)',
      jsonLogicResult,
    ),
    row('no engine (floor)', 'read `Id`, `CreatedDate` and `OwnerId` of every record, nothing decided', floorResult),
  ],
};
// Targets are judged per CPU second: what one core spends, whatever else ran on the machine.
const ratio = (ours: ThroughputResult): number => perCpu(ours) / perCpu(jsonRulesResult);
const met = (ok: boolean): string => (ok ? '**met**' : '**not met**');
const perSecondRow = (path: string, result: ThroughputResult, target: number): string[] => [
  `≥ ${formatCount(target)} customers/s on one core, full \`JourneyState\`, ${path}`,
  `${formatCount(perCpu(result))} per CPU second (${(perCpu(result) / target).toFixed(2)}× the target; wall clock ${formatCount(result.median)}/s)`,
  met(perCpu(result) >= target),
];
const ratioRow = (comparison: string, ours: ThroughputResult): string[] => [
  `≥ ${String(TARGET_RATIO)}× ${jsonRules}, ${comparison}`,
  `${ratio(ours).toFixed(1)}× (wall clock ${(ours.median / jsonRulesResult.median).toFixed(1)}×)`,
  met(ratio(ours) >= TARGET_RATIO),
];
const targets: BenchTable = {
  kind: 'table',
  columns: ['Target (from the issue)', 'Measured', 'Result'],
  align: ['left', 'right', 'left'],
  rows: [
    perSecondRow('steady state', steadyResult, TARGET_STEADY),
    perSecondRow('first sight', firstResult, TARGET_FIRST_SIGHT),
    ratioRow('same decision (like for like)', closuresResult),
    ratioRow('our full steady-state `JourneyState` vs. its decision only', steadyResult),
    [
      `Ahead of ${jsonLogicName} (compiled), same decision`,
      `${(perCpu(closuresResult) / perCpu(jsonLogicResult)).toFixed(1)}× (wall clock ${(closuresResult.median / jsonLogicResult.median).toFixed(1)}×)`,
      met(perCpu(closuresResult) > perCpu(jsonLogicResult)),
    ],
    ['Same decisions in all three engines', `${String(mismatchCount)} mismatches`, met(mismatchCount === 0)],
    [
      'Generated code and closures give the same `JourneyState` (JSON, byte for byte)',
      `${String(stateMismatches)} of ${formatCount(2 * CUSTOMERS)} differ`,
      met(stateMismatches === 0),
    ],
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
    engineMeasurementNotes({
      cores: os.cpus().length,
      loadAtStart,
      loadAtEnd,
      rounds: measured.length * ROUNDS,
      unsettled: measured.reduce((sum, { unsettled }) => sum + unsettled, 0),
    }),
    targets,
    engineCostNotes({
      steady: figures(steadyResult),
      first: figures(firstResult),
      decision: figures(closuresResult),
      jsonRules: figures(jsonRulesResult),
      jsonLogic: figures(jsonLogicResult),
      floor: figures(floorResult),
      targets: { steady: TARGET_STEADY, first: TARGET_FIRST_SIGHT, ratio: TARGET_RATIO },
    }),
    jsonRulesTranslationNotes,
    jsonLogicTranslationNotes,
    {
      kind: 'text',
      markdown: `**Verification.** Both json-rules-engine variants and json-logic-engine decided every one of the ${formatCount(CUSTOMERS)} customers and were compared with crm-journey's decision: ${String(mismatches.stage)} stage, ${String(mismatches.segment)} segment and ${String(mismatches.actions)} action-list mismatches. The \`JourneyState\` stage differs from the furthest matching stage where history matters: resolution is forward-only, and backward moves (\`lapsed\`, \`detractor\`, \`disqualified\`) cap it.`,
    },
    stages,
  ],
});
log(`done (checksum ${String(engineChecksum())})`);
