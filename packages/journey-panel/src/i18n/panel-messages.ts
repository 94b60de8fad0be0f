import type {
  NextAction,
  NextActionStatus,
  StageTransition,
  TimeInStageStatus,
  Touchpoint,
} from '@crm-journey/connector';

/** A message that depends on a count: one form per CLDR plural category the language uses. */
export type PluralMessage = Readonly<Partial<Record<Intl.LDMLPluralRule, string>>> & { readonly other: string };

/** Where a stage sits on the track, as the rep sees it. */
export type StageProgress = 'completed' | 'skipped' | 'current' | 'upcoming' | 'revisited';

/**
 * Every string the panel shows, for one language. `{name}` placeholders are filled by `formatMessage`;
 * values are inserted as text, never as markup.
 */
export interface PanelMessages {
  readonly panelLabel: string;
  readonly loading: string;
  readonly errorTitle: string;
  readonly errorHint: string;
  readonly emptyTitle: string;
  readonly emptyHint: string;
  readonly noStageTitle: string;
  readonly noStageHint: string;
  readonly leadBadge: string;
  readonly segment: string;
  /** The journey the customer is in, by name (`{journey}`), for orgs that run several journeys. */
  readonly journey: string;
  readonly openTask: string;
  readonly stagesHeading: string;
  readonly stepOf: string;
  readonly stageProgress: Readonly<Record<StageProgress, string>>;
  readonly viewingStage: string;
  readonly backToCurrent: string;
  readonly daysInStage: string;
  readonly target: string;
  readonly enteredOn: string;
  readonly timeStatus: Readonly<Record<TimeInStageStatus, string>>;
  readonly goal: string;
  readonly guidance: string;
  readonly actionsHeading: string;
  readonly openActions: PluralMessage;
  readonly noActions: string;
  readonly actionType: Readonly<Record<NextAction['type'], string>>;
  readonly actionStatus: Readonly<Record<NextActionStatus | 'suggested' | 'accepted', string>>;
  readonly blockedBy: string;
  readonly due: string;
  readonly highPriority: string;
  readonly owner: string;
  readonly ownerYou: string;
  readonly ownerQueue: string;
  readonly ownerUnassigned: string;
  readonly accept: string;
  readonly createTask: string;
  readonly dismiss: string;
  /** The action's subject, quoted the language's way; read out after Accept / Dismiss. */
  readonly actionTarget: string;
  readonly announceAccepted: string;
  readonly announceDismissed: string;
  readonly historyHeading: string;
  readonly historyEmpty: string;
  readonly leadPhase: string;
  readonly customerPhase: string;
  readonly startedIn: string;
  readonly movedForward: string;
  readonly movedBack: string;
  readonly outcome: Readonly<Record<NonNullable<StageTransition['outcome']>, string>>;
  readonly touchpointsHeading: string;
  readonly touchpointsEmpty: string;
  readonly channel: Readonly<Record<Touchpoint['channel'], string>>;
  readonly emotionCurve: string;
  readonly emotionSummary: string;
  readonly emotion: Readonly<Record<'positive' | 'neutral' | 'negative', string>>;
  readonly touchpointCount: PluralMessage;
  readonly showAll: PluralMessage;
  readonly showFewer: string;
  /** Heading of the checklist card: `{stage}` is the next stage's label. */
  readonly toReach: string;
  readonly checklistProgress: string;
  readonly checklistAny: string;
  readonly checklistReady: string;
  readonly itemMet: string;
  readonly itemNotMet: string;
  readonly metBy: string;
  /** A backward move one condition away: `{stage}` it would send the customer to, `{move}` its label. */
  readonly riskHeading: string;
  readonly riskHint: string;
  readonly keyFieldsHeading: string;
  readonly keyFieldEmpty: string;
  readonly edit: string;
  readonly save: string;
  readonly cancel: string;
  readonly saving: string;
  readonly announceSaving: string;
  readonly keyFieldFailed: string;
  readonly yes: string;
  readonly no: string;
}
