import type { Action } from '../journey/journey-schema.ts';
import type { AdvanceChecklist } from './advance-checklist.ts';
import type { KeyFieldValue } from './stage-aids.ts';

/** Which record a customer is: the root record (Account / Contact), or an unconverted lead. */
export interface CustomerRef {
  /** The CRM object of the customer's root record, e.g. `Account`, `Lead`, `Accounts`. */
  readonly type: string;
  readonly id: string;
  readonly name?: string;
}

/** Where the customer stands against the stage's target (the customer SLA). */
export type TimeInStageStatus = 'on-time' | 'at-risk' | 'overdue' | 'no-target';

/** How a stage change happened. */
export type TransitionDirection = 'initial' | 'forward' | 'backward';

/** One entry of the stage history. */
export interface StageTransition {
  readonly from: string | null;
  readonly to: string;
  /** ISO date-time of the change. */
  readonly at: string;
  readonly direction: TransitionDirection;
  readonly reason: string;
  /** The backward move that caused it, if any. */
  readonly move?: string;
  readonly outcome?: 'lost' | 'churned' | 'disqualified' | 'other';
  /** The journey revision that decided it. */
  readonly revision: number;
  /** In a journey set: the move from another journey this transition starts (see `evaluateCustomerInSet`). */
  readonly journeyMove?: { readonly from: string; readonly to: string };
}

/** An interaction with the customer, placed on the timeline with its channel and emotion. */
export interface Touchpoint {
  readonly rule: string;
  readonly object: string;
  readonly recordId: string;
  readonly channel: 'phone' | 'email' | 'web' | 'social' | 'in-person' | 'support' | 'other';
  readonly at: string;
  readonly subject: string;
  /** -2 (very negative) to +2 (very positive); 0 when no emotion rule matched. */
  readonly emotion: number;
  /** The stage the customer was in at that time, when known. */
  readonly stage: string | null;
}

/** Whether an action still has to be done, and by whom. */
export type NextActionStatus = 'new' | 'existing' | 'done' | 'blocked';

/** A next best action for this customer in this stage entry. */
export interface NextAction {
  /** The stable action key (see `actionKey`). */
  readonly key: string;
  readonly action: string;
  readonly type: Action['type'];
  readonly subject: string;
  readonly description: string | null;
  /** `YYYY-MM-DD`, or null when the action has no due rule. */
  readonly dueDate: string | null;
  readonly priority: Action['priority'];
  readonly owner: { readonly kind: 'user' | 'queue'; readonly id: string | null };
  readonly mode: Action['mode'];
  readonly status: NextActionStatus;
  /** Keys of the actions that must be closed first. */
  readonly blockedBy: readonly string[];
  /** The activity record already carrying this key, if any. */
  readonly recordId: string | null;
}

/** Everything the engine decides about one customer; stored compactly in the CRM and fed to the panel. */
export interface JourneyState {
  readonly journey: { readonly id: string; readonly revision: number };
  readonly customer: CustomerRef;
  readonly segment: string | null;
  readonly stage: string | null;
  readonly stageEnteredAt: string | null;
  readonly timeInStage: {
    readonly days: number;
    readonly targetDays: number | null;
    readonly status: TimeInStageStatus;
  } | null;
  readonly highWaterStage: string | null;
  readonly guidance: string | null;
  readonly history: readonly StageTransition[];
  readonly touchpoints: readonly Touchpoint[];
  readonly nextActions: readonly NextAction[];
  readonly evaluatedAt: string;
  /** What it takes to reach the next stage (and a close backward move); absent in states written before. */
  readonly checklists?: readonly AdvanceChecklist[];
  /** The current stage's key fields with the root record's values; absent in states written before. */
  readonly keyFields?: readonly KeyFieldValue[];
}
