import type { BenchText } from './bench-report.ts';

/** What the engine benchmark measured, for the text around its tables. */
export interface EngineSetup {
  readonly journeyFile: string;
  readonly stages: number;
  readonly moves: number;
  readonly segments: number;
  readonly touchpointRules: number;
  readonly customers: string;
  readonly recordsPerCustomer: number;
  readonly seed: number;
  readonly asOf: string;
  /** Per customer, in the steady-state `JourneyState`. */
  readonly averages: { readonly history: string; readonly touchpoints: string; readonly nextActions: string };
}

const text = (lines: readonly string[]): BenchText => ({ kind: 'text', markdown: lines.join('\n') });

/** How the engine benchmark works: the population, the paths, the measurement. */
export function engineMethodNotes(setup: EngineSetup): BenchText[] {
  const { averages } = setup;
  return [
    text([
      `The bundled journey \`${setup.journeyFile}\` (${String(setup.stages)} stages, ${String(setup.moves)} backward moves, ${String(setup.segments)} segments, ${String(setup.touchpointRules)} touchpoint rules), validated and compiled once (to generated code, \`compileJourney(…, { codegen: true })\`, as every Node path does; the closure rows run the evaluator the browser panel keeps), evaluated for ${setup.customers} synthetic customers of ${String(setup.recordsPerCustomer)} records each (\`bench/population.ts\`, seed ${String(setup.seed)}, evaluated at ${setup.asOf}).`,
      'Customers are accounts with contacts, 0–3 opportunities across the pipeline (open, won and lost; close dates from next quarter back to two years ago), cases (open, closed, escalated), calls, emails and meetings, plus some unconverted leads; they spread over every stage and backward move (last table).',
      'Every path is warmed up, then measured in turns (one round of each path per turn, over all customers, a garbage collection before each round), so that other load on the machine hits all paths alike; the tables give the median round. One process, one thread: the figures are for one core.',
    ]),
    text([
      '- **Steady state** is what an incremental sync does: each customer comes with its `previous` `JourneyState` (from an evaluation a week earlier, read back from JSON as from the CRM), so the engine takes one resolution step.',
      '- **First sight** has no previous state: the stage history is replayed at every moment a record was created, then at `asOf`.',
      `- Both produce the full \`JourneyState\`: stage, time in stage, segment, guidance, history, touchpoints with emotion and stage, next actions with keys, subjects, due dates, owners and status (per customer on average: ${averages.history} history entries, ${averages.touchpoints} touchpoints, ${averages.nextActions} next actions). No explanation.`,
      '- **Decision** is the part the rule engines can express: the furthest matching stage, the first matching segment, and which of that stage’s actions (as the segment overrides them) have their `when` satisfied. It is the like-for-like comparison, against json-rules-engine (interpreted) and json-logic-engine in its compiled mode (`build`, which generates JavaScript per rule; fast-json-rules-engine, named in the issue, is not on the npm registry).',
    ]),
  ];
}

/** What the engine does per customer to stay fast, and what still costs; for the text after the tables. */
export const engineCostNotes: BenchText = text([
  '### Where the engine spends its time',
  '',
  '- **Generated code per journey revision** (`packages/connector/src/engine/compiled/`): for the `JourneyState`, one generated pass walks each object’s records once per customer and decides every stage, move, segment and action condition (a counter per quantifier, record conditions shared between quantifiers, each date field parsed once per record, named property reads that V8 caches per call site), while skipping records created after `asOf` in place and collecting the touchpoint candidates (rule, emotion, date) and the keyed activities. For a decision alone (and at each replayed moment of a first sight), each quantifier is a generated loop run at most once per customer, lazily: “some” stops at the first match, “every” at the first miss, as json-logic-engine’s compiled `some` does. The `JourneyState` is assembled from the facts with the closure engine’s own helpers (templates, due dates, action keys), so both engines give the same JSON byte for byte (checked above, and by property tests over random journeys). Only names the generator makes up, numbers and field names validated as plain CRM field paths reach the source text; literals and texts are read from a constants array.',
  '- **First sight** replays the history through the generated conditions (lazily, at each replayed moment), then takes the generated pass for the state at `asOf`; the copies of the records at each moment and the transitions remain the closure engine’s.',
  '- **Where the time goes** (`node --conditions=@crm-journey/source --cpu-prof bench/engine-profile.ts generated steady 60`, self and callees, steady state): the generated pass about 25 % (of which reading the 10 records of each customer at all is most: a loop that only touches each record’s `Id` costs about 60 % of it, the records being spread over the heap), building the touchpoints 11 %, the next actions 10 % (keys, subjects, due dates), garbage collection 10 %, date parsing 9 % (touchpoint dates, the previous state’s entry and history times), the rest in resolving the stage, rendering guidance and the `JourneyState` objects themselves. Deciding the conditions, the part the generated code replaces, is now a small share: the remaining cost is producing the full state (about 20 objects and 30 strings per customer), which generated conditions do not reduce; that is why the full-state paths run at the speed of the closures while the decision alone is several times faster.',
]);

