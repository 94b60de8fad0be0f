import type { Crm } from '@crm-journey/connector';
import { describe, expect, it } from 'vitest';
import { planCampaign, planSchedule } from './campaign-plan.ts';
import { runCampaign } from './run-campaign.ts';
import { runSchedule } from './run-schedule.ts';

// The campaign of docs/reliability.md at a reduced size: four fault schedules and one SIGKILL schedule
// per CRM (the full run is `npm run reliability -- --schedules 200 --kills 20`).
describe.each<Crm>(['salesforce', 'sugarcrm'])('the fault campaign against the %s sandbox', (crm) => {
  it('keeps every task exactly once, every stage right and every transition, under faults and a SIGKILL', async () => {
    const plans = planCampaign({ schedules: 4, kills: 1, crms: [crm], seed: 'ci' });
    const result = await runCampaign(plans, { concurrency: 2 });
    expect(result.results.flatMap((schedule) => schedule.violations.map((text) => `${schedule.id}: ${text}`))).toEqual(
      [],
    );
    expect(result.schedules).toBe(4);
    expect(result.kills).toBe(1);
    expect(Object.values(result.faults).reduce((n, k) => n + k, 0)).toBeGreaterThan(4);
  }, 120_000);
});

describe('the invariant', () => {
  it('catches a missing task, a task nobody expects and a wrong stage', async () => {
    const result = await runSchedule(planSchedule('sugarcrm:faults:tamper:0'), {
      beforeCheck: (sandbox) => {
        const tasks = sandbox.inspect.records('Tasks').filter((task) => task['journey_action_key_c']);
        const [first, second] = tasks;
        const account = sandbox.inspect.records('Accounts').find((record) => record['journey_stage_c']);
        if (!first || !second || !account) throw new Error('the sync created too little to tamper with');
        sandbox.update('Tasks', String(second['id']), { journey_action_key_c: first['journey_action_key_c'] });
        sandbox.update('Tasks', String(first['id']), { journey_action_key_c: 'cj:not-expected' });
        sandbox.update('Accounts', String(account['id']), { journey_stage_c: 'no-such-stage' });
      },
    });
    const text = result.violations.join('\n');
    expect(text).toMatch(/task cj:not-expected was created but no action expects it/);
    expect(text).toMatch(/exists 0 times, expected once/);
    expect(text).toMatch(/Accounts \S+ is in stage no-such-stage/);
  }, 60_000);

  it('replays a schedule from its id alone', () => {
    expect(planSchedule('salesforce:kill:7:3')).toEqual(planSchedule('salesforce:kill:7:3'));
    expect(() => planSchedule('oracle:faults:1:0')).toThrow(/Bad schedule id/);
  });
});
