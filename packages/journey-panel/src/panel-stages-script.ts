import type { PanelStage } from './panel-stage.ts';

/**
 * The `cj-journey-stages.js` file the CRM hosts load beside the panel bundle: a classic script that adds
 * each journey's stages to `globalThis.cjJourneyStages`, keyed by journey id. A script rather than JSON
 * because Sugar's package scanner refuses `.json` files and `loadScript` loads scripts.
 *
 * @example
 * writeFileSync('cj-journey-stages.js', panelStagesScript({ [journey.id]: toPanelStages(journey.stages) }));
 */
export function panelStagesScript(journeys: Readonly<Record<string, readonly PanelStage[]>>): string {
  // `<` escaped so the text stays inert even if someone inlines it in a <script> element.
  const json = JSON.stringify(journeys).replace(/</g, '\\u003c');
  return `globalThis.cjJourneyStages = Object.assign(globalThis.cjJourneyStages || {}, ${json});\n`;
}
