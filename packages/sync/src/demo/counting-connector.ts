import type { CrmConnector } from '@crm-journey/connector';

/** A connector that tallies the records its reads hand out, per object, for the minimum-calls line. */
export interface CountingConnector extends CrmConnector {
  /** Records read per object since the last {@link CountingConnector.resetCounts}. */
  readonly recordsRead: ReadonlyMap<string, number>;
  resetCounts(): void;
}

/**
 * Wraps a connector so that every customer its reads yield adds its records to {@link CountingConnector.recordsRead};
 * everything else passes through untouched.
 *
 * @example
 * const counted = countRecordsRead(connector);
 * await runSync({ connector: counted, ... });
 * counted.recordsRead.get('Opportunity');
 */
export function countRecordsRead(connector: CrmConnector): CountingConnector {
  const counts = new Map<string, number>();
  return {
    crm: connector.crm,
    recordsRead: counts,
    resetCounts: () => {
      counts.clear();
    },
    checkJourney: (text, file, options) => connector.checkJourney(text, file, options),
    async *readCustomers(journey, options) {
      const reader = connector.readCustomers(journey, options);
      for (let step = await reader.next(); ; step = await reader.next()) {
        if (step.done === true) return step.value;
        for (const [object, records] of Object.entries(step.value.records))
          counts.set(object, (counts.get(object) ?? 0) + records.length);
        yield step.value;
      }
    },
    write: (journey, writes) => connector.write(journey, writes),
    apiUsage: () => connector.apiUsage(),
    ...(connector.orgId ? { orgId: () => connector.orgId?.() ?? Promise.resolve(undefined) } : {}),
    close: () => connector.close(),
  };
}
