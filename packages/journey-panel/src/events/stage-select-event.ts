import type { StageProgress } from '../i18n/panel-messages.ts';
import type { PanelStage } from '../panel-stage.ts';

/**
 * Fired when the rep selects a stage on the stage track (click, Enter or Space). The panel shows that
 * stage's details; hosts may, for example, open the journey's documentation for it.
 *
 * @example
 * panel.addEventListener('cj-stage-select', (event) => console.log(event.stageId, event.progress));
 */
export class CjStageSelectEvent extends Event {
  /** The event's type. */
  static readonly eventName = 'cj-stage-select';
  readonly stageId: string;
  readonly stage: PanelStage;
  /** Where the stage sits for this customer: completed, current, upcoming... */
  readonly progress: StageProgress;

  constructor(stage: PanelStage, progress: StageProgress) {
    super(CjStageSelectEvent.eventName, { bubbles: true, composed: true });
    this.stageId = stage.id;
    this.stage = stage;
    this.progress = progress;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cj-stage-select': CjStageSelectEvent;
  }
}
