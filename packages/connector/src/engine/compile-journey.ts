import {
  compileCustomerCondition,
  compileRecordCondition,
  type CustomerPredicate,
  type RecordPredicate,
} from '../conditions/evaluate-condition.ts';
import type {
  ActionDefinition,
  JourneyDefinition,
  MoveDefinition,
  SegmentDefinition,
  StageDefinition,
  TouchpointDefinition,
} from '../journey/journey-definition.ts';
import type { RecordCondition } from '../conditions/condition-ast.ts';
import type { CustomerInput } from './customer-input.ts';
import type { JourneyState } from './journey-state.ts';
import { attachGeneratedCode } from './compiled/attach-generated-code.ts';
import type { Template } from '../journey/template.ts';

/** An action with its condition compiled. */
export interface CompiledAction {
  readonly definition: ActionDefinition;
  readonly when: CustomerPredicate | undefined;
}

/** A stage with its conditions compiled. */
export interface CompiledStage {
  readonly definition: StageDefinition;
  readonly when: CustomerPredicate;
  readonly actions: readonly CompiledAction[];
}

/** A segment with its condition compiled. */
export interface CompiledSegment {
  readonly definition: SegmentDefinition;
  readonly when: CustomerPredicate;
  /** Per stage index: target, guidance and actions as overridden by this segment. */
  readonly stages: readonly {
    readonly targetDays: number | undefined;
    readonly guidance: Template | undefined;
    readonly actions: readonly CompiledAction[];
  }[];
}

/** A journey compiled once into closures, ready to evaluate many customers. */
export interface CompiledJourney {
  readonly definition: JourneyDefinition;
  readonly stages: readonly CompiledStage[];
  readonly moves: readonly { readonly definition: MoveDefinition; readonly when: CustomerPredicate }[];
  readonly segments: readonly CompiledSegment[];
  readonly touchpoints: readonly {
    readonly definition: TouchpointDefinition;
    readonly where: RecordPredicate;
    readonly emotion: readonly { readonly where: RecordPredicate; readonly score: number }[];
  }[];
  readonly stageIndex: ReadonlyMap<string, number>;
  /** With generated code: the checklists' record conditions as generated predicates (else the closures'). */
  readonly recordCompiler?: (condition: RecordCondition) => RecordPredicate;
  /** With generated code: evaluates a customer in its place (`evaluateCustomer` hands over to it). */
  readonly evaluate?: (input: CustomerInput) => JourneyState;
}

/** How to compile a journey. */
export interface CompileJourneyOptions {
  /**
   * Evaluate through code generated for this journey and run with `new Function`: one pass over each
   * object's records per customer decides every condition and gathers touchpoints and activities. For
   * Node only: the browser keeps the closures, as strict Content Security Policies (Lightning's) forbid it.
   */
  readonly codegen?: boolean;
}

function compileActions(actions: readonly ActionDefinition[]): CompiledAction[] {
  return actions.map((definition) => ({
    definition,
    when: definition.when && compileCustomerCondition(definition.when),
  }));
}

/**
 * Compiles a validated journey into closures. Do it once; evaluate every customer with the result.
 *
 * @example
 * const compiled = compileJourney(validateJourney(text, file).journey!, { codegen: true });
 * const state = evaluateCustomer(compiled, { customer, records, asOf: Date.now() });
 */
export function compileJourney(definition: JourneyDefinition, options: CompileJourneyOptions = {}): CompiledJourney {
  const compiled = compileClosures(definition);
  return options.codegen === true ? attachGeneratedCode(compiled) : compiled;
}

function compileClosures(definition: JourneyDefinition): CompiledJourney {
  const stages = definition.stages.map((stage) => ({
    definition: stage,
    when: compileCustomerCondition(stage.when),
    actions: compileActions(stage.actions),
  }));
  return {
    definition,
    stages,
    moves: definition.moves.map((move) => ({ definition: move, when: compileCustomerCondition(move.when) })),
    segments: definition.segments.map((segment) => ({
      definition: segment,
      when: compileCustomerCondition(segment.when),
      stages: stages.map((stage) => {
        const override = segment.stages.get(stage.definition.id);
        return {
          targetDays: override?.targetDays ?? stage.definition.targetDays,
          guidance: override?.guidance ?? stage.definition.guidance,
          actions: override?.actions ? compileActions(override.actions) : stage.actions,
        };
      }),
    })),
    touchpoints: definition.touchpoints.map((touchpoint) => ({
      definition: touchpoint,
      where: compileRecordCondition(touchpoint.where),
      emotion: touchpoint.emotion.map((rule) => ({ where: compileRecordCondition(rule.where), score: rule.score })),
    })),
    stageIndex: new Map(definition.stages.map((stage) => [stage.id, stage.index])),
  };
}
