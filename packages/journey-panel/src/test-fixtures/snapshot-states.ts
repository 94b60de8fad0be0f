import {
  compileJourney,
  evaluateCustomer,
  groupCustomers,
  parseSnapshot,
  validateJourney,
  type JourneyState,
} from '@crm-journey/connector';
import { toPanelStages } from '../panel-stage.ts';
import type { PanelStage } from '../panel-stage.ts';

/** A repository file's text, through Vite's `?raw` (the browser has no fs; tests may not import across packages). */
async function repoText(repoRoot: string, path: string): Promise<string> {
  const url = `/@fs${repoRoot}/${path}?raw`;
  const module = (await import(/* @vite-ignore */ url)) as { readonly default: string };
  return module.default;
}

/** The bundled B2B journey's stages, as the hosts give them to the panel. */
export interface SnapshotStates {
  readonly stages: readonly PanelStage[];
  /** Every customer of the bundled Salesforce snapshot, evaluated by the real engine. */
  readonly states: readonly JourneyState[];
}

/** Runs the engine on the bundled Salesforce B2B journey and snapshot at `asOf`, as the sync would. */
export async function snapshotStates(repoRoot: string, asOf: Date): Promise<SnapshotStates> {
  const journeyText = await repoText(repoRoot, 'journeys/salesforce-b2b.yaml');
  const snapshotText = await repoText(repoRoot, 'fixtures/snapshots/salesforce-b2b.json');
  const { journey } = validateJourney(journeyText, 'journeys/salesforce-b2b.yaml');
  if (!journey) throw new Error('the bundled journey does not validate');
  const compiled = compileJourney(journey);
  const { customers } = groupCustomers(
    journey,
    parseSnapshot(snapshotText, 'fixtures/snapshots/salesforce-b2b.json', journey.profile),
  );
  return {
    stages: toPanelStages(journey.stages),
    states: customers.map((set) =>
      evaluateCustomer(compiled, {
        customer: set.customer,
        records: set.records,
        changes: set.changes,
        asOf: asOf.getTime(),
      }),
    ),
  };
}
