import { createHash } from 'node:crypto';
import type { JourneySetDefinition } from '@crm-journey/connector';
import type { SyncStore } from '../state/sync-store.ts';

/**
 * A fingerprint of the rules a set runs: each journey's file as validated (defaults applied), its
 * revision and its place. Any edit of a rule changes it; reformatting the YAML does not.
 *
 * @example
 * journeySetFingerprint(set); // 'sha256:9f2c…'
 */
export function journeySetFingerprint(set: JourneySetDefinition): string {
  const rules = set.journeys.map((journey) => ({ id: journey.id, revision: journey.revision, source: journey.source }));
  return `sha256:${createHash('sha256').update(JSON.stringify(rules)).digest('hex')}`;
}

// Kept beside the scope's watermark, under its own key, so every store back-end keeps it as it keeps
// watermarks (one text per key), with no change to the store.
const key = (scope: string): string => `${scope}#journey-fingerprint`;

/** The fingerprint of the set the last finished run of `scope` ran, if any. */
export async function lastJourneyFingerprint(store: SyncStore, scope: string): Promise<string | undefined> {
  return store.watermark(key(scope));
}

/** Remembers the fingerprint of the set a finished run of `scope` ran. */
export async function rememberJourneyFingerprint(store: SyncStore, scope: string, fingerprint: string): Promise<void> {
  await store.setWatermark(key(scope), fingerprint);
}
