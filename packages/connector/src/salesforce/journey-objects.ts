// What a journey reads: the objects its conditions, touchpoints, templates and due dates name, and for
// each object the quantifiers it is used under (to decide whether a WHERE can narrow the read).
import type { CustomerCondition, Quantifier, RecordCondition } from '../conditions/condition-ast.ts';
import type { Template } from '../journey/template.ts';
import type { ActionDefinition, JourneyDefinition } from '../journey/journey-definition.ts';

/** How the journey uses one object. */
export interface ObjectUse {
  /** Every quantified condition on the object: its quantifier and record condition. */
  readonly quantified: { readonly quantifier: Quantifier; readonly where: RecordCondition }[];
  /** Used outside conditions (touchpoints, templates, due dates, action keys): every record is needed. */
  wholeObject: boolean;
}

function templateObjects(template: Template | undefined, into: Set<string>): void {
  for (const part of template ?? []) {
    if (typeof part === 'string') continue;
    into.add(part.object);
    for (const alternative of part.alternatives) into.add(alternative.object);
  }
}

/**
 * The objects a journey needs, with how each is used. Always includes the root, the lead object and the
 * activity objects that carry action keys (the engine matches existing tasks by key).
 */
export function journeyObjects(journey: JourneyDefinition): Map<string, ObjectUse> {
  const uses = new Map<string, ObjectUse>();
  const use = (object: string): ObjectUse => {
    let found = uses.get(object);
    if (!found) uses.set(object, (found = { quantified: [], wholeObject: false }));
    return found;
  };
  const walk = (node: CustomerCondition | undefined): void => {
    if (node === undefined) return;
    if (node.kind === 'quantified') use(node.object).quantified.push(node);
    else if (node.kind === 'not') walk(node.item);
    else node.items.forEach(walk);
  };
  const whole = new Set<string>([journey.root, journey.profile.lead.object]);
  if (journey.contactRoot !== undefined) whole.add(journey.contactRoot);
  for (const object of Object.values(journey.profile.activityObjects)) whole.add(object);
  const actions = (list: readonly ActionDefinition[] | undefined): void => {
    for (const action of list ?? []) {
      walk(action.when);
      templateObjects(action.subject, whole);
      templateObjects(action.description, whole);
      if (action.dueField) whole.add(action.dueField.object);
    }
  };
  for (const stage of journey.stages) {
    walk(stage.when);
    templateObjects(stage.guidance, whole);
    actions(stage.actions);
  }
  for (const move of journey.moves) walk(move.when);
  for (const segment of journey.segments) {
    walk(segment.when);
    for (const override of segment.stages.values()) {
      templateObjects(override.guidance, whole);
      actions(override.actions);
    }
  }
  for (const touchpoint of journey.touchpoints) whole.add(touchpoint.object);
  for (const object of whole) use(object).wholeObject = true;
  return uses;
}
