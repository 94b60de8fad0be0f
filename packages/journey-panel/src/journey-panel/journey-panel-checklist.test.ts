import type { JourneyState } from '@crm-journey/connector';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../define.ts';
import type { CjKeyFieldEditEvent } from '../events/key-field-edit-event.ts';
import { CjRecordOpenEvent } from '../events/record-open-event.ts';
import type { PanelStage } from '../panel-stage.ts';
import type { CjJourneyPanel } from './journey-panel.ts';
import {
  FIXTURE_NOW,
  cleanupPanels,
  expectNoAxeViolations,
  mountPanel,
  shadowOf,
} from '../test-fixtures/mount-panel.ts';
import { snapshotStates } from '../test-fixtures/snapshot-states.ts';

const IMAGES = `${inject('repoRoot')}/docs/images`;

let stages: readonly PanelStage[] = [];
let states: readonly JourneyState[] = [];

function stateOf(id: string): JourneyState {
  const state = states.find((candidate) => candidate.customer.id === id);
  if (!state) throw new Error(`no customer ${id} in the bundled snapshot`);
  return state;
}

/** What has focus inside the panel's shadow root: tag and id, or tag and text. */
function focused(panel: CjJourneyPanel): string {
  const active = shadowOf(panel).activeElement;
  if (!active) return '';
  return `${active.tagName} ${active.id ? `#${active.id}` : active.textContent.replace(/\s+/g, ' ').trim()}`;
}

function label(id: string): string {
  return stages.find((stage) => stage.id === id)?.label ?? id;
}

beforeAll(async () => {
  // The real engine on the bundled journey and snapshot: the states the sync would write.
  ({ stages, states } = await snapshotStates(inject('repoRoot'), FIXTURE_NOW));
});

afterEach(cleanupPanels);

describe('to reach the next stage', () => {
  it("shows every bundled customer's checklist, item by item as the engine wrote it, with progress", async () => {
    expect(states.length).toBeGreaterThan(5);
    for (const state of states) {
      const panel = await mountPanel({ state, stages }, { lang: 'en' });
      const advance = state.checklists?.find((checklist) => checklist.kind === 'advance');
      const section = page.getByRole('region', { name: /^To reach / });
      if (!advance) {
        expect(shadowOf(panel).querySelector('[part="checklist"] #checklist-title')).toBeNull();
        cleanupPanels();
        continue;
      }
      const met = advance.items.filter((item) => item.met).length;
      const progress = `${String(met)} of ${String(advance.items.length)} met`;
      await expect
        .element(section.getByRole('heading', { name: `To reach ${label(advance.stage)} ${progress}` }))
        .toBeVisible();
      const bar = section.getByRole('progressbar', { name: progress });
      await expect.element(bar).toHaveAttribute('max', String(advance.items.length));
      const list = section.getByRole('list').first();
      const rows = list.getByRole('listitem').all();
      expect(rows).toHaveLength(advance.items.length);
      advance.items.forEach((item, i) => {
        const row = rows[i]?.element();
        expect(row?.textContent).toContain(`${item.met ? 'Met' : 'Not met'}:`);
        expect(row?.textContent).toContain(item.text.en);
        if (item.hint) expect(row?.textContent).toContain(item.hint.en);
      });
      cleanupPanels();
    }
  });

  it('adds the backward move that is one condition away, and passes axe', async () => {
    const state = stateOf('001000000000019AAA');
    const panel = await mountPanel({ state, stages }, { lang: 'en' });
    const risk = state.checklists?.find((checklist) => checklist.kind === 'risk');
    expect(risk?.move?.id).toBe('lapsed');
    await expect
      .element(page.getByRole('heading', { name: `Could move back to ${label('engagement')} (Lapsed)` }))
      .toBeVisible();
    await expectNoAxeViolations(panel);
  });

  it('opens a record that meets a condition through cj-record-open', async () => {
    const base = stateOf('001000000000001AAA');
    const [advance] = base.checklists ?? [];
    const [first] = advance?.items ?? [];
    if (!advance || !first) throw new Error('expected a checklist');
    const state: JourneyState = {
      ...base,
      checklists: [
        {
          ...advance,
          items: [{ ...first, met: true, hint: null, records: ['006000000000007AAA'], matched: 1 }],
        },
      ],
    };
    const panel = await mountPanel({ state, stages }, { lang: 'en' });
    const opened: CjRecordOpenEvent[] = [];
    panel.addEventListener(CjRecordOpenEvent.eventName, (event) => opened.push(event));
    await page.getByRole('button', { name: '006000000000007AAA' }).click();
    expect(opened.map((event) => [event.object, event.recordId, event.source])).toEqual([
      ['Opportunity', '006000000000007AAA', 'checklist'],
    ]);
    await expect.element(page.getByRole('progressbar', { name: '1 of 1 met' })).toBeVisible();
  });

  it('reads right to left in Persian and passes axe in the Sugar theme', async () => {
    const state = stateOf('001000000000019AAA');
    const panel = await mountPanel({ state, stages }, { lang: 'fa', theme: 'sugar' });
    const section = shadowOf(panel).querySelector<HTMLElement>('[part="checklist"]');
    const hint = shadowOf(panel).querySelector<HTMLElement>('.check-hint');
    if (!section || !hint) throw new Error('expected the checklist with a hint');
    expect(section.textContent).toContain('برای رسیدن به');
    expect(section.textContent).toContain(state.checklists?.[0]?.items[0]?.text.fa ?? '?');
    expect(getComputedStyle(section).direction).toBe('rtl');
    // Logical properties: the hint's rule sits on the right in a right-to-left layout.
    expect(getComputedStyle(hint).borderRightWidth).toBe('2px');
    expect(getComputedStyle(hint).borderLeftWidth).toBe('0px');
    await expectNoAxeViolations(panel);
  });

  it('writes the checklist screenshot for the README', async () => {
    await page.viewport(912, 1100);
    const panel = await mountPanel(
      {
        state: stateOf('001000000000019AAA'),
        stages,
        keyFieldsEditable: true,
        fieldLabels: { Type: 'Type', Phone: 'Phone', Website: 'Website' },
      },
      { lang: 'en' },
    );
    await expectNoAxeViolations(panel);
    await page.screenshot({ path: `${IMAGES}/panel-checklist.png`, element: panel.parentElement ?? panel });
  });
});

