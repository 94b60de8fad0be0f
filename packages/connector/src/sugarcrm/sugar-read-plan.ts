// What a read needs from the instance for one journey: the modules, the filter each can be narrowed by,
// and the modules whose audit log the replay needs.
import type { CustomerCondition, RecordCondition } from '../conditions/condition-ast.ts';
import { compileToSugarFilter, type SugarFilter } from '../conditions/compile-sugar-filter.ts';
import type { LinkRule } from '../profiles/crm-profile.ts';
import type { Template } from '../journey/template.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import type { SugarMetadata } from './sugar-metadata.ts';

/** One module to read besides the root, with the rules that place its records on a customer. */
export interface SugarModulePlan {
  readonly module: string;
  readonly rules: readonly LinkRule[];
  /** Activities are read after the records they may hang on. */
  readonly phase: 1 | 2;
  /** Extra and-ed filter entries that narrow the module without losing a record a quantifier needs. */
  readonly narrow: readonly SugarFilter[];
  /** Read the audit log of its records on first sight. */
  readonly audit: boolean;
}

/** The read plan of a journey. */
export interface SugarReadPlan {
  readonly root: string;
  readonly leads: string;
  readonly modules: readonly SugarModulePlan[];
}

interface Usage {
  readonly wheres: RecordCondition[];
  readonly fields: Set<string>;
  /** Used other than through `$any` (none, all, count, a template, a touchpoint, a due date). */
  whole: boolean;
}

function fieldsOf(condition: RecordCondition, into: Set<string>): void {
  if ('field' in condition) into.add(condition.field);
  if (condition.kind === 'and' || condition.kind === 'or') for (const item of condition.items) fieldsOf(item, into);
  if (condition.kind === 'not') fieldsOf(condition.item, into);
}

const hasRelativeDate = (condition: RecordCondition): boolean =>
  condition.kind === 'relativeDate' ||
  ((condition.kind === 'and' || condition.kind === 'or') && condition.items.some(hasRelativeDate)) ||
  (condition.kind === 'not' && hasRelativeDate(condition.item));

/** Where the journey reads each module, and how. */
function usages(journey: JourneyDefinition): Map<string, Usage> {
  const map = new Map<string, Usage>();
  const usage = (object: string): Usage => {
    let found = map.get(object);
    if (!found) map.set(object, (found = { wheres: [], fields: new Set(), whole: false }));
    return found;
  };
  const walk = (condition: CustomerCondition | undefined): void => {
    if (!condition) return;
    if (condition.kind === 'quantified') {
      const entry = usage(condition.object);
      fieldsOf(condition.where, entry.fields);
      // Relative dates count from the evaluation time, which a read does not know.
      if (condition.quantifier.kind === 'any' && !hasRelativeDate(condition.where)) entry.wheres.push(condition.where);
      else entry.whole = true;
    } else if (condition.kind === 'not') walk(condition.item);
    else for (const item of condition.items) walk(item);
  };
  const template = (parts: Template | undefined): void => {
    for (const part of parts ?? []) {
      if (typeof part === 'string') continue;
      for (const ref of [part, ...part.alternatives]) usage(ref.object).whole = true;
    }
  };
  const actions = journey.stages.flatMap((stage) => [
    ...stage.actions,
    ...journey.segments.flatMap((segment) => segment.stages.get(stage.id)?.actions ?? []),
  ]);
  for (const stage of journey.stages) {
    walk(stage.when);
    template(stage.guidance);
  }
  for (const segment of journey.segments) {
    walk(segment.when);
    for (const override of segment.stages.values()) template(override.guidance);
  }
  for (const move of journey.moves) walk(move.when);
  for (const action of actions) {
    walk(action.when);
    template(action.subject);
    template(action.description);
    if (action.dueField) usage(action.dueField.object).whole = true;
  }
  for (const touchpoint of journey.touchpoints) usage(touchpoint.object).whole = true;
  // The activity modules hold the action keys the engine looks up.
  const { activityObjects } = journey.profile;
  for (const action of actions) usage(activityObjects[action.type]);
  return map;
}

/**
 * Plans the read of a journey: every module it names (and the activity modules of its actions), each
 * with its link rules, a pushed-down filter when every use is `$any` (the or of the conditions, plus
 * activities that carry an action key), and whether its audit log is needed for the replay.
 */
export function planSugarRead(journey: JourneyDefinition, metadata: SugarMetadata): SugarReadPlan {
  const { profile, root } = journey;
  const rootKind = root.startsWith('Account') ? 'Account' : 'Contact';
  const leads = profile.lead.object;
  const used = usages(journey);
  used.delete(root);
  const modules: SugarModulePlan[] = [];
  // A module other records hang on (a contact's tasks) is read whole, or those records would lose their owner.
  const parents = new Set<string>([leads]);
  for (const object of used.keys()) {
    for (const rule of profile.objects[object]?.links[rootKind] ?? []) {
      if (rule.typeValue !== undefined) parents.add(rule.typeValue);
    }
  }
  if (!used.has(leads)) used.set(leads, { wheres: [], fields: new Set(), whole: true });
  for (const [module, usage] of used) {
    const known = metadata.modules.get(module);
    const custom = journey.links[module];
    if (!known) continue;
    // The catalogue's rules, kept to the fields this instance has (Meetings have no contact_id).
    const rules = (
      custom !== undefined ? [{ field: custom }] : (profile.objects[module]?.links[rootKind] ?? [])
    ).filter(
      (rule) =>
        known.fields[rule.field] !== undefined &&
        (rule.typeField === undefined || known.fields[rule.typeField] !== undefined),
    );
    if (rules.length === 0) continue;
    const role = profile.objects[module]?.role;
    const fields = new Set(usage.fields);
    if (fields.has('sales_status')) fields.add('sales_stage');
    const audit = [...fields].some((field) => known.audited.has(field));
    let narrow: SugarFilter[] = [];
    if (!usage.whole && !audit && !parents.has(module) && usage.wheres.length > 0) {
      const alternatives: SugarFilter[] = [];
      let all = false;
      for (const where of usage.wheres) {
        const compiled = compileToSugarFilter(where, {
          asOf: 0,
          fieldType: (field) => known.columns[field] ?? 'other',
        });
        if (!compiled.ok) {
          if (compiled.reason.startsWith('the condition can never match')) continue;
          all = true;
          break;
        }
        if (compiled.filter.length === 0) all = true;
        else
          alternatives.push(
            compiled.filter.length === 1 ? (compiled.filter[0] as SugarFilter) : { $and: compiled.filter },
          );
      }
      if (role === 'activity') alternatives.push({ [profile.actionKeyField]: { $not_null: '' } });
      if (!all && alternatives.length > 0)
        narrow = [alternatives.length === 1 ? (alternatives[0] as SugarFilter) : { $or: alternatives }];
    }
    modules.push({ module, rules, phase: role === 'activity' ? 2 : 1, narrow, audit });
  }
  return { root, leads, modules };
}
