// The panel package's public entry: the element, its events, its data types and the i18n helpers.
// Importing it registers nothing; import `./define` (or call `defineJourneyPanel`) for that.
export { defineJourneyPanel } from './define-journey-panel.ts';
export type { DefineJourneyPanelOptions } from './define-journey-panel.ts';
export { CjActionAcceptEvent } from './events/action-accept-event.ts';
export { CjActionDismissEvent } from './events/action-dismiss-event.ts';
export type { ActionEventInit } from './events/action-event-init.ts';
export { CjKeyFieldEditEvent } from './events/key-field-edit-event.ts';
export type { KeyFieldEditValue } from './events/key-field-edit-event.ts';
export { CjRecordOpenEvent } from './events/record-open-event.ts';
export type { RecordOpenSource } from './events/record-open-event.ts';
export { CjStageSelectEvent } from './events/stage-select-event.ts';
export { resolvePanelLocale, panelLocaleFile, PANEL_LANGUAGES } from './i18n/panel-locale.ts';
export { panelLocaleScript } from './i18n/panel-locale-script.ts';
export type { PanelLanguage, PanelLocale } from './i18n/panel-locale.ts';
export type { PanelMessages, PluralMessage, StageProgress } from './i18n/panel-messages.ts';
export { CjJourneyPanel } from './journey-panel/journey-panel.ts';
export type { PanelStatus, PanelTheme } from './journey-panel/journey-panel.ts';
export { CjJourneyPanelClosed } from './journey-panel/journey-panel-closed.ts';
export { PANEL_TAG } from './panel-tag.ts';
export { toPanelStages } from './panel-stage.ts';
export { panelStagesScript } from './panel-stages-script.ts';
export type { PanelStage, PanelStageSource } from './panel-stage.ts';
