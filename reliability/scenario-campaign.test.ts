import { describe, expect, it } from 'vitest';
import { planSchedule } from './campaign-plan.ts';
import { runCampaign } from './run-campaign.ts';

// The scenarios of docs/reliability.md (issue #19) at a reduced size, to keep `npm test` fast: four kinds
// once, 20 customers (the full run, every kind on both CRMs, is `npm run reliability -- --schedules 0
// --kills 0 --scenarios 10`). The clock skew and the org refresh have their own tests beside the code
// (salesforce-connector-clock, org-identity).
const PLANS = ['salesforce:time-jump', 'sugarcrm:two-writers', 'salesforce:shared-state', 'sugarcrm:broken-state'];

describe('the fault campaign’s scenarios', () => {
  it('keep every task once and every stage right months later, with two writers, a shared or a broken state file', async () => {
    const plans = PLANS.map((prefix, index) => ({ ...planSchedule(`${prefix}:ci:${String(index)}`), customers: 20 }));
    const result = await runCampaign(plans, { concurrency: 2 });
    expect(result.results.flatMap((schedule) => schedule.violations.map((text) => `${schedule.id}: ${text}`))).toEqual(
      [],
    );
    const events = Object.fromEntries(result.results.map((schedule) => [schedule.kind, schedule.events]));
    expect(events['time-jump']?.['refused']).toBe(1);
    expect(Object.keys(events['broken-state'] ?? {})).toHaveLength(1);
  }, 180_000);
});
