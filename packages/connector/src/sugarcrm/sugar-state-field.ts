// The JSON kept in `journey_state_c`: the journey state, and beside it `source`, the fingerprint of the
// root record the state was computed from (see `sugarRootFingerprint`).
import type { JourneyState } from '../engine/journey-state.ts';

/** The text written to `journey_state_c`: the state, with `source` when known. */
export function sugarStateText(state: JourneyState, source: string | undefined): string {
  return JSON.stringify(source === undefined ? state : { ...state, source });
}
