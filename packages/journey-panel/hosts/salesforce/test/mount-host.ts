import { createElement } from 'lwc';
import { expect, vi } from 'vitest';
import type { CjJourneyPanel } from '../../../src/journey-panel/journey-panel.ts';

/** Where the host sits: the record page's id and object, and the journey's root object. */
export interface HostPlacement {
  readonly recordId: string;
  readonly objectApiName: string;
  readonly rootObject: string;
}

/**
 * Puts the host on a record page, as Lightning App Builder does, and waits until the panel it renders
 * from the static resource has the state (no longer `loading`).
 */
export async function mountHost(
  Host: abstract new () => HTMLElement,
  placement: HostPlacement,
): Promise<{ host: HTMLElement; panel: CjJourneyPanel; root: ShadowRoot }> {
  const host = createElement('c-cj-journey-panel-host', { is: Host });
  Object.assign(host, placement);
  document.body.append(host);
  const panel = await vi.waitFor(
    () => {
      const element = host.shadowRoot?.querySelector('cj-journey-panel');
      if (!(element && 'updateComplete' in element)) throw new Error('the panel is not rendered yet');
      return element;
    },
    { timeout: 60_000, interval: 50 },
  );
  await vi.waitFor(
    () => {
      expect(panel.status).not.toBe('loading');
    },
    { timeout: 5_000 },
  );
  await panel.updateComplete;
  return { host, panel, root: panel.renderRoot as ShadowRoot };
}
