import type { CustomerCondition } from '../conditions/condition-ast.ts';
import type { Diagnostic } from '../source/diagnostic.ts';
import type { ActionDefinition, JourneyDefinition } from './journey-definition.ts';
import type { JourneyFile } from './journey-schema.ts';
import { diagnosticAt, type SourceDocument } from '../source/parse-source.ts';
import { didYouMean } from '../source/suggest.ts';
import { ownValue } from '../records/own-value.ts';

type Report = (
  path: readonly (string | number)[],
  rule: string,
  message: string,
  fix?: string,
  severity?: Diagnostic['severity'],
) => void;

function duplicateIds(
  ids: readonly string[],
  path: (index: number) => (string | number)[],
  what: string,
  report: Report,
): void {
  const seen = new Map<string, number>();
  ids.forEach((id, index) => {
    const first = seen.get(id);
    if (first === undefined) seen.set(id, index);
    else
      report(
        path(index),
        'duplicate-id',
        `${what} id "${id}" is used twice (first at index ${first}).`,
        'Ids must be unique: action keys and history are built from them.',
      );
  });
}

function checkDependencies(actions: readonly ActionDefinition[], path: (string | number)[], report: Report): void {
  const ids = actions.map((action) => action.id);
  duplicateIds(ids, (index) => [...path, index, 'id'], 'action', report);
  const byId = new Map(actions.map((action) => [action.id, action]));
  actions.forEach((action, index) => {
    action.after.forEach((blocker, position) => {
      if (!byId.has(blocker)) {
        report(
          [...path, index, 'after', position],
          'unknown-action',
          `"${blocker}" is not an action of this stage.`,
          didYouMean(blocker, ids) ?? `Actions here: ${ids.join(', ')}.`,
        );
      } else if (blocker === action.id) {
        report(
          [...path, index, 'after', position],
          'cyclic-dependency',
          `action "${action.id}" waits for itself.`,
          'Remove it from its own after list.',
        );
      }
    });
  });
  // Depth-first search for cycles longer than one; each cycle is reported once, at its first action.
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(id)), id];
      if (cycle.length > 2) {
        const index = ids.indexOf(id);
        report(
          [...path, index, 'after'],
          'cyclic-dependency',
          `actions wait for each other in a cycle: ${cycle.join(' -> ')}.`,
          'Break the cycle: remove one of these after entries.',
        );
      }
      return;
    }
    state.set(id, 'visiting');
    stack.push(id);
    for (const blocker of byId.get(id)?.after ?? []) if (blocker !== id && byId.has(blocker)) visit(blocker);
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of ids) visit(id);
}

function conjuncts(condition: CustomerCondition): readonly CustomerCondition[] {
  return condition.kind === 'and' ? condition.items.flatMap(conjuncts) : [condition];
}

function sameCondition(a: unknown, b: unknown): boolean {
  return (
    JSON.stringify(a, (key, value: unknown) => (key === 'path' ? undefined : value)) ===
    JSON.stringify(b, (key, value: unknown) => (key === 'path' ? undefined : value))
  );
}

/** Objects whose records cannot be attached to a customer rooted at `root`. */
function unlinkedObjects(condition: CustomerCondition, journey: JourneyDefinition): string[] {
  const rootKind = journey.root.startsWith('Account') ? 'Account' : 'Contact';
  const out: string[] = [];
  const walk = (node: CustomerCondition): void => {
    if (node.kind === 'quantified') {
      const profile = ownValue(journey.profile.objects, node.object);
      const linked =
        node.object === journey.root ||
        ownValue(journey.links, node.object) !== undefined ||
        profile?.links[rootKind] !== undefined;
      if (!linked) out.push(node.object);
    } else if (node.kind === 'not') walk(node.item);
    else node.items.forEach(walk);
  };
  walk(condition);
  return out;
}

/** The semantic rules that run after normalisation; they report, never throw. */
export function applyJourneyRules(
  journey: JourneyDefinition,
  source: JourneyFile,
  document: SourceDocument,
  diagnostics: Diagnostic[],
): void {
  const report: Report = (path, rule, message, fix, severity = 'error') => {
    diagnostics.push(diagnosticAt(document, path, severity, rule, message, fix));
  };
  duplicateIds(
    source.stages.map((stage) => stage.id),
    (index) => ['stages', index, 'id'],
    'stage',
    report,
  );
  duplicateIds(
    source.moves.map((move) => move.id),
    (index) => ['moves', index, 'id'],
    'move',
    report,
  );
  duplicateIds(
    source.segments.map((segment) => segment.id),
    (index) => ['segments', index, 'id'],
    'segment',
    report,
  );
  duplicateIds(
    source.touchpoints.map((touchpoint) => touchpoint.id),
    (index) => ['touchpoints', index, 'id'],
    'touchpoint',
    report,
  );

  journey.stages.forEach((stage) => {
    checkDependencies(stage.actions, ['stages', stage.index, 'actions'], report);
  });
  journey.segments.forEach((segment, index) => {
    for (const [stageId, override] of segment.stages) {
      if (override.actions)
        checkDependencies(override.actions, ['segments', index, 'stages', stageId, 'actions'], report);
    }
  });

  // A stage is unreachable when a later stage's condition is a subset of its own conjuncts:
  // whenever it matches, the later stage matches too and, being further, wins.
  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  journey.stages.forEach((stage) => {
    if (hasErrors) return;
    const mine = conjuncts(stage.when);
    const shadow = journey.stages.find(
      (later) =>
        later.index > stage.index &&
        conjuncts(later.when).length > 0 &&
        conjuncts(later.when).every((item) => mine.some((own) => sameCondition(own, item))),
    );
    if (shadow !== undefined) {
      report(
        ['stages', stage.index, 'when'],
        'unreachable-stage',
        `stage "${stage.id}" can never be the current stage: whenever its condition holds, the condition of the later stage "${shadow.id}" holds too.`,
        `Make "${shadow.id}" more specific, or move the two stages.`,
        'warning',
      );
    }
  });

  const linkCheck = (condition: CustomerCondition | undefined, path: (string | number)[]): void => {
    if (!condition) return;
    for (const object of unlinkedObjects(condition, journey)) {
      report(
        path,
        'unlinked-object',
        `${object} records are never attached to a customer whose root is ${journey.root}, so this condition cannot see them.`,
        `Add customer.links.${object}: <field pointing at ${journey.root}>, or use another object.`,
        'warning',
      );
    }
  };
  journey.stages.forEach((stage) => {
    linkCheck(stage.when, ['stages', stage.index, 'when']);
  });
  journey.moves.forEach((move, index) => {
    linkCheck(move.when, ['moves', index, 'when']);
    if (move.fromIndexes.size === 0 && !hasErrors) {
      report(
        ['moves', index],
        'move-never-applies',
        `move "${move.id}" applies from no stage, so it can never happen.`,
        'Give it a `to` before the last stage, or list the stages in `from`.',
        'warning',
      );
    }
  });
  journey.segments.forEach((segment, index) => {
    linkCheck(segment.when, ['segments', index, 'when']);
  });
}
