import type { JourneyState } from '@crm-journey/connector';
import type { PanelFormat } from '../i18n/panel-format.ts';
import type { PanelLocale } from '../i18n/panel-locale.ts';
import type { PanelStage } from '../panel-stage.ts';

/** What every section of the panel renders from: the state, the stages and the language, fixed for one render. */
export interface PanelView {
  readonly state: JourneyState;
  readonly stages: readonly PanelStage[];
  readonly locale: PanelLocale;
  readonly format: PanelFormat;
  /** Epoch milliseconds the panel renders "now" as. */
  readonly now: number;
  /** A stage's label, or its id when the host did not describe it. */
  stageLabel(id: string | null): string;
}
