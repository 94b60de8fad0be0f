import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent, type Locator } from 'vitest/browser';
import '../define.ts';
import type { CjActionAcceptEvent } from '../events/action-accept-event.ts';
import type { CjActionDismissEvent } from '../events/action-dismiss-event.ts';
import { CjRecordOpenEvent } from '../events/record-open-event.ts';
import { CjStageSelectEvent } from '../events/stage-select-event.ts';
import { b2bStages } from '../test-fixtures/b2b-stages.ts';
import { convertedAccountState, onTimeLeadState, overdueEnterpriseState } from '../test-fixtures/journey-states.ts';
import { cleanupPanels, expectNoAxeViolations, mountPanel, shadowOf } from '../test-fixtures/mount-panel.ts';
import { CjJourneyPanel } from './journey-panel.ts';

/** The element's text with whitespace collapsed (`toHaveTextContent` compares whole strings only). */
function textOf(locator: Locator): string {
  return locator.element().textContent.replace(/\s+/g, ' ').trim();
}

function activeText(panel: CjJourneyPanel): string {
  return (shadowOf(panel).activeElement?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

const EVENTS = ['cj-action-accept', 'cj-action-dismiss', 'cj-stage-select', 'cj-record-open'] as const;

/** Collects the panel's events as they reach `document`: proof that they bubble out of the shadow root. */
function recordEvents(): { events: Event[]; stop: () => void } {
  const events: Event[] = [];
  const listener = (event: Event): void => {
    events.push(event);
  };
  for (const type of EVENTS) document.addEventListener(type, listener);
  return {
    events,
    stop: () => {
      for (const type of EVENTS) document.removeEventListener(type, listener);
    },
  };
}

function mountEnterprise(): Promise<CjJourneyPanel> {
  return mountPanel({ state: overdueEnterpriseState, stages: b2bStages }, { lang: 'en' });
}

afterEach(cleanupPanels);

describe('rendering', () => {
  it('is registered under its tag', () => {
    expect(document.createElement('cj-journey-panel')).toBeInstanceOf(CjJourneyPanel);
  });

  it('shows the stage track with the current stage, completed stages and the stage left by a backward move', async () => {
    await mountEnterprise();
    await expect.element(page.getByRole('heading', { level: 2, name: 'Customer journey' })).toBeVisible();
    const track = page.getByRole('list', { name: 'Journey stages' });
    expect(track.getByRole('listitem').all()).toHaveLength(7);
    const current = track.getByRole('button', { name: /^Engagement ?, Stage 2 of 7, current stage$/ });
    await expect.element(current).toHaveAttribute('aria-current', 'step');
    await expect.element(track.getByRole('button', { name: /^Awareness ?, Stage 1 of 7, completed$/ })).toBeVisible();
    await expect
      .element(track.getByRole('button', { name: /^Evaluation ?, Stage 3 of 7, reached before, moved back$/ }))
      .toBeVisible();
    await expect.element(track.getByRole('button', { name: /^Advocacy ?, Stage 7 of 7, upcoming$/ })).toBeVisible();
  });

  it('shows time in stage against the target, the goal and the guidance', async () => {
    await mountEnterprise();
    const card = page.getByRole('region', { name: 'Engagement' });
    await expect.element(card.getByText('Overdue', { exact: true })).toBeVisible();
    await expect.element(card.getByText('51 days in this stage')).toBeVisible();
    await expect.element(card.getByText('target 21 days · since Sep 30, 2026')).toBeVisible();
    await expect
      .element(card.getByText('Learn whether their approach fits how we work.', { exact: false }))
      .toBeVisible();
    await expect.element(card.getByText(/^Map the buying group at Zakłady/)).toBeVisible();
  });

  it('brings time in stage forward to `now` and turns a passed target overdue', async () => {
    const panel = await mountPanel({ state: onTimeLeadState, stages: b2bStages }, { lang: 'en' });
    await expect.element(page.getByText('On time', { exact: true })).toBeVisible();
    // The bar's width is set through CSSOM (a strict style-src CSP allows it) and follows the time.
    const bar = (): string => shadowOf(panel).querySelector<HTMLElement>('.bar-fill')?.style.inlineSize ?? '';
    const before = Number.parseInt(bar(), 10);
    expect(bar()).toMatch(/^\d+%$/);
    expect(before).toBeLessThan(100);
    panel.now = new Date('2026-12-03T14:00:00.000Z');
    await expect.element(page.getByText('Overdue', { exact: true })).toBeVisible();
    await expect.element(page.getByText('15 days in this stage')).toBeVisible();
    expect(bar()).toBe('100%');
  });

  it('lists next actions with type, due date, owner, status and blockers', async () => {
    await mountEnterprise();
    const actions = page.getByRole('region', { name: /^Next actions/ });
    const items = actions.getByRole('listitem');
    expect(items.all()).toHaveLength(4);
    const first = textOf(items.nth(0));
    expect(first).toMatch(/^Call: Discovery call with Zakłady Mechaniczne Wiśniewski S\.A\. To do/);
    expect(first).toContain('Due Oct 5, 2026 (7 weeks ago)');
    expect(first).toContain('Owner: you');
    expect(textOf(items.nth(1))).toContain('Suggested');
    expect(textOf(items.nth(2))).toContain('Waiting for: Discovery call with Zakłady Mechaniczne');
    await expect.element(items.nth(2).getByRole('button')).not.toBeInTheDocument();
    expect(textOf(items.nth(3))).toContain('Done');
    await expect
      .element(
        actions.getByRole('button', { name: 'Create task “Discovery call with Zakłady Mechaniczne Wiśniewski S.A.”' }),
      )
      .toBeVisible();
    await expect
      .element(actions.getByRole('button', { name: 'Accept “Map the new buying group after the reorganisation”' }))
      .toBeVisible();
  });

  it('shows the history newest first with the backward move and its outcome, and the lead phase', async () => {
    await mountEnterprise();
    const history = page.getByRole('region', { name: 'Stage history' });
    const entries = history.getByRole('listitem');
    await expect.element(entries.nth(0)).toBeVisible();
    expect(textOf(entries.nth(0))).toBe(
      'Engagement Deal lost Sep 30, 2026 moved back from Evaluation Every open deal was lost; back to nurturing.',
    );
    expect(textOf(entries.nth(3))).toMatch(/^Awareness Mar 1, 2026 first stage/);

    cleanupPanels();
    await mountPanel({ state: convertedAccountState, stages: b2bStages, convertedAt: '2026-07-14T00:00:00Z' });
    const phases = page.getByRole('heading', { level: 4 });
    await expect.element(phases.nth(0)).toHaveTextContent('As a customer');
    expect(textOf(phases.nth(1))).toBe('As a lead');
  });

  it('draws the emotion curve with a text alternative and lists touchpoints with "show all"', async () => {
    const panel = await mountEnterprise();
    const touchpoints = page.getByRole('region', { name: /^Touchpoints/ });
    await expect
      .element(touchpoints.getByRole('img', { name: /^How the customer felt across the journey/ }))
      .toHaveAccessibleName(
        'How the customer felt across the journey 4 positive, 2 neutral and 4 negative; latest: positive.',
      );
    const points = shadowOf(panel).querySelector('polyline')?.getAttribute('points')?.split(' ') ?? [];
    expect(points).toHaveLength(10);
    // Positive emotion sits above the axis (smaller y), negative below.
    const ys = points.map((point) => Number(point.split(',')[1]));
    expect(ys[4]).toBeLessThan(70);
    expect(ys[7]).toBeGreaterThan(70);
    expect(touchpoints.getByRole('listitem').all()).toHaveLength(5);
    await touchpoints.getByRole('button', { name: 'Show all 10' }).click();
    expect(touchpoints.getByRole('listitem').all()).toHaveLength(10);
    await expect
      .element(touchpoints.getByRole('button', { name: 'Show fewer' }))
      .toHaveAttribute('aria-expanded', 'true');
  });

  it('names the customer’s journey in the header, in the panel’s language, when the host gives the name', async () => {
    const panel = await mountPanel({ state: overdueEnterpriseState, stages: b2bStages }, { lang: 'en' });
    const headerText = (): string => (shadowOf(panel).querySelector('header')?.textContent ?? '').replace(/\s+/g, ' ');
    expect(headerText()).not.toContain('Journey:');
    for (const [lang, text] of [
      ['en', 'Journey: Enterprise sales <b>B2B</b>'],
      ['pl', 'Ścieżka: Enterprise sales <b>B2B</b>'],
      ['ru', 'Путь: Enterprise sales <b>B2B</b>'],
      ['fa', 'مسیر: Enterprise sales <b>B2B</b>'],
    ] as const) {
      panel.lang = lang;
      panel.journeyName = 'Enterprise sales <b>B2B</b>';
      await panel.updateComplete;
      // Shown as text (never markup), in the header under the panel's heading.
      await expect.element(page.getByText(text, { exact: true })).toBeVisible();
      expect(headerText()).toContain(text);
      expect(shadowOf(panel).querySelector('header b')).toBeNull();
      await expectNoAxeViolations(panel);
    }
    panel.journeyName = '';
    await panel.updateComplete;
    expect(headerText()).not.toContain('مسیر:');
  });

  it('has no axe violations', async () => {
    const panel = await mountEnterprise();
    await expectNoAxeViolations(panel);
  });
});

describe('events', () => {
  it('fires cj-action-accept with the action, announces it and keeps focus in the list', async () => {
    const panel = await mountEnterprise();
    const { events, stop } = recordEvents();
    await page
      .getByRole('button', { name: 'Create task “Discovery call with Zakłady Mechaniczne Wiśniewski S.A.”' })
      .click();
    stop();
    expect(events).toHaveLength(1);
    const event = events[0] as CjActionAcceptEvent;
    expect(event.type).toBe('cj-action-accept');
    expect(event.bubbles && event.composed).toBe(true);
    expect(event.target).toBe(panel);
    expect(event.action.key).toBe('cj:salesforce-b2b:001000000000041AAA:engagement:u8k2c1:discovery-call');
    expect(event.customer).toEqual(overdueEnterpriseState.customer);
    expect(event.stage).toBe('engagement');
    expect(event.journey).toEqual({ id: 'salesforce-b2b', revision: 1 });
    await expect
      .element(page.getByRole('status'))
      .toHaveTextContent(
        'Accepted “Discovery call with Zakłady Mechaniczne Wiśniewski S.A.”. The task is being created.',
      );
    await expect.element(page.getByText('Accepted, creating the task…')).toBeVisible();
    expect(activeText(panel)).toBe('Accept “Map the new buying group after the reorganisation”');
  });

  it('fires cj-action-dismiss and hides the action', async () => {
    await mountEnterprise();
    const { events, stop } = recordEvents();
    await page.getByRole('button', { name: 'Dismiss “Map the new buying group after the reorganisation”' }).click();
    stop();
    const event = events[0] as CjActionDismissEvent;
    expect(event.type).toBe('cj-action-dismiss');
    expect(event.action.action).toBe('stakeholder-map');
    await expect.element(page.getByText('Map the new buying group after the reorganisation')).not.toBeInTheDocument();
    await expect
      .element(page.getByRole('status'))
      .toHaveTextContent('Dismissed “Map the new buying group after the reorganisation”.');
  });

  it('fires cj-stage-select and shows the selected stage', async () => {
    await mountEnterprise();
    const { events, stop } = recordEvents();
    await page.getByRole('button', { name: /^Purchase ?, Stage 4 of 7/ }).click();
    stop();
    const event = events[0] as CjStageSelectEvent;
    expect([event.type, event.stageId, event.progress]).toEqual(['cj-stage-select', 'purchase', 'upcoming']);
    expect(event.stage.label).toBe('Purchase');
    await expect.element(page.getByRole('heading', { level: 3, name: 'Purchase' })).toBeVisible();
    await page.getByRole('button', { name: 'Back to the current stage' }).click();
    await expect.element(page.getByRole('heading', { level: 3, name: 'Engagement' })).toBeVisible();
  });

  it('fires cj-record-open for the customer, a touchpoint and an existing task', async () => {
    await mountEnterprise();
    const { events, stop } = recordEvents();
    await page.getByRole('button', { name: 'Zakłady Mechaniczne Wiśniewski S.A.' }).click();
    await page.getByRole('button', { name: 'Follow-up after loss' }).click();
    await page.getByRole('button', { name: 'Open the task' }).click();
    stop();
    const opened = events
      .filter((event) => event instanceof CjRecordOpenEvent)
      .map((event) => [event.source, event.object, event.recordId]);
    expect(opened).toEqual([
      ['customer', 'Account', '001000000000041AAA'],
      ['touchpoint', 'Task', '00T000000000048AAA'],
      ['action', 'Task', '00T000000000051AAA'],
    ]);
  });

  it('fires nothing when the host sets properties', async () => {
    const { events, stop } = recordEvents();
    const panel = await mountEnterprise();
    panel.state = onTimeLeadState;
    panel.status = 'loading';
    panel.status = 'ready';
    await panel.updateComplete;
    stop();
    expect(events).toEqual([]);
  });
});

describe('keyboard', () => {
  it('tabs through the customer, one stop of the stage track and the action buttons', async () => {
    const panel = await mountEnterprise();
    const root = shadowOf(panel);
    await userEvent.tab();
    expect(activeText(panel)).toBe('Zakłady Mechaniczne Wiśniewski S.A.');
    await userEvent.tab();
    expect(root.activeElement?.getAttribute('aria-current')).toBe('step');
    await userEvent.tab();
    expect(activeText(panel)).toBe('Create task “Discovery call with Zakłady Mechaniczne Wiśniewski S.A.”');
    await userEvent.tab();
    expect(activeText(panel)).toMatch(/^Dismiss “Discovery call/);
  });

  it('moves along the stage track with arrow keys, Home and End, and selects with Enter and Space', async () => {
    const panel = await mountEnterprise();
    const root = shadowOf(panel);
    const { events, stop } = recordEvents();
    await userEvent.tab();
    await userEvent.tab();
    await userEvent.keyboard('{ArrowRight}');
    expect(activeText(panel)).toMatch(/^Evaluation/);
    await userEvent.keyboard('{Enter}');
    await userEvent.keyboard('{End}');
    expect(activeText(panel)).toMatch(/^7 Advocacy/);
    await userEvent.keyboard(' ');
    await userEvent.keyboard('{Home}');
    expect(activeText(panel)).toMatch(/^Awareness/);
    stop();
    expect(events.filter((event) => event instanceof CjStageSelectEvent).map((event) => event.stageId)).toEqual([
      'evaluation',
      'advocacy',
    ]);
    // The track keeps one tab stop: the stage the rep moved to.
    expect(root.querySelectorAll('.stop-button[tabindex="0"]')).toHaveLength(1);
  });

  it('accepts and dismisses actions with Enter and Space', async () => {
    const panel = await mountEnterprise();
    const { events, stop } = recordEvents();
    shadowOf(panel).querySelector<HTMLElement>('[data-role="accept"]')?.focus();
    await userEvent.keyboard('{Enter}');
    shadowOf(panel).querySelector<HTMLElement>('[data-role="dismiss"]')?.focus();
    await userEvent.keyboard(' ');
    stop();
    expect(events.map((event) => event.type)).toEqual(['cj-action-accept', 'cj-action-dismiss']);
  });
});
