// Side effect: registers <cj-journey-panel> with a closed shadow root, as Salesforce `lwc:external` requires.
import { defineJourneyPanel } from './define-journey-panel.ts';

defineJourneyPanel({ shadowMode: 'closed' });
