import type {
  CompiledAction,
  CompiledJourney,
  CrmRecord,
  CustomerCondition,
  CustomerRecords,
} from '@crm-journey/connector';
import { Engine, type TopLevelCondition } from 'json-rules-engine';
import { stageActions, type JourneyDecision } from './journey-decision.ts';
import { matchesRecord, toRecordRule, type RecordRule } from './json-rules-record-rule.ts';

/** The value of a `countMatch` condition: how many records must match `where`. */
interface CountRule {
  readonly where: RecordRule;
  readonly op: 'eq' | 'gt' | 'gte' | 'lt' | 'lte';
  readonly n: number;
}

/**
 * A json-rules-engine leaf: one fact (an object's records) through one quantifier operator. The value is
 * the record rule itself (inline), or its index in the decider's table (by reference).
 */
interface FactCondition {
  readonly fact: string;
  readonly operator: 'anyMatch' | 'allMatch' | 'noneMatch' | 'countMatch';
  readonly value: RecordRule | CountRule | number;
}

type JsonRulesCondition = TopLevelCondition | FactCondition;

/** Options for {@link createJsonRulesDecider}. */
export interface JsonRulesOptions {
  /**
   * Put each quantifier's record rule inline in the condition's `value`, so that the rules are
   * self-contained JSON. Default: a number referring to a table, because json-rules-engine deep-clones
   * every rule's conditions (values included) into its RuleResult on every run.
   */
  readonly inlineRecordRules?: boolean;
}

/** Decides one customer through json-rules-engine. */
export type JsonRulesDecider = (records: CustomerRecords) => Promise<JourneyDecision>;

const NO_RECORDS: readonly CrmRecord[] = [];

function recordsOf(fact: unknown): readonly CrmRecord[] {
  return Array.isArray(fact) ? (fact as CrmRecord[]) : NO_RECORDS;
}

function countMatches(records: readonly CrmRecord[], where: RecordRule): number {
  let count = 0;
  for (const record of records) if (matchesRecord(where, record)) count++;
  return count;
}

function compareCount(count: number, { op, n }: CountRule): boolean {
  if (op === 'eq') return count === n;
  if (op === 'gt') return count > n;
  if (op === 'gte') return count >= n;
  return op === 'lt' ? count < n : count <= n;
}

/** Reads a quantifier's rule from a condition value, inline or by reference. */
interface RuleLookup {
  readonly where: (value: unknown) => RecordRule;
  readonly count: (value: unknown) => CountRule;
}

/** Translates customer conditions, keeping the table that by-reference values point into. */
function createTranslator(
  asOf: number,
  inline: boolean,
): { topLevel: (condition: CustomerCondition) => TopLevelCondition; lookup: RuleLookup } {
  const table: (RecordRule | CountRule)[] = [];
  const valueOf = (rule: RecordRule | CountRule): RecordRule | CountRule | number =>
    inline ? rule : table.push(rule) - 1;
  /** A customer condition in json-rules-engine's shape: `all` / `any` / `not` over one fact per object. */
  const translate = (condition: CustomerCondition): JsonRulesCondition => {
    switch (condition.kind) {
      case 'and':
        return { all: condition.items.map(translate) };
      case 'or':
        return { any: condition.items.map(translate) };
      case 'not':
        return { not: translate(condition.item) };
      case 'quantified': {
        const where = toRecordRule(condition.where, asOf);
        const { object: fact, quantifier } = condition;
        if (quantifier.kind === 'count') {
          return { fact, operator: 'countMatch', value: valueOf({ where, op: quantifier.op, n: quantifier.n }) };
        }
        return { fact, operator: `${quantifier.kind}Match`, value: valueOf(where) };
      }
    }
  };
  return {
    topLevel: (condition: CustomerCondition): TopLevelCondition => {
      const translated = translate(condition);
      return 'fact' in translated ? { all: [translated] } : translated;
    },
    lookup: {
      where: (value: unknown) => (typeof value === 'number' ? table[value] : value) as RecordRule,
      count: (value: unknown) => (typeof value === 'number' ? table[value] : value) as CountRule,
    },
  };
}

