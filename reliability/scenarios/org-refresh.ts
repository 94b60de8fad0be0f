// `org-refresh`: after a sync under faults, the org is refreshed: another org (another Organization Id /
// Sugar site_id, other customers) answers at the same URL, and the same state file is used. The run must say
// CJ_ORG_CHANGED, drop what it kept for the old org (no old outbox batch may reach the new org) and read the
// new one in full (issue #19).
import { expectOutcome } from '../journey-invariant.ts';
import type { Scenario } from './scenario.ts';

/** The other org's id: a well-formed Salesforce Organization Id, or a Sugar site id. */
const REFRESHED: Readonly<Record<string, string>> = {
  salesforce: '00D00000000R2fREAA',
  sugarcrm: 'b7e2c1a4-refreshed-site',
};

/** A sandbox refresh behind the same URL. */
export const orgRefresh: Scenario = {
  description: 'another org behind the same URL with the same state file (a sandbox refresh)',
  run: async (context) => {
    const { crm, plan } = context;
    await context.runUnderFaults();
    const records = crm.records(plan.customers, `${plan.seed}:refreshed`);
    // Without faults: the first run after the refresh is the one that must report it (a run a fault stops
    // after the org check reports it to nobody, and the next one rightly sees no change).
    context.sandbox = await context.startOrg(records, {
      replacing: context.sandbox,
      org: REFRESHED[plan.crm] ?? 'refreshed',
    });
    const run = await context.run();
    if (run.summary?.orgChanged === undefined)
      context.violation(
        `the first run on the refreshed org did not report CJ_ORG_CHANGED: ${run.output.slice(0, 400)}`,
      );
    else context.note('orgChanged');
    return { want: expectOutcome(context.journey, records) };
  },
};
