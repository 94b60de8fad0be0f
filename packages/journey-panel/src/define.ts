// Side effect: registers <cj-journey-panel> with an open shadow root (Sugar, plain pages, tests).
import { defineJourneyPanel } from './define-journey-panel.ts';

defineJourneyPanel();
