import {
  compileJourney,
  createJourneyMapBuilder,
  evaluateCustomer,
  reportCustomer,
  type CustomerInput,
  type JourneyDefinition,
  type JourneyMap,
  type JourneyMapBuilder,
  type JourneyState,
} from '@crm-journey/connector';

/** One canvas: the map, and the map it is compared with (future state, or another period). */
export interface MapPanel {
  readonly current: JourneyMap;
  readonly future: JourneyMap | null;
}

/** What `crm-journey map --json` prints and the HTML embeds. */
export interface MapDocument {
  /** What the two maps of a panel are, e.g. `Revision 3` and `Revision 4 (future.yaml)`. */
  readonly currentLabel: string;
  readonly futureLabel: string | null;
  /** One panel, or with `--all-segments` everyone first and then one per segment. */
  readonly panels: readonly MapPanel[];
}

/** What to map. */
export interface MapOptions {
  readonly asOf: number;
  readonly from?: number;
  readonly to?: number;
  /** One map for everyone (default), for one segment, or everyone and every segment. */
  readonly segment?: string;
  readonly allSegments?: boolean;
  readonly compareJourney?: JourneyDefinition;
  readonly comparePeriod?: { readonly from?: number; readonly to?: number };
}

/** Feeds customers to every map builder the options ask for. */
export interface MapSession {
  add(input: Omit<CustomerInput, 'asOf' | 'previous'>, stored?: JourneyState | null): void;
  finish(): MapDocument;
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Maps customers fed one at a time (one pass over an org), with the same evaluation as the report.
 *
 * @example
 * const session = createMapSession(journey, { asOf: Date.now(), allSegments: true });
 * for (const set of customers) session.add(set);
 * const document = session.finish();
 */
export function createMapSession(journey: JourneyDefinition, options: MapOptions): MapSession {
  const compiled = compileJourney(journey);
  const future = options.compareJourney;
  const futureCompiled = future ? compileJourney(future) : undefined;
  const segments: (string | undefined)[] = options.allSegments
    ? [undefined, ...journey.segments.map((segment) => segment.id)]
    : [options.segment];
  const period = (from?: number, to?: number): { from?: number; to?: number } => ({
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  });
  const builders = segments.map((segment) => {
    const base = { asOf: options.asOf, ...(segment === undefined ? {} : { segment }) };
    const current = createJourneyMapBuilder(compiled, { ...base, ...period(options.from, options.to) });
    let other: JourneyMapBuilder | undefined;
    if (futureCompiled)
      other = createJourneyMapBuilder(futureCompiled, { ...base, ...period(options.from, options.to) });
    else if (options.comparePeriod)
      other = createJourneyMapBuilder(compiled, {
        ...base,
        ...period(options.comparePeriod.from, options.comparePeriod.to),
      });
    return { current, other };
  });
  return {
    add(read, stored) {
      const usable = stored?.journey.id === journey.id && stored.journey.revision === journey.revision ? stored : null;
      const input: CustomerInput = { ...read, asOf: options.asOf, previous: usable };
      const facts = reportCustomer(compiled, input, evaluateCustomer(compiled, input));
      // The future version replays the customer's history from its records: the stored state belongs to this one.
      const futureInput: CustomerInput = { ...read, asOf: options.asOf };
      const futureFacts = futureCompiled
        ? reportCustomer(futureCompiled, futureInput, evaluateCustomer(futureCompiled, futureInput))
        : facts;
      for (const { current, other } of builders) {
        current.add(facts);
        other?.add(futureFacts);
      }
    },
    finish() {
      const panels = builders.map(({ current, other }) => ({
        current: current.build().map,
        future: other ? other.build().map : null,
      }));
      const first = panels[0]?.current;
      const second = panels[0]?.future;
      const periodOf = (map: JourneyMap): string => `${map.period.from.slice(0, 10)} to ${map.period.to.slice(0, 10)}`;
      return {
        currentLabel: future ? `Revision ${journey.revision}` : first ? periodOf(first) : day(options.asOf),
        futureLabel: future ? `Revision ${future.revision} (${future.file})` : second ? periodOf(second) : null,
        panels,
      };
    },
  };
}
