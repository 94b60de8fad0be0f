// The JSON kept in `journey_state_c`: the journey state, and beside it `source`, the fingerprint of the
// root record the state was computed from (see `sugarRootFingerprint`).
import type { JourneyState } from '../engine/journey-state.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';

/** The text written to `journey_state_c`: the state, with `source` when known. */
export function sugarStateText(state: JourneyState, source: string | undefined): string {
  return JSON.stringify(source === undefined ? state : { ...state, source });
}

/** `journey_state_c` parsed: the state (null when empty, unreadable or another journey's) and its `source`. */
export function parseSugarStateField(
  value: unknown,
  journey: JourneyDefinition,
): { readonly state: JourneyState | null; readonly source: string | undefined } {
  if (typeof value !== 'string' || value === '') return { state: null, source: undefined };
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || !('journey' in parsed))
      return { state: null, source: undefined };
    const { source, ...state } = parsed as Partial<JourneyState> & { source?: unknown };
    const ours = state.journey?.id === journey.id && Array.isArray(state.nextActions);
    return {
      state: ours ? (state as JourneyState) : null,
      source: ours && typeof source === 'string' ? source : undefined,
    };
  } catch {
    return { state: null, source: undefined };
  }
}
