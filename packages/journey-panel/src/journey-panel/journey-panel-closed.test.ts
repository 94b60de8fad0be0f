import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { defineJourneyPanel } from '../define-journey-panel.ts';
import type { CjActionAcceptEvent } from '../events/action-accept-event.ts';
import { b2bStages } from '../test-fixtures/b2b-stages.ts';
import { overdueEnterpriseState } from '../test-fixtures/journey-states.ts';
import { cleanupPanels, mountPanel } from '../test-fixtures/mount-panel.ts';
import { CjJourneyPanelClosed } from './journey-panel-closed.ts';
import type { CjJourneyPanel } from './journey-panel.ts';

const TAG = 'cj-journey-panel-closed-test';
defineJourneyPanel({ tag: TAG, shadowMode: 'closed' });

/** Lit keeps the render root it attached; a closed root is reachable only through it. */
function closedRoot(panel: CjJourneyPanel): ShadowRoot {
  return panel.renderRoot as ShadowRoot;
}

afterEach(cleanupPanels);

describe('closed shadow root (Salesforce lwc:external)', () => {
  it('renders into a closed shadow root', async () => {
    const panel = await mountPanel({ state: overdueEnterpriseState, stages: b2bStages }, { lang: 'en' }, { tag: TAG });
    expect(panel).toBeInstanceOf(CjJourneyPanelClosed);
    expect(panel.shadowRoot).toBeNull();
    expect(closedRoot(panel).mode).toBe('closed');
    expect(closedRoot(panel).querySelector('h2')?.textContent).toBe('Customer journey');
    expect(panel.getBoundingClientRect().height).toBeGreaterThan(400);
  });

  it('fires its events across the closed root to the document, retargeted to the element', async () => {
    const panel = await mountPanel({ state: overdueEnterpriseState, stages: b2bStages }, { lang: 'en' }, { tag: TAG });
    const received: CjActionAcceptEvent[] = [];
    const paths: EventTarget[][] = [];
    const listener = (event: CjActionAcceptEvent): void => {
      received.push(event);
      paths.push(event.composedPath());
    };
    document.addEventListener('cj-action-accept', listener);
    closedRoot(panel).querySelector<HTMLElement>('[data-role="accept"]')?.focus();
    await userEvent.keyboard('{Enter}');
    document.removeEventListener('cj-action-accept', listener);
    expect(received).toHaveLength(1);
    expect(received[0]?.target).toBe(panel);
    // Nothing inside the closed root leaks into the path the page sees.
    expect(paths[0]?.[0]).toBe(panel);
    expect(received[0]?.action.action).toBe('discovery-call');
  });

  it('keeps the first registration when the bundle is loaded twice', () => {
    expect(defineJourneyPanel({ tag: TAG })).toBe(customElements.get(TAG));
    expect(customElements.get(TAG)?.prototype).toBeInstanceOf(CjJourneyPanelClosed);
  });
});
