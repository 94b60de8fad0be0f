// Sugar keeps deals in one of two modes (Admin > Opportunities, `opps_view_by`), and the deal's stage lives
// in a different field in each. A journey that reads only the other mode's field places every customer on
// a wrong stage without an error, so the check says so.
import type { CustomerCondition, RecordCondition } from '../conditions/condition-ast.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import { diagnosticAt, parseSource } from '../source/parse-source.ts';
import type { Diagnostic } from '../source/diagnostic.ts';

/** `Opportunities` (opportunities only) or `RevenueLineItems` (opportunities with revenue line items). */
export type SugarOppsMode = 'Opportunities' | 'RevenueLineItems';

/** The mode as `GET /metadata` gives it (`modules.Opportunities.config.opps_view_by`); undefined if not said. */
export function oppsModeOf(value: unknown): SugarOppsMode | undefined {
  return value === 'Opportunities' || value === 'RevenueLineItems' ? value : undefined;
}

function fieldsOf(condition: RecordCondition, into: Set<string>): Set<string> {
  if ('field' in condition) into.add(condition.field);
  if (condition.kind === 'and' || condition.kind === 'or') for (const item of condition.items) fieldsOf(item, into);
  if (condition.kind === 'not') fieldsOf(condition.item, into);
  return into;
}

function quantified(condition: CustomerCondition | undefined, into: CustomerCondition[]): CustomerCondition[] {
  if (!condition) return into;
  if (condition.kind === 'quantified') into.push(condition);
  else if (condition.kind === 'not') quantified(condition.item, into);
  else for (const item of condition.items) quantified(item, into);
  return into;
}

// `stages[2].when.Opportunities` → ['stages', 2, 'when', 'Opportunities'].
const pathOf = (text: string): (string | number)[] =>
  [...text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((match) =>
    match[2] === undefined ? (match[1] ?? '') : Number(match[2]),
  );

/**
 * Warnings for the conditions on Opportunities that read only the field the instance's mode does not keep:
 * `sales_status` without `sales_stage` on an instance running opportunities only (it is never set there, so
 * every deal looks open), `sales_stage` without `sales_status` on one with revenue line items (the deal's
 * status is rolled up into `sales_status`; the stages live on the line items).
 */
export function oppsModeWarnings(
  journey: JourneyDefinition,
  text: string,
  file: string,
  mode: SugarOppsMode | undefined,
): Diagnostic[] {
  if (mode === undefined) return [];
  const { document } = parseSource(text, file);
  if (!document) return [];
  const conditions: CustomerCondition[] = [];
  for (const stage of journey.stages) {
    quantified(stage.when, conditions);
    for (const action of stage.actions) quantified(action.when, conditions);
  }
  for (const move of journey.moves) quantified(move.when, conditions);
  for (const segment of journey.segments) quantified(segment.when, conditions);
  const [kept, other] = mode === 'Opportunities' ? ['sales_stage', 'sales_status'] : ['sales_status', 'sales_stage'];
  const described =
    mode === 'Opportunities'
      ? 'runs opportunities only (opps_view_by = Opportunities): it keeps the stage in sales_stage and never sets sales_status, so this condition sees every deal as open'
      : 'keeps deals with revenue line items (opps_view_by = RevenueLineItems): the stages live on the line items and the deal’s status is rolled up into sales_status';
  return conditions.flatMap((condition) => {
    if (condition.kind !== 'quantified' || condition.object !== 'Opportunities') return [];
    const fields = fieldsOf(condition.where, new Set());
    if (!fields.has(other) || fields.has(kept)) return [];
    return [
      diagnosticAt(
        document,
        pathOf(condition.path),
        'warning',
        'sugar-opps-mode',
        `reads Opportunities.${other}, but this SugarCRM instance ${described}.`,
        `Read ${kept} in this condition too (e.g. \`$or: [{ ${other}: Closed Won }, { ${kept}: Closed Won }]\`), so the journey works in both modes.`,
      ),
    ];
  });
}
