import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../define.ts';
import { b2bStages } from '../test-fixtures/b2b-stages.ts';
import { onTimeLeadState } from '../test-fixtures/journey-states.ts';
import { cleanupPanels, expectNoAxeViolations, mountPanel, shadowOf } from '../test-fixtures/mount-panel.ts';

afterEach(cleanupPanels);

describe('loading, empty and error states', () => {
  it('says it is loading and marks the panel busy', async () => {
    const panel = await mountPanel({ status: 'loading' }, { lang: 'en' });
    await expect.element(page.getByText('Loading the customer journey…')).toBeVisible();
    await expect.element(page.getByRole('region', { name: 'Customer journey' })).toHaveAttribute('aria-busy', 'true');
    await expectNoAxeViolations(panel);
  });

  it('explains an error and shows the CRM message as text', async () => {
    const panel = await mountPanel(
      { status: 'error', errorMessage: 'INSUFFICIENT_ACCESS: no access to Journey_State__c' },
      { lang: 'en' },
    );
    const alert = page.getByRole('alert');
    await expect.element(alert).toBeVisible();
    const text = alert.element().textContent;
    expect(text).toContain('The customer journey could not be loaded');
    expect(text).toContain('tell your CRM admin');
    expect(text).toContain('INSUFFICIENT_ACCESS: no access to Journey_State__c');
    await expectNoAxeViolations(panel);
  });

  it('explains a customer with no journey yet', async () => {
    const panel = await mountPanel({ state: null }, { lang: 'en' });
    await expect.element(page.getByText('This customer is not on a journey yet')).toBeVisible();
    await expectNoAxeViolations(panel);
  });

  it('explains a customer that no stage matches, and keeps the history', async () => {
    const panel = await mountPanel(
      {
        state: { ...onTimeLeadState, stage: null, stageEnteredAt: null, timeInStage: null, nextActions: [] },
        stages: b2bStages,
      },
      { lang: 'en' },
    );
    await expect.element(page.getByText('No stage fits this customer yet')).toBeVisible();
    await expect.element(page.getByRole('region', { name: 'Stage history' })).toBeVisible();
    await expectNoAxeViolations(panel);
  });

  it('falls back to the state’s stage ids when the host passes no stages', async () => {
    const panel = await mountPanel({ state: onTimeLeadState, stages: [] }, { lang: 'en' });
    expect(shadowOf(panel).querySelectorAll('[part~="stage"]')).toHaveLength(1);
    await expect.element(page.getByRole('heading', { level: 3, name: 'awareness' })).toBeVisible();
  });

  it('starts over when the host switches to another customer', async () => {
    const panel = await mountPanel({ state: onTimeLeadState, stages: b2bStages }, { lang: 'en' });
    await page.getByRole('button', { name: /^Dismiss/ }).click();
    await expect.element(page.getByText('Nothing to do in this stage right now.')).toBeVisible();
    panel.state = { ...onTimeLeadState, customer: { ...onTimeLeadState.customer, id: '00Q000000000099AAA' } };
    await expect.element(page.getByRole('button', { name: /^Dismiss/ })).toBeVisible();
  });
});
