import type { PanelStage } from './panel-stage.ts';

// `<` escaped so the text stays inert even if someone inlines it in a <script> element.
const inert = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The `cj-journey-stages.js` file the CRM hosts load beside the panel bundle: a classic script that adds
 * each journey's stages to `globalThis.cjJourneyStages` and its name (when given) to
 * `globalThis.cjJourneyNames`, both keyed by journey id. A script rather than JSON because Sugar's
 * package scanner refuses `.json` files and `loadScript` loads scripts.
 *
 * @example
 * writeFileSync('cj-journey-stages.js', panelStagesScript({ [journey.id]: toPanelStages(journey.stages) }, { [journey.id]: journey.name }));
 */
export function panelStagesScript(
  journeys: Readonly<Record<string, readonly PanelStage[]>>,
  names: Readonly<Record<string, string>> = {},
): string {
  return (
    `globalThis.cjJourneyStages = Object.assign(globalThis.cjJourneyStages || {}, ${inert(journeys)});\n` +
    `globalThis.cjJourneyNames = Object.assign(globalThis.cjJourneyNames || {}, ${inert(names)});\n`
  );
}
