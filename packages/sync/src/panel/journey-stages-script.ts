import type { JourneyDefinition } from '@crm-journey/connector';
import { panelStagesScript, toPanelStages } from '@crm-journey/journey-panel/stages';

/**
 * `cj-journey-stages.js` for the journeys (their stages and names), as the CRM hosts load it beside the panel bundle.
 *
 * @example
 * zip['cj-journey-stages.js'] = strToU8(journeyStagesScript([journey]));
 */
export function journeyStagesScript(journeys: readonly JourneyDefinition[]): string {
  return panelStagesScript(
    Object.fromEntries(journeys.map((journey) => [journey.id, toPanelStages(journey.stages)])),
    Object.fromEntries(journeys.map((journey) => [journey.id, journey.name])),
  );
}
