// How many REST query cursors one read may hold open at once. A REST query whose result is longer than a
// page keeps a server-side cursor until its last page is read; Salesforce has allowed a user 10 (the
// eleventh releases the oldest, whose next page then fails with INVALID_QUERY_LOCATOR). API 56.0 lifted the
// limit on current orgs, but older orgs and versions still enforce it, so a read stays under it everywhere.

/**
 * Cursors one read holds at most: 2 under Salesforce's 10 leave room for the same user's other clients
 * (a panel, a data loader, the incremental scan of another run) and for a probe page that Salesforce
 * shortens for wide rows, which holds a cursor for the moment its remaining pages take.
 */
export const READ_CURSOR_BUDGET = 8;

/** A count of open cursors shared by the streams of one read. */
export interface CursorBudget {
  /** Takes a cursor if one is free; false when the budget is spent. */
  take(): boolean;
  /** Gives back a cursor whose result was read to the end (Salesforce closed it). */
  release(): void;
}

/**
 * Creates a budget of `limit` cursors (0: hold none, every multi-page stream through a query job).
 *
 * @example
 * const budget = createCursorBudget(READ_CURSOR_BUDGET);
 * if (budget.take()) readWithCursor().finally(() => budget.release());
 */
export function createCursorBudget(limit: number): CursorBudget {
  let open = 0;
  return {
    take() {
      if (open >= limit) return false;
      open++;
      return true;
    },
    release() {
      open = Math.max(0, open - 1);
    },
  };
}
