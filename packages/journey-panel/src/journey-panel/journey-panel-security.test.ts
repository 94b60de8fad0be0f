import type { JourneyState } from '@crm-journey/connector';
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../define.ts';
import type { CjRecordOpenEvent } from '../events/record-open-event.ts';
import { b2bStages } from '../test-fixtures/b2b-stages.ts';
import { overdueEnterpriseState } from '../test-fixtures/journey-states.ts';
import { cleanupPanels, mountPanel, shadowOf } from '../test-fixtures/mount-panel.ts';

declare global {
  interface Window {
    xssFired?: boolean;
  }
}

const IMG = '<img src=x onerror="window.xssFired=true">';
const SCRIPT = '<script>window.xssFired=true</script>';
const SVG = '<svg onload="window.xssFired=true"></svg>';
const JS_URL = 'javascript:window.xssFired=true';

/** A state where every CRM-sourced string carries markup or a script URL. */
const hostileState: JourneyState = {
  ...overdueEnterpriseState,
  customer: { type: 'Account', id: JS_URL, name: `${IMG} Acme` },
  segment: SCRIPT,
  guidance: `${SVG} call them`,
  history: overdueEnterpriseState.history.map((entry) => ({ ...entry, reason: `${IMG}${entry.reason}` })),
  touchpoints: overdueEnterpriseState.touchpoints.map((touchpoint) => ({
    ...touchpoint,
    subject: `${SCRIPT}${touchpoint.subject}`,
    recordId: JS_URL,
    object: `"><img src=x onerror="window.xssFired=true">`,
  })),
  nextActions: overdueEnterpriseState.nextActions.map((action) => ({
    ...action,
    subject: `${IMG}${action.subject}`,
    description: `<a href="${JS_URL}">click</a>`,
    recordId: action.recordId === null ? null : JS_URL,
  })),
};

afterEach(() => {
  cleanupPanels();
  delete window.xssFired;
});

describe('CRM values are inert text', () => {
  it('renders markup and script from the CRM as text, creating no elements and running nothing', async () => {
    const panel = await mountPanel(
      {
        state: hostileState,
        stages: b2bStages.map((stage) => ({ ...stage, label: `${IMG}${stage.label}`, goal: SVG })),
        ownerNames: { '005000000000001AAA': SCRIPT },
        userId: '',
      },
      { lang: 'en' },
    );
    await page.getByRole('button', { name: /^Show all/ }).click();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const root = shadowOf(panel);
    expect(root.querySelectorAll('img, script, iframe, object, embed, a, [onerror], [onload], [href]')).toHaveLength(0);
    expect(root.querySelectorAll('svg[onload]')).toHaveLength(0);
    expect(window.xssFired).toBeUndefined();
    await expect.element(page.getByRole('button', { name: `${IMG} Acme` })).toBeVisible();
    expect(root.textContent).toContain(SCRIPT);
    expect(root.textContent).toContain(`${SVG} call them`);
  });

  it('hands a javascript: record id to the host as a plain string and never navigates', async () => {
    await mountPanel({ state: hostileState, stages: b2bStages }, { lang: 'en' });
    const before = location.href;
    const opened: CjRecordOpenEvent[] = [];
    const listener = (event: CjRecordOpenEvent): void => {
      opened.push(event);
    };
    document.addEventListener('cj-record-open', listener);
    await page.getByRole('button', { name: `${IMG} Acme` }).click();
    await page.getByRole('button', { name: `${SCRIPT}Follow-up after loss` }).click();
    document.removeEventListener('cj-record-open', listener);
    expect(opened.map((event) => event.recordId)).toEqual([JS_URL, JS_URL]);
    expect(location.href).toBe(before);
    expect(window.xssFired).toBeUndefined();
  });

  it('shows a hostile error message as text', async () => {
    const panel = await mountPanel({ status: 'error', errorMessage: `${IMG}${SCRIPT}` });
    expect(shadowOf(panel).querySelectorAll('img, script')).toHaveLength(0);
    expect(shadowOf(panel).querySelector('.error-detail')?.textContent).toBe(`${IMG}${SCRIPT}`);
    expect(window.xssFired).toBeUndefined();
  });
});