/** An engine with the quantifier operators; `firstOnly` stops at the first rule that fires (highest priority). */
function newEngine(firstOnly: boolean, lookup: RuleLookup): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addOperator<unknown, unknown>('anyMatch', (fact, value) => {
    const where = lookup.where(value);
    return recordsOf(fact).some((record) => matchesRecord(where, record));
  });
  engine.addOperator<unknown, unknown>('allMatch', (fact, value) => {
    const where = lookup.where(value);
    return recordsOf(fact).every((record) => matchesRecord(where, record));
  });
  engine.addOperator<unknown, unknown>('noneMatch', (fact, value) => {
    const where = lookup.where(value);
    return !recordsOf(fact).some((record) => matchesRecord(where, record));
  });
  engine.addOperator<unknown, unknown>('countMatch', (fact, value) => {
    const rule = lookup.count(value);
    return compareCount(countMatches(recordsOf(fact), rule.where), rule);
  });
  if (firstOnly) engine.on('success', () => engine.stop());
  return engine;
}

/**
 * The journey's stage, segment and action conditions as json-rules-engine rules, built for one `asOf`:
 * one engine for the stages (priority = stage index, stopping at the first hit, so the furthest wins),
 * one for the segments (first declared wins), one per action list with conditional actions.
 * Each customer's records go in as runtime facts, one per object.
 *
 * @example
 * const decide = createJsonRulesDecider(journey, asOf);
 * await decide(customer.records); // { stage: 2, segment: 0, actions: [...] }
 */
export function createJsonRulesDecider(
  journey: CompiledJourney,
  asOf: number,
  options: JsonRulesOptions = {},
): JsonRulesDecider {
  const { topLevel, lookup } = createTranslator(asOf, options.inlineRecordRules === true);
  const stageEngine = newEngine(true, lookup);
  journey.definition.stages.forEach((stage, index) => {
    stageEngine.addRule({
      name: stage.id,
      priority: index + 1,
      conditions: topLevel(stage.when),
      event: { type: stage.id },
    });
  });
  const segmentEngine = newEngine(true, lookup);
  const segments = journey.definition.segments;
  segments.forEach((segment, index) => {
    const priority = segments.length - index;
    segmentEngine.addRule({
      name: segment.id,
      priority,
      conditions: topLevel(segment.when),
      event: { type: segment.id },
    });
  });
  const actionEngines = new Map<readonly CompiledAction[], Engine>();
  const lists = [
    journey.stages.map((stage) => stage.actions),
    journey.segments.flatMap((segment) => segment.stages.map((stage) => stage.actions)),
  ];
  for (const list of lists.flat()) {
    if (actionEngines.has(list) || list.every((action) => !action.definition.when)) continue;
    const engine = newEngine(false, lookup);
    for (const { definition } of list) {
      if (definition.when)
        engine.addRule({
          name: definition.id,
          conditions: topLevel(definition.when),
          event: { type: definition.id },
        });
    }
    actionEngines.set(list, engine);
  }
  const stageIndex = journey.stageIndex;
  const segmentIndex = new Map(segments.map((segment, index) => [segment.id, index]));

  return async (records) => {
    const stageRun = await stageEngine.run(records);
    const stage = stageIndex.get(stageRun.events[0]?.type ?? '') ?? -1;
    const segmentRun = await segmentEngine.run(records);
    const segment = segmentIndex.get(segmentRun.events[0]?.type ?? '') ?? -1;
    const list = stageActions(journey, stage, segment);
    const engine = actionEngines.get(list);
    const fired = engine ? new Set((await engine.run(records)).events.map((event) => event.type)) : undefined;
    const actions = list.filter((action) => !action.definition.when || fired?.has(action.definition.id) === true);
    return { stage, segment, actions: actions.map((action) => action.definition.id) };
  };
}
