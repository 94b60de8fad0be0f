import type { JourneyState } from '../engine/journey-state.ts';
import type { UnmetChecklist, UnmetChecklistItem } from './journey-report.ts';
import { share } from './summarize-durations.ts';

/** Unmet checklist items listed per stage, most frequent first. */
const TOP_UNMET_ITEMS = 5;

/** What the report keeps of a customer's advance checklist: the unmet items of the next stage's conditions. */
export interface CustomerUnmet {
  /** The stage the customer was in when the checklist was computed (the evaluation time). */
  readonly stage: string;
  readonly items: readonly { readonly path: string; readonly text: string }[];
}

/** The unmet items of the state's `advance` checklist, in English; null without one (last stage, older states). */
export function customerUnmet(state: JourneyState): CustomerUnmet | null {
  const advance = state.checklists?.find((checklist) => checklist.kind === 'advance');
  if (!advance || state.stage === null) return null;
  return {
    stage: state.stage,
    items: advance.items.filter((item) => !item.met).map((item) => ({ path: item.path, text: item.text.en })),
  };
}

/** Counts, for the stalled customers of one stage, how often each advance checklist item is unmet. */
export class UnmetTally {
  #customers = 0;
  readonly #items = new Map<string, { text: string; count: number }>();

  /** Adds one stalled customer's unmet items. */
  add(unmet: CustomerUnmet): void {
    this.#customers++;
    for (const item of unmet.items) {
      const entry = this.#items.get(item.path);
      if (entry) entry.count++;
      else this.#items.set(item.path, { text: item.text, count: 1 });
    }
  }

  /** The most often unmet items (ties by path). */
  result(): UnmetChecklist {
    const items: UnmetChecklistItem[] = [...this.#items.entries()]
      .map(([path, { text, count }]) => ({ path, text, count, share: share(count, this.#customers) ?? 0 }))
      .sort((a, b) => b.count - a.count || a.path.localeCompare(b.path))
      .slice(0, TOP_UNMET_ITEMS);
    return { customers: this.#customers, items };
  }
}
