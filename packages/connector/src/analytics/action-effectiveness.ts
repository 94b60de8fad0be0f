import { DAY_MS } from '../records/field-values.ts';
import type { CompiledJourney } from '../engine/compile-journey.ts';
import type { ActionEffectiveness } from './journey-report.ts';
import type { ReportActivity, ReportCustomer } from './report-customer.ts';
import type { ReportPeriod } from './stage-metrics.ts';
import { share } from './summarize-durations.ts';

interface ActionTally {
  proposed: Set<string>;
  created: number;
  completed: number;
  judged: number;
  advanced: number;
}

/** Days an action without a due date has to work before it is judged, unless the journey file sets `actionWindowDays`. */
const DEFAULT_ACTION_WINDOW_DAYS = 14;

/**
 * When an activity is judged: its due date, or its creation plus the journey's window when it has none
 * (or one already past when it was created).
 * An action created minutes ago has not had the time to move anyone yet.
 */
function actionJudgedAt(activity: ReportActivity, windowDays: number): number {
  const { dueAt, createdAt } = activity;
  // A due date anchored on stage entry can lie before the task was even written (an overdue customer's
  // first sync): such a task gets the window like one without a due date.
  return dueAt !== undefined && dueAt !== null && dueAt > createdAt ? dueAt : createdAt + windowDays * DAY_MS;
}

/** Accumulates, per action template and stage, how often it was proposed, created, closed and followed by progress. */
export class ActionTallies {
  readonly #journey: CompiledJourney;
  readonly #period: ReportPeriod;
  // By stage, then by action: a lookup for each proposal and activity of every customer, without
  // building a key string for each.
  readonly #tallies = new Map<string, Map<string, ActionTally>>();
  readonly #windowDays: number;

  constructor(journey: CompiledJourney, period: ReportPeriod) {
    this.#journey = journey;
    this.#period = period;
    this.#windowDays = journey.definition.source.actionWindowDays ?? DEFAULT_ACTION_WINDOW_DAYS;
  }

  #tally(stage: string, action: string): ActionTally {
    let byAction = this.#tallies.get(stage);
    if (!byAction) this.#tallies.set(stage, (byAction = new Map<string, ActionTally>()));
    let tally = byAction.get(action);
    if (!tally)
      byAction.set(action, (tally = { proposed: new Set(), created: 0, completed: 0, judged: 0, advanced: 0 }));
    return tally;
  }

  /** Adds one customer's proposals and keyed activities; only those past their judgement time count towards `advanced`. */
  add(customer: ReportCustomer): void {
    const { from, to } = this.#period;
    const { stageIndex } = this.#journey;
    for (const proposal of customer.proposed) this.#tally(proposal.stage, proposal.action).proposed.add(proposal.key);
    for (const [key, activity] of customer.activities) {
      if (activity.createdAt < from || activity.createdAt > to) continue;
      const tally = this.#tally(activity.stage, activity.action);
      tally.proposed.add(key);
      tally.created++;
      if (activity.closed) tally.completed++;
      if (actionJudgedAt(activity, this.#windowDays) > to) continue;
      tally.judged++;
      const index = stageIndex.get(activity.stage) ?? -1;
      const advanced = customer.history.some(
        (transition) =>
          transition.at >= activity.createdAt && transition.at <= to && (stageIndex.get(transition.to) ?? -1) > index,
      );
      if (advanced) tally.advanced++;
    }
  }

  /** One row per action and stage, in journey order. */
  results(): ActionEffectiveness[] {
    const { stages, stageIndex, segments } = this.#journey;
    const modeOf = (stage: string, action: string): 'create' | 'suggest' | null => {
      const index = stageIndex.get(stage) ?? -1;
      const candidates = [
        stages[index]?.actions ?? [],
        ...segments.map((segment) => segment.stages[index]?.actions ?? []),
      ];
      for (const list of candidates) {
        const found = list.find((candidate) => candidate.definition.id === action);
        if (found) return found.definition.mode;
      }
      return null;
    };
    return [...this.#tallies.entries()]
      .flatMap(([stage, byAction]) => [...byAction.entries()].map(([action, tally]) => ({ stage, action, tally })))
      .map(({ stage, action, tally }) => {
        const mode = modeOf(stage, action);
        const label = stages[stageIndex.get(stage) ?? -1]?.definition.label ?? stage;
        return {
          action,
          stage,
          stageLabel: label,
          mode,
          proposed: tally.proposed.size,
          created: tally.created,
          accepted: mode === 'suggest' ? tally.created : null,
          completed: tally.completed,
          judged: tally.judged,
          pending: tally.created - tally.judged,
          advanced: tally.advanced,
          advanceRate: share(tally.advanced, tally.judged),
        };
      })
      .sort(
        (a, b) => (stageIndex.get(a.stage) ?? 99) - (stageIndex.get(b.stage) ?? 99) || a.action.localeCompare(b.action),
      );
  }
}
