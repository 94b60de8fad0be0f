import { LitElement } from 'lit';
import { CjJourneyPanel } from './journey-panel.ts';

/**
 * The panel with a closed shadow root, for Salesforce: `lwc:external` (beta) accepts third-party custom
 * elements only with closed shadow roots. Everything else, events included, behaves as `CjJourneyPanel`.
 *
 * @example
 * customElements.define('cj-journey-panel', CjJourneyPanelClosed);
 */
export class CjJourneyPanelClosed extends CjJourneyPanel {
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, mode: 'closed' };
}
