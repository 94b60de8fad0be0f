import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import '../../../src/define.ts';
import { b2bStages } from '../../../src/test-fixtures/b2b-stages.ts';
import { atRiskRussianState } from '../../../src/test-fixtures/journey-states.ts';
import type { CjJourneyPanel } from '../../../src/journey-panel/journey-panel.ts';
import { createModel, createSidecarApp, mountDashlet } from './sidecar-harness.ts';

// The Sugar dashlet controller in a Sidecar-shaped harness, its app.api calls answered by a real Sugar
// sandbox (the browser project forwards /sugar to one over loopback: scripts/sugar-sandbox-plugin.ts).

const { app, alerts, calls } = createSidecarApp('/sugar/rest/v11_23', 'seed_sally_id');
const legalReview = atRiskRussianState.nextActions.find((action) => action.mode === 'suggest');
let accountId = '';
let contactId = '';

/** Calls the sandbox as the test's own admin client would (the same app.api the dashlet uses). */
function call<T>(method: string, url: string, data: unknown = null): Promise<T> {
  return new Promise((resolve, reject) => {
    app.api.call(method, url, data, {
      success: (body) => {
        resolve(body as T);
      },
      error: reject,
    });
  });
}

async function tasksWithKey(
  key: string,
): Promise<{ id: string; name: string; parent_type: string; parent_id: string }[]> {
  const url = app.api.buildURL('Tasks', null, null, {
    filter: [{ journey_action_key_c: key }],
    fields: 'id,name,parent_type,parent_id',
  });
  return (await call<{ records: [] }>('read', url)).records;
}

beforeAll(async () => {
  await app.api.login('admin', 'asdf');
  // What the sync service wrote on the account, and a contact of it whose record view shows the dashlet.
  const account = await call<{ id: string }>('create', app.api.buildURL('Accounts'), {
    name: atRiskRussianState.customer.name,
    journey_stage_c: atRiskRussianState.stage,
    journey_state_c: JSON.stringify(atRiskRussianState),
  });
  accountId = account.id;
  contactId = (
    await call<{ id: string }>('create', app.api.buildURL('Contacts'), { last_name: 'Волков', account_id: accountId })
  ).id;
  Object.assign(window, {
    cjJourneyStages: { 'salesforce-b2b': b2bStages },
    cjJourneyNames: { 'salesforce-b2b': 'B2B customer journey' },
  });
});

afterEach(() => document.querySelector('[data-dashlet]')?.remove());

async function mountOnContact(): Promise<CjJourneyPanel> {
  const container = document.createElement('div');
  container.dataset['dashlet'] = '';
  document.body.append(container);
  await mountDashlet(app, 'Contacts', createModel({ id: contactId, account_id: accountId }), container);
  const panel = container.querySelector('cj-journey-panel') as CjJourneyPanel;
  await panel.updateComplete;
  return panel;
}

describe('the Sugar dashlet against a Sugar sandbox', () => {
  it('reads the account’s journey fields through app.api and renders the panel', async () => {
    const panel = await mountOnContact();
    expect(panel.state).toEqual(atRiskRussianState);
    expect(panel.status).toBe('ready');
    expect(panel.theme).toBe('sugar');
    expect(panel.journeyName).toBe('B2B customer journey');
    await expect.element(page.getByRole('button', { name: /, Stage 4 of 7, current stage$/ })).toBeVisible();
  });

  it('creates the Task of an accepted action once, with its action key, on the account', async () => {
    await mountOnContact();
    const key = legalReview?.key ?? '';
    expect(await tasksWithKey(key)).toEqual([]);
    const accept = page.getByRole('button', { name: `Accept “${legalReview?.subject ?? ''}”` });
    await accept.click();
    await vi.waitFor(async () => {
      expect(await tasksWithKey(key)).toHaveLength(1);
    });
    expect((await tasksWithKey(key))[0]).toMatchObject({
      name: legalReview?.subject,
      parent_type: 'Accounts',
      parent_id: accountId,
    });
    expect(alerts.at(-1)).toMatchObject({ id: 'cj-task-created', level: 'success' });

    // Until the next sync the stored state still offers it: on the next page load a second accept finds
    // the Task and creates none.
    document.querySelector('[data-dashlet]')?.remove();
    await mountOnContact();
    const count = alerts.length;
    const before = calls.length;
    await page.getByRole('button', { name: `Accept “${legalReview?.subject ?? ''}”` }).click();
    // The dashlet reloads the account once it has found (or created) the Task.
    await vi.waitFor(() => {
      expect(calls.slice(before).at(-1)).toMatch(new RegExp(`^read /sugar/rest/v11_23/Accounts/${accountId}\\?`));
    });
    expect(calls.slice(before).filter((line) => line.startsWith('create'))).toEqual([]);
    expect(await tasksWithKey(key)).toHaveLength(1);
    expect(alerts.length).toBe(count);
  });

  it('writes nothing when the rep dismisses a suggestion', async () => {
    await mountOnContact();
    const before = (await call<{ record_count: number }>('read', app.api.buildURL('Tasks', 'count'))).record_count;
    await page.getByRole('button', { name: `Dismiss “${legalReview?.subject ?? ''}”` }).click();
    await expect
      .element(page.getByRole('button', { name: `Dismiss “${legalReview?.subject ?? ''}”` }))
      .not.toBeInTheDocument();
    const after = (await call<{ record_count: number }>('read', app.api.buildURL('Tasks', 'count'))).record_count;
    expect(after).toBe(before);
  });
});
