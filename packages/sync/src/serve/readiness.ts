import { apiError, type ApiErrorBody } from './api-error.ts';

/** Where one sync stands, as `/readyz` lists it: `READY`, or why it is not. */
export type SyncReadinessStatus = 'READY' | 'NOT_READY' | 'CRM_UNREACHABLE';

/** One sync of `syncs:` in the `/readyz` body of a fleet node. */
export interface SyncReadiness {
  /** The sync's name (`syncs[].name`, default `<target>/<journey file>`). */
  readonly sync: string;
  readonly status: SyncReadinessStatus;
  /** Why it is not ready (absent when ready). */
  readonly message?: string;
}

/** What `/readyz` answers: ready, or the code and message of why not; a fleet node adds every sync's state. */
export type Readiness =
  | { readonly ready: true; readonly syncs?: readonly SyncReadiness[] }
  | {
      readonly ready: false;
      readonly code: 'NOT_READY' | 'CRM_UNREACHABLE';
      readonly message: string;
      readonly syncs?: readonly SyncReadiness[];
    };

/**
 * A fleet node's readiness from its syncs': ready when every sync is; otherwise `CRM_UNREACHABLE` when
 * every sync that is not ready waits for its CRM, else `NOT_READY`, the message naming each one.
 *
 * @example
 * const readiness = readinessOfSyncs([{ sync: 'east', status: 'READY' }]); // { ready: true, syncs }
 */
export function readinessOfSyncs(syncs: readonly SyncReadiness[]): Readiness {
  const waiting = syncs.filter((sync) => sync.status !== 'READY');
  if (waiting.length === 0) return { ready: true, syncs };
  const code = waiting.every((sync) => sync.status === 'CRM_UNREACHABLE') ? 'CRM_UNREACHABLE' : 'NOT_READY';
  const message = `${waiting.length} of ${syncs.length} sync(s) not ready: ${waiting
    .map((sync) => `${sync.sync} (${sync.status}${sync.message === undefined ? '' : `: ${sync.message}`})`)
    .join('; ')}.`;
  return { ready: false, code, message, syncs };
}

/** The `/readyz` answer of a readiness: its status code and body. */
export function readinessAnswer(readiness: Readiness): {
  readonly status: number;
  readonly body: ApiErrorBody | { readonly status: 'ready' };
} {
  const syncs = readiness.syncs === undefined ? {} : { syncs: readiness.syncs };
  if (readiness.ready) return { status: 200, body: { status: 'ready', ...syncs } };
  return { status: 503, body: { ...apiError(readiness.code, readiness.message), ...syncs } };
}
