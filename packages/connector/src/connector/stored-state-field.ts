// The JSON both CRMs keep in their journey state field (`Journey_State__c`, `journey_state_c`): the
// journey state and, beside it, `source`, the fingerprint of the root record it was computed from.
import type { JourneyState } from '../engine/journey-state.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';

/**
 * The stored state field parsed: the state (null when empty, unreadable, or written for a journey that
 * is neither this one nor a member of its set) and its `source`.
 *
 * @example
 * parseStoredStateField(record.journey_state_c, journey).state?.stage; // 'evaluation'
 */
export function parseStoredStateField(
  value: unknown,
  journey: JourneyDefinition,
): { readonly state: JourneyState | null; readonly source: string | undefined } {
  if (typeof value !== 'string' || value === '') return { state: null, source: undefined };
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null) return { state: null, source: undefined };
    const { source, ...state } = parsed as Partial<JourneyState> & { source?: unknown };
    const id = state.journey?.id;
    const ours =
      id !== undefined &&
      (journey.members ?? [journey.id]).includes(id) &&
      Array.isArray(state.history) &&
      Array.isArray(state.nextActions);
    return {
      state: ours ? (state as JourneyState) : null,
      source: ours && typeof source === 'string' ? source : undefined,
    };
  } catch {
    return { state: null, source: undefined };
  }
}
