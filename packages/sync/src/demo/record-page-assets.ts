import type { JourneyDefinition } from '@crm-journey/connector';
import { readHostFile, readPanelBundle } from '@crm-journey/journey-panel/assets';
import { journeyStagesScript } from '../panel/journey-stages-script.ts';

/** The scripts a record page loads, as served text. */
export interface RecordPageAssets {
  /** `<cj-journey-panel>`'s classic bundle with an open shadow root (Lit inside). */
  readonly panelBundle: string;
  /** `cj-journey-stages.js` for the journey, as the CRM hosts load it. */
  readonly stagesScript: string;
  /** The Salesforce wrapper's logic (`journeyHostLogic.js`), an ES module. */
  readonly salesforceHostLogic: string;
  /** The Sugar dashlet's controller (`cj-journey-panel.js`), an object literal as Sidecar evaluates it. */
  readonly sugarDashlet: string;
  /** Milliseconds spent building the bundle, when it had to be built. */
  readonly builtInMs: number | undefined;
}

/**
 * Loads what a record page needs to show the panel as the CRM hosts do: the open panel bundle (built
 * when dist/ lacks it), the stages script of the journeys (of a set: all of them), and the hosts' own logic files.
 *
 * @example
 * const assets = await loadRecordPageAssets([journey], (line) => process.stdout.write(line));
 */
export async function loadRecordPageAssets(
  journeys: readonly JourneyDefinition[],
  log: (line: string) => void = () => undefined,
): Promise<RecordPageAssets> {
  const bundle = await readPanelBundle('open', log);
  return {
    panelBundle: new TextDecoder().decode(bundle.code),
    stagesScript: journeyStagesScript(journeys),
    salesforceHostLogic: readHostFile(
      'salesforce',
      'force-app/main/default/lwc/cjJourneyPanelHost/journeyHostLogic.js',
    ),
    sugarDashlet: readHostFile('sugarcrm', 'custom/clients/base/views/cj-journey-panel/cj-journey-panel.js'),
    builtInMs: bundle.builtInMs,
  };
}