describe('key fields', () => {
  it('shows the values read-only unless the host allows edits', async () => {
    const state = stateOf('001000000000019AAA');
    await mountPanel({ state, stages }, { lang: 'en' });
    const card = page.getByRole('region', { name: 'Key fields' });
    await expect.element(card.getByRole('term').first()).toHaveTextContent('Type');
    await expect.element(card.getByRole('definition').first()).toHaveTextContent('Customer - Direct');
    await expect.element(card.getByRole('definition').nth(1)).toHaveTextContent('empty');
    expect(card.getByRole('button').all()).toHaveLength(0);
  });

  it('edits in place with the keyboard, fires a typed cj-key-field-edit and shows the CRM refusal', async () => {
    const base = stateOf('001000000000001AAA');
    const panel = await mountPanel(
      { state: base, stages, fieldLabels: { NumberOfEmployees: 'Employees' } },
      { lang: 'en', 'key-fields-editable': '' },
    );
    const edits: CjKeyFieldEditEvent[] = [];
    panel.addEventListener('cj-key-field-edit', (event) => edits.push(event));
    await page.getByRole('button', { name: 'Edit Employees' }).click();
    const input = page.getByRole('spinbutton', { name: 'Employees' });
    await expect.element(input).toHaveValue(350);
    await expect.poll(() => focused(panel)).toBe('INPUT #key-field-NumberOfEmployees');
    await userEvent.keyboard('{Escape}');
    await expect.poll(() => focused(panel)).toBe('BUTTON Edit Employees');
    expect(edits).toHaveLength(0);

    await userEvent.keyboard('{Enter}');
    await userEvent.fill(page.getByRole('spinbutton', { name: 'Employees' }), '420');
    await userEvent.keyboard('{Enter}');
    expect(edits.map((e) => [e.object, e.recordId, e.field, e.value, e.previous])).toEqual([
      ['Account', '001000000000001AAA', 'NumberOfEmployees', 420, 350],
    ]);
    const card = (): string =>
      (shadowOf(panel).querySelector('[part="key-fields"]')?.textContent ?? '').replace(/\s+/g, ' ');
    await expect.poll(card).toContain('Employees 420 Saving…');
    await expect.element(page.getByRole('status')).toHaveTextContent('Saving Employees…');

    panel.keyFieldFailed('NumberOfEmployees', 'Employees: value out of range');
    await expect.element(page.getByRole('alert')).toHaveTextContent('Not saved: Employees: value out of range');
    await expect.poll(card).toContain('Employees 350 Edit Employees');

    // The host's refreshed state is the record as the CRM saved it.
    await page.getByRole('button', { name: 'Edit Employees' }).click();
    await userEvent.fill(page.getByRole('spinbutton', { name: 'Employees' }), '400');
    await userEvent.keyboard('{Enter}');
    panel.state = {
      ...base,
      keyFields: (base.keyFields ?? []).map((f) => (f.field === 'NumberOfEmployees' ? { ...f, value: 400 } : f)),
    };
    await expect.poll(card).toContain('Employees 400 Edit Employees');
    await expectNoAxeViolations(panel);
  });

  it('sends text fields as text and an emptied field as null', async () => {
    const panel = await mountPanel(
      { state: stateOf('001000000000019AAA'), stages, keyFieldsEditable: true },
      { lang: 'en' },
    );
    const edits: CjKeyFieldEditEvent[] = [];
    panel.addEventListener('cj-key-field-edit', (event) => edits.push(event));
    await page.getByRole('button', { name: 'Edit Phone' }).click();
    await userEvent.fill(page.getByRole('textbox', { name: 'Phone' }), '+48 22 123 45 67');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Edit Type' }).click();
    await userEvent.fill(page.getByRole('textbox', { name: 'Type' }), '   ');
    await userEvent.keyboard('{Enter}');
    expect(edits.map((e) => [e.field, e.value])).toEqual([
      ['Phone', '+48 22 123 45 67'],
      ['Type', null],
    ]);
  });
});