/** How the journey becomes json-rules-engine rules. */
export const jsonRulesTranslationNotes: BenchText = text([
  '### How the journey is translated to json-rules-engine',
  '',
  '`bench/json-rules-journey.ts` translates the normalised conditions of the journey (the AST the engine and the SOQL and Sugar compilers share), so both engines run the same rules:',
  '',
  '- **Facts**: one runtime fact per CRM object, holding the customer’s records of that object (`Opportunity`, `Case`, `Task`, …); objects without records are undefined facts (`allowUndefinedFacts`).',
  '- **Customer conditions**: `$and` / `$or` / `$not` become `all` / `any` / `not`. A quantified condition on an object becomes a condition on that object’s fact with a custom operator: `anyMatch`, `allMatch`, `noneMatch`, or `countMatch` (`{ where, op, n }`).',
  '- **Record conditions** (the `where` of a quantifier) become plain JSON in json-rules-engine’s vocabulary (`all`, `any`, `not`, `equal`, `greaterThanInclusive`, `in`, `contains`, …), interpreted per record inside the operators with the connector’s own coercion (`coerce`, `isBlank`), so that blanks, case-insensitive text and dates compare exactly as in the engine. Relative dates (`$withinLastDays`, `$olderThanDays`) become absolute bounds at `asOf` when the rules are built, as the SOQL compiler does; the rules are built once per sync run.',
  '- **Where the record rule lives**: by default the condition’s `value` is a number pointing into a table of record rules, because json-rules-engine deep-clones every evaluated rule’s conditions, values included, into its `RuleResult` on every run; the “inline” row puts the record rule itself in `value`, which makes the rules self-contained JSON and costs that clone.',
  '- **Stages**: one engine, one rule per stage with `priority` = stage index, stopped at the first rule that fires (`engine.stop()`), so it evaluates from the furthest stage down like `furthestMatchingStage`. **Segments**: one engine, the first declared segment first, stopped likewise. **Actions**: one engine per action list with conditional actions, run for the customer’s stage and segment.',
  '- Customers run one after the other (`await` per customer), as a sync loop would.',
]);

/** How the journey becomes json-logic-engine rules. */
export const jsonLogicTranslationNotes: BenchText = text([
  '### How the journey is translated to json-logic-engine',
  '',
  '`bench/json-logic-journey.ts` translates the same normalised conditions into JSON Logic and compiles every rule once with `LogicEngine.build`, which generates JavaScript (json-logic-engine’s compiled mode, its fastest):',
  '',
  '- **Data**: the customer’s records keyed by object, as for the engine; `{ "var": "Opportunity" }` is an object’s records and, inside a quantifier, `{ "var": "StageName" }` a field of one record.',
  '- **Customer conditions**: `and` / `or` / `!`; `$any` becomes `some`, `$none` `none`, `$all` `none` of the negation (JSON Logic’s `all` is false on an empty list), `$count` a `filter` whose length a method compares.',
  '- **Record conditions**: `and` / `or` / `!` and `var` are JSON Logic’s own; each comparison is a method (`cjCompare`, `cjIn`, `cjText`, `cjBlank`, `cjBetween`) calling the connector’s `coerce` and `isBlank`, as the json-rules-engine operators do, so blanks, case-insensitive text and dates compare exactly as in the engine. Relative dates become absolute bounds at `asOf`.',
  '- **Decision**: the stage rules are tried from the furthest stage down, the segments in order, then the actions of that stage as the segment overrides them; synchronous, one customer after the other.',
]);
