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
      `The bundled journey \`${setup.journeyFile}\` (${String(setup.stages)} stages, ${String(setup.moves)} backward moves, ${String(setup.segments)} segments, ${String(setup.touchpointRules)} touchpoint rules), validated and compiled once, evaluated for ${setup.customers} synthetic customers of ${String(setup.recordsPerCustomer)} records each (\`bench/population.ts\`, seed ${String(setup.seed)}, evaluated at ${setup.asOf}).`,
      'Customers are accounts with contacts, 0–3 opportunities across the pipeline (open, won and lost; close dates from next quarter back to two years ago), cases (open, closed, escalated), calls, emails and meetings, plus some unconverted leads; they spread over every stage and backward move (last table).',
      'Every path is warmed up, then measured in turns (one round of each path per turn, over all customers, a garbage collection before each round), so that other load on the machine hits all paths alike; the tables give the median round. One process, one thread: the figures are for one core.',
    ]),
    text([
      '- **Steady state** is what an incremental sync does: each customer comes with its `previous` `JourneyState` (from an evaluation a week earlier, read back from JSON as from the CRM), so the engine takes one resolution step.',
      '- **First sight** has no previous state: the stage history is replayed at every moment a record was created, then at `asOf`.',
      `- Both produce the full \`JourneyState\`: stage, time in stage, segment, guidance, history, touchpoints with emotion and stage, next actions with keys, subjects, due dates, owners and status (per customer on average: ${averages.history} history entries, ${averages.touchpoints} touchpoints, ${averages.nextActions} next actions). No explanation.`,
      '- **Decision** is the part json-rules-engine can express: the furthest matching stage, the first matching segment, and which of that stage’s actions (as the segment overrides them) have their `when` satisfied. It is the like-for-like comparison.',
    ]),
  ];
}

/** What the engine does per customer to stay fast, and what still costs; for the text after the tables. */
export const engineCostNotes: BenchText = text([
  '### Where the engine spends its time',
  '',
  '- **Compiled once, evaluated per customer**: conditions are closures built when the journey is compiled; they loop over an object’s records without allocating, read a field with one property access, compare picklist text case-insensitively without lower-casing ASCII values, compute relative-date bounds once per `asOf`, and stop counting (`$count`) once the answer is known.',
  '- **Dates**: CRM date-times are parsed by a hand-written parser (no regular expression, no `Date`); a record created after `asOf` is found by comparing its ISO text with `asOf`’s, and a touchpoint’s time is the record’s own text when it already is ISO UTC (Salesforce’s `+0000` is rewritten to `Z`).',
  '- **First sight** parses each record’s creation time once and, at each replayed moment, copies only the objects that have records created later.',
  '- **What remains** (CPU profile of the steady-state path): building the touchpoints (their conditions, dates and objects) is the largest share, then resolving the stage (the stage and move conditions), hiding records created after `asOf`, and the next actions (keys, subjects, due dates); the closures’ field reads are megamorphic, as every condition shares one closure per kind. Closing the gap to the targets would take a different design, such as source code generated per journey and compiled with `new Function`, which the isomorphic core does not do (strict Content Security Policies, as in Lightning, forbid it).',
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
