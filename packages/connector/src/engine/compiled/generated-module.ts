/** Where `collect` leaves what it found in one customer's records; reused from customer to customer. */
export interface CollectedFacts {
  /** How many records `collect` skipped as created after `asOf`. */
  later: number;
  addTouchpoint(
    rule: number,
    index: number,
    at: number,
    date: unknown,
    id: unknown,
    subject: unknown,
    emotion: number,
  ): void;
  addActivity(key: string, object: string, record: unknown): void;
}

/** What the generated module exports. */
export interface GeneratedJourneyModule {
  /** Starts a customer: `conditions` answer for these records at `asOf` from now on. */
  readonly begin: (records: unknown, asOf: number) => void;
  /**
   * Forgets the records' cached dates and the records the conditions answer for: the next records are
   * another customer's, even in the same arrays.
   */
  readonly fresh: () => void;
  /**
   * A moment of a first-sight replay of the records `begin`/`collect` will see: `conditions` answer for
   * them as they were at `at`, the records created later hidden; their dates stay cached between moments.
   */
  readonly moment: (records: unknown, at: number) => void;
  /**
   * Starts a first-sight replay: every record's creation time parsed once (and cached for the moments),
   * those before `asOf` pushed onto `times`, the texts they were parsed from onto `texts`. Returns
   * whether a record was created after `asOf`.
   */
  readonly times: (records: unknown, asOf: number, times: number[], texts: unknown[]) => boolean;
  /**
   * Per customer condition, whether it holds for `records` at `asOf` (begun first unless those are what
   * the module answers for). An object's records are read once, when a condition first needs them, and
   * every record condition on that object is decided in that one pass.
   */
  readonly conditions: readonly ((records: unknown, asOf: number) => boolean)[];
  /**
   * `begin`, then one pass over each object's records as they are at `asOf` (records created later are
   * skipped; `text` is `asOf` formatted): every condition, the touchpoint candidates, the keyed activities.
   */
  readonly collect: (records: unknown, asOf: number, text: string, facts: CollectedFacts) => void;
  /** The checklists' record conditions (`JourneyCode.checks`), as record predicates. */
  readonly checks: readonly ((record: unknown, asOf: number) => boolean)[];
  /** Per touchpoint rule: its `where`, then its emotion rules' `where`, as record predicates. */
  readonly touchpoints: readonly (readonly [
    (record: unknown, asOf: number) => boolean,
    readonly ((record: unknown, asOf: number) => boolean)[],
  ])[];
}
