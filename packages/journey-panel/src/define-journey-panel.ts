import { CjJourneyPanelClosed } from './journey-panel/journey-panel-closed.ts';
import { CjJourneyPanel } from './journey-panel/journey-panel.ts';
import { PANEL_TAG } from './panel-tag.ts';

/** Where and how to register the panel. */
export interface DefineJourneyPanelOptions {
  /** The tag name; `cj-journey-panel` unless two builds must live on one page. */
  readonly tag?: string;
  /** `closed` for Salesforce `lwc:external`; `open` (default) everywhere else. */
  readonly shadowMode?: ShadowRootMode;
}

/**
 * Registers the panel unless the tag is already taken (a second copy of the bundle on the page must not
 * throw), and returns the class that holds the tag.
 *
 * @example
 * defineJourneyPanel({ shadowMode: 'closed' });
 */
export function defineJourneyPanel(options: DefineJourneyPanelOptions = {}): CustomElementConstructor {
  const tag = options.tag ?? PANEL_TAG;
  const existing = customElements.get(tag);
  if (existing) return existing;
  // A fresh subclass per call: one constructor cannot be registered under two tags.
  const base = options.shadowMode === 'closed' ? CjJourneyPanelClosed : CjJourneyPanel;
  const element = tag === PANEL_TAG ? base : class extends base {};
  customElements.define(tag, element);
  return element;
}
