// The panel's stage data without the element: what CRM hosts and the admin packages need to write
// `cj-journey-stages.js`, importable where Lit and the DOM are not (Node, the CLI).
export { toPanelStages } from './panel-stage.ts';
export type { PanelStage, PanelStageSource } from './panel-stage.ts';
export { panelStagesScript } from './panel-stages-script.ts';
