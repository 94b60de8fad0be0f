// The SugarCRM sandbox the report and map tests read: generated customers after one `crm-journey sync`
// of the bundled Sugar journey, so the org holds journey activities for the action table.
import { join } from 'node:path';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  startSugarSandbox,
  toSugarRecords,
  type Sandbox,
} from '@crm-journey/sandbox';
import { expect } from 'vitest';
import { repoFile } from './repo-context.ts';
import { runCliInProcess } from './run-cli-in-process.ts';
import { testTempDir } from './temp-dir.ts';

/** A started Sugar sandbox after one sync, with what the CLI needs to read it again. */
export interface SyncedSugarSandbox {
  readonly sandbox: Sandbox;
  /** `--sugar-url`, `--sugar-user` and `--sugar-password` of the sandbox. */
  readonly target: readonly string[];
  /** The bundled `journeys/sugarcrm-b2b.yaml` the sync ran. */
  readonly journeyFile: string;
  /** The sync's `--as-of` (the sandboxes' DEFAULT_AS_OF, ISO-8601). */
  readonly asOf: string;
  /** How many customers the sandbox was generated with (seed 1). */
  readonly customers: number;
}

// Enough customers (seed 1) for Onboarding's escalations to stand out against Sugar's many "not
// interested" calls in Engagement: at 300, Onboarding is 21% negative against 18% overall, short of the
// 1.5 times lift a negative cluster needs.
const CUSTOMERS = 500;

/** Starts a Sugar sandbox of 500 generated customers and syncs it once; the caller closes `sandbox`. */
export async function startSyncedSugarSandbox(): Promise<SyncedSugarSandbox> {
  const journeyFile = repoFile('journeys', 'sugarcrm-b2b.yaml');
  const asOf = new Date(DEFAULT_AS_OF).toISOString();
  const sandbox = await startSugarSandbox({
    records: toSugarRecords(generatePopulation({ customers: CUSTOMERS, seed: 1 })),
    now: () => DEFAULT_AS_OF,
  });
  const target = ['--sugar-url', sandbox.url, '--sugar-user', sandbox.username, '--sugar-password', sandbox.password];
  const state = join(testTempDir('crm-journey-sugar-sync-'), 'state.sqlite');
  try {
    const sync = await runCliInProcess([
      'sync',
      '--journey',
      journeyFile,
      ...target,
      '--once',
      '--state',
      state,
      '--as-of',
      asOf,
    ]);
    expect(sync.code, sync.stderr).toBe(0);
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  return { sandbox, target, journeyFile, asOf, customers: CUSTOMERS };
}
