// The JSON kept in `Journey_State__c`: a long text area of at most 131,072 characters. Oldest
// touchpoints go first, then the oldest history, and the JSON says what was dropped.
import type { JourneyState } from '../engine/journey-state.ts';
import type { JourneyDefinition } from '../journey/journey-definition.ts';
import { parseStoredStateField } from '../connector/stored-state-field.ts';

/** The capacity of `Journey_State__c` (a long text area's maximum). */
const STATE_FIELD_LENGTH = 131_072;

/** A state as stored, with what was trimmed to fit the field. */
export type StoredJourneyState = JourneyState & {
  readonly trimmed?: { readonly touchpoints: number; readonly history: number };
};

/** Characters kept free in the field for `source`, the root fingerprint stored beside the state. */
const SOURCE_ROOM = 64;

/**
 * The state as it will be stored: unchanged when its JSON fits, else without its oldest touchpoints
 * and then its oldest stage changes, counted in `trimmed`.
 */
export function fitJourneyState(state: JourneyState, limit = STATE_FIELD_LENGTH): StoredJourneyState {
  if (JSON.stringify(state).length <= limit) return state;
  let touchpoints = state.touchpoints;
  let history = state.history;
  const build = (): StoredJourneyState => ({
    ...state,
    touchpoints,
    history,
    trimmed: {
      touchpoints: state.touchpoints.length - touchpoints.length,
      history: state.history.length - history.length,
    },
  });
  // Halve what is dropped until it fits: a few JSON.stringify calls, not one per touchpoint.
  while (JSON.stringify(build()).length > limit && (touchpoints.length > 0 || history.length > 1)) {
    if (touchpoints.length > 0) touchpoints = touchpoints.slice(Math.ceil(touchpoints.length / 2));
    else history = history.slice(Math.ceil((history.length - 1) / 2));
  }
  return build();
}

/**
 * The text written to `Journey_State__c`: the state fitted to the field, with `source` (the fingerprint
 * of the root record the state was computed from, see `rootFingerprint`) when known.
 */
export function storedStateText(state: JourneyState, source: string | undefined): string {
  const fitted = fitJourneyState(state, STATE_FIELD_LENGTH - SOURCE_ROOM);
  return JSON.stringify(source === undefined ? fitted : { ...fitted, source });
}

/** Parses `Journey_State__c`; null when empty, unreadable or written for another journey. */
export function parseStoredState(value: unknown, journey: JourneyDefinition): JourneyState | null {
  return parseStoredStateField(value, journey).state;
}
