import type { CustomerCondition, RecordCondition } from '../../conditions/condition-ast.ts';
import {
  containsIgnoringCase,
  equalsIgnoringCase,
  relativeDateBounds,
  compileRecordCondition,
  type CustomerPredicate,
  type RecordPredicate,
} from '../../conditions/evaluate-condition.ts';
import { coerce, isBlank, parseInstant, readField } from '../../records/field-values.ts';
import { isActivityClosed } from '../activities.ts';
import type { CompiledAction, CompiledJourney } from '../compile-journey.ts';
import { isLater } from '../replay-history.ts';
import { Facts } from './collected-facts.ts';
import { evaluateGenerated, type GeneratedRun } from './evaluate-generated.ts';
import { generateJourneyCode } from './generate-journey-code.ts';
import type { GeneratedJourneyModule } from './generated-module.ts';

/** The runtime the generated code calls: the oracle's own helpers, so both engines coerce alike. */
const HELPERS = {
  coerce,
  isBlank,
  parseInstant,
  readField,
  relativeDateBounds,
  equalsIgnoringCase,
  containsIgnoringCase,
  isLater,
  isActivityClosed,
};

/**
 * Instantiates generated source. `new Function` is the one place code is evaluated; it runs in Node only
 * (the browser panel keeps the closures, as Lightning's Content Security Policy forbids `eval`).
 */
function instantiate(source: string, constants: readonly unknown[]): GeneratedJourneyModule {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the source is built from the validated AST only
  const factory = new Function('K', 'H', source) as (
    k: readonly unknown[],
    h: typeof HELPERS,
  ) => GeneratedJourneyModule;
  return factory(constants, HELPERS);
}

/**
 * The same compiled journey with its conditions decided by generated code: the first condition asked
 * about a customer's records (at one `asOf`) runs the journey's `scan`, which decides all of them in one
 * pass over each object; the others read their bit. Touchpoint rules get generated record predicates.
 * The closure engine stays the oracle: the result is the same `JourneyState`, bit for bit.
 */
export function attachGeneratedCode(journey: CompiledJourney): CompiledJourney {
  const { source, constants, conditions, checks } = generateJourneyCode(journey.definition);
  const generated = instantiate(source, constants);
  const index = new Map<CustomerCondition, number>(conditions.map((condition, at) => [condition, at]));
  const facts = new Facts();
  const checkIndex = new Map<RecordCondition, number>(checks.map((condition, at) => [condition, at]));
  // One function for the journey: the checklists keep one cache of compiled conditions per compiler.
  const recordCompiler = (condition: RecordCondition): RecordPredicate =>
    generated.checks[checkIndex.get(condition) ?? -1] ?? compileRecordCondition(condition);
  const predicate = (condition: CustomerCondition): CustomerPredicate => {
    const holds = generated.conditions[index.get(condition) ?? -1];
    if (!holds) throw new Error(`The generated code has no function for the condition at ${condition.path}.`);
    return holds;
  };
  const actionsOf = (actions: readonly CompiledAction[]): CompiledAction[] =>
    actions.map(({ definition }) => ({ definition, when: definition.when && predicate(definition.when) }));
  const stages = journey.stages.map((stage) => ({
    definition: stage.definition,
    when: predicate(stage.definition.when),
    actions: actionsOf(stage.actions),
  }));
  const compiled: CompiledJourney = {
    definition: journey.definition,
    stages,
    moves: journey.moves.map(({ definition }) => ({ definition, when: predicate(definition.when) })),
    segments: journey.segments.map((segment) => ({
      definition: segment.definition,
      when: predicate(segment.definition.when),
      stages: segment.stages.map((override, index) => ({
        targetDays: override.targetDays,
        guidance: override.guidance,
        // A segment without its own actions shares the stage's, as the closure journey does.
        actions:
          override.actions === journey.stages[index]?.actions
            ? (stages[index]?.actions ?? [])
            : actionsOf(override.actions),
      })),
    })),
    touchpoints: journey.touchpoints.map((touchpoint, index) => {
      const [where, emotion] = generated.touchpoints[index] ?? [];
      if (!where || !emotion) throw new Error(`The generated code has no touchpoint rule ${String(index)}.`);
      return {
        definition: touchpoint.definition,
        where: where,
        emotion: touchpoint.emotion.map((rule, at) => ({
          where: emotion[at] ?? rule.where,
          score: rule.score,
        })),
      };
    }),
    stageIndex: journey.stageIndex,
    recordCompiler,
    evaluate: (input) => evaluateGenerated(run, input),
  };
  const run: GeneratedRun = {
    journey: compiled,
    module: generated,
    facts,
    moment: generated.moment,
    times: [],
  };
  return compiled;
}
