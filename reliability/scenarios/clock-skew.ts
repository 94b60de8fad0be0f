// `clock-skew`: the sync host's clock is 5 or 10 minutes off the CRM's, differently for two runs, and leads are
// worked in the CRM between them. The org must end as a twin org does, synced at the same moments by a host
// whose clock is the CRM's: the second (incremental) run reads the edit because its watermark comes from the
// CRM's clock, not the host's (issue #19).
import { join } from 'node:path';
import { DEFAULT_AS_OF, type StartedSandbox } from '@crm-journey/sandbox';
import { referenceOutcome } from '../reference-org.ts';
import type { Scenario, ScheduleContext } from './scenario.ts';

const MINUTE = 60_000;
const SKEWS = [-10, -5, 5, 10].map((minutes) => minutes * MINUTE);

/** The edit an admin makes: a lead contacted, which moves it to the journey's engagement stage. */
const CONTACTED: Readonly<Record<string, { field: string; value: string; leaves: readonly string[] }>> = {
  Lead: { field: 'Status', value: 'Working - Contacted', leaves: ['Working - Contacted', 'Closed - Not Converted'] },
  Leads: { field: 'status', value: 'In Process', leaves: ['In Process', 'Dead'] },
};

/** Marks up to five unconverted leads contacted, the same ones in every org given; returns how many. */
function contactLeads(context: ScheduleContext, orgs: readonly StartedSandbox[]): number {
  const root = context.crm.roots.find((candidate) => candidate.object in CONTACTED);
  const edit = root && CONTACTED[root.object];
  if (!root || !edit) throw new Error(`no lead object among ${context.crm.roots.map((r) => r.object).join(', ')}`);
  const leads = context.sandbox.inspect
    .records(root.object)
    .filter((lead) => root.skip?.(lead) !== true && !edit.leaves.includes(String(lead[edit.field])));
  const chosen = leads.filter(() => context.random() < 0.3).slice(0, 5);
  if (chosen.length === 0 && leads[0]) chosen.push(leads[0]);
  for (const org of orgs)
    for (const lead of chosen) org.update(root.object, String(lead[context.crm.idField]), { [edit.field]: edit.value });
  return chosen.length;
}

/** Host clock skewed ±5/±10 minutes against the CRM's, with an edit between two runs. */
export const clockSkew: Scenario = {
  description: 'host clock ±5/±10 min off the CRM, leads worked in the CRM between two runs; equals a twin',
  run: async (context) => {
    const { clock } = context;
    const pick = (): number => SKEWS[Math.floor(context.random() * SKEWS.length)] ?? 0;
    const skews = [pick(), pick()];
    const twin = await context.startOrg(context.crm.records(context.plan.customers, context.plan.seed));
    const twinState = join(context.dir, 'twin.sqlite');
    // Each run evaluates 11 minutes before the CRM's time: never in the future of a host 10 minutes behind.
    const both = async (skew: number): Promise<void> => {
      const asOf = clock.now() - 11 * MINUTE;
      await context.runUnderFaults({ asOf, hostTime: clock.now() + skew });
      await context.run({ org: twin, stateFile: twinState, asOf, hostTime: clock.now() });
    };
    clock.set(DEFAULT_AS_OF + 11 * MINUTE);
    await both(skews[0] ?? 0);
    clock.set(clock.now() + 2 * MINUTE);
    context.note('edited', contactLeads(context, [context.sandbox, twin]));
    clock.set(clock.now() + 17 * MINUTE);
    await both(skews[1] ?? 0);
    for (const skew of skews) context.note(`host ${String(skew / MINUTE)} min`);
    const { want, problems } = referenceOutcome(context.crm, twin);
    for (const problem of problems) context.violation(problem);
    // An edit a skewed run missed stays missed: the clean run reads on from the same watermark.
    return { want, cleanRuns: [{ asOf: clock.now() - 11 * MINUTE, hostTime: clock.now() + (skews[1] ?? 0) }] };
  },
};
