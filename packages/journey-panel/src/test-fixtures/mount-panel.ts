/* eslint-disable import-x/no-extraneous-dependencies -- a test helper: only *.test.ts files import it. */
import axe from 'axe-core';
import { expect } from 'vitest';
import { fa } from '../i18n/fa.ts';
import { PANEL_LOCALES_GLOBAL } from '../i18n/panel-locale.ts';
import { pl } from '../i18n/pl.ts';
import { ru } from '../i18n/ru.ts';
import { CjJourneyPanel } from '../journey-panel/journey-panel.ts';

// Every language's strings, as a host that loaded each locale script would have them (the hosts' own
// tests load the real scripts).
Object.assign(globalThis, { [PANEL_LOCALES_GLOBAL]: { pl, ru, fa } });

/** The moment the fixture states were evaluated: tests render "now" as this. */
export const FIXTURE_NOW = new Date('2026-11-20T12:00:00.000Z');

/**
 * Puts a panel (registered under `tag`) into a sized frame on the page, sets its properties and attributes,
 * and waits for the first render. `cleanupPanels` removes every frame.
 */
export async function mountPanel(
  properties: Partial<CjJourneyPanel> = {},
  attributes: Readonly<Record<string, string>> = {},
  options: { readonly tag?: string; readonly width?: number; readonly background?: string } = {},
): Promise<CjJourneyPanel> {
  const frame = document.createElement('div');
  frame.dataset['panelFrame'] = '';
  frame.style.cssText = `padding: 16px; inline-size: ${String(options.width ?? 880)}px; background: ${options.background ?? '#f3f3f3'}`;
  const panel = document.createElement(options.tag ?? 'cj-journey-panel');
  if (!(panel instanceof CjJourneyPanel)) throw new Error(`<${options.tag ?? 'cj-journey-panel'}> is not registered`);
  for (const [name, value] of Object.entries(attributes)) panel.setAttribute(name, value);
  Object.assign(panel, { now: FIXTURE_NOW, userId: '005000000000001AAA', ...properties });
  frame.append(panel);
  document.body.append(frame);
  await panel.updateComplete;
  return panel;
}

/** Removes what `mountPanel` added and resets the document's language. */
export function cleanupPanels(): void {
  for (const frame of document.querySelectorAll('[data-panel-frame]')) frame.remove();
  document.documentElement.removeAttribute('dir');
  document.documentElement.lang = 'en';
}

/** The open shadow root of a mounted panel. */
export function shadowOf(panel: CjJourneyPanel): ShadowRoot {
  const root = panel.shadowRoot;
  if (!root) throw new Error('expected an open shadow root');
  return root;
}

/** Runs axe-core on the panel (its shadow tree included) and expects no violations. */
export async function expectNoAxeViolations(panel: Element): Promise<void> {
  const results = await axe.run(panel, { resultTypes: ['violations'] });
  const violations = results.violations.map((violation) => ({
    id: violation.id,
    help: violation.help,
    nodes: violation.nodes.map((node) => `${JSON.stringify(node.target)}: ${node.failureSummary ?? ''}`),
  }));
  expect(violations).toEqual([]);
}
