// What the fleet benchmark's table says, in sentences computed from its rows (so a new run rewrites them).

/** One row of the fleet benchmark, as the findings read it. */
export interface FleetRow {
  readonly label: string;
  readonly customers: number;
  readonly runSeconds: number;
  readonly apiRequests: number;
  readonly baselineRequests: number;
  /** PostgreSQL statements the fleet's database ran (none for one process). */
  readonly statements?: number | undefined;
  readonly killToPartitionSeconds?: number | undefined;
  readonly killToRunSeconds?: number | undefined;
}

const rate = (row: FleetRow): number => row.customers / row.runSeconds;
const times = (value: number): string => `${value.toFixed(2)}×`;

/**
 * The findings paragraph: scaling against one worker and one process in the same run, the calls against
 * one process, and the failover, with the machine's limits said plainly.
 *
 * @example
 * fleetFindings(rows, { cores: 2, leaseSeconds: 10 });
 */
export function fleetFindings(rows: readonly FleetRow[], machine: { cores: number; leaseSeconds: number }): string {
  const [baseline, one, two, four, bigBaseline, bigTwo, killed] = rows;
  if (!baseline || !one || !two || !four || !bigBaseline || !bigTwo || !killed) return '';
  // The model: a node works a partition as one process works an org (its measured rate), 20 nodes at once.
  const million = 1_000_000;
  const machines = 20;
  const partition = 10_000;
  const perNodeSeconds = million / machines / rate(bigBaseline);
  const callsPerCustomer = bigTwo.apiRequests / bigTwo.customers;
  const statementsPerCustomer = (bigTwo.statements ?? Number.NaN) / bigTwo.customers;
  const count = (value: number): string => Math.round(value).toLocaleString('en-US');
  return [
    `**What this shows, on ${machine.cores} cores.** Every worker, the orgs (served by the benchmark's own process) and PostgreSQL share the same ${machine.cores} cores, so more workers cannot add CPU here: what the rows measure is the fleet's overhead and whether the work spreads, not the speed-up of separate machines.`,
    '',
    `- **Four orgs**: ${rate(one).toFixed(0)} customers/s with 1 worker, ${rate(two).toFixed(0)} with 2 (${times(rate(two) / rate(one))} of 1 worker), ${rate(four).toFixed(0)} with 4 (${times(rate(four) / rate(one))}); one process syncing the orgs in turn did ${rate(baseline).toFixed(0)}. API requests: ${times(one.apiRequests / baseline.apiRequests)}, ${times(two.apiRequests / baseline.apiRequests)} and ${times(four.apiRequests / baseline.apiRequests)} one process's; each worker connects to and describes every org it works on, a fixed cost per node and org, and a first run lists its customers' ids.`,
    `- **One big org read in partitions**: 2 workers did ${rate(bigTwo).toFixed(0)} customers/s against ${rate(bigBaseline).toFixed(0)} for one process (${times(rate(bigTwo) / rate(bigBaseline))}), with ${times(bigTwo.apiRequests / bigBaseline.apiRequests)} its API requests (the budget is 1.1×): the listing, a partial page per query and partition, the second worker's connection, and query jobs where one process pages.`,
    `- **Failover**: the SIGKILLed worker's read partition was finished by the other ${killed.killToPartitionSeconds?.toFixed(1) ?? '?'} s after the kill (a lease of ${machine.leaseSeconds} s, then the partition read again from its start), and the run ${killed.killToRunSeconds?.toFixed(1) ?? '?'} s after it; its API requests were ${times(killed.apiRequests / bigBaseline.apiRequests)} one process's, the dead worker's partition being read twice.`,
    '',
    `**A model for ${machines} machines and one org of 1,000,000 customers**, from this run's measured costs (a machine at this load; a quiet machine is faster). The first run lists the 1,000,000 ids (a query job above 50,000: a few calls), then ${count(million / partition)} partitions of ${count(partition)} (the default \`partitionSize\`) spread over the machines:`,
    '',
    `- **Time**: a node reads, evaluates and writes a partition at one process's rate, ${rate(bigBaseline).toFixed(0)} customers/s here, so ${count(million / machines)} customers per machine take about ${(perNodeSeconds / 60).toFixed(0)} min, against ${(million / rate(bigBaseline) / 3600).toFixed(1)} h for one process. It stops scaling at ${count(million / partition)} machines (one partition each; smaller partitions cost calls), and before that at what the org and PostgreSQL take at once.`,
    `- **API calls**: ${callsPerCustomer.toFixed(3)} per customer with the split, so about ${count(callsPerCustomer * million)} for the first run, ${callsPerCustomer * million <= 100_000 ? 'within' : 'beyond'} the 100,000 a Salesforce Enterprise org gets per day before its per-license share; more machines add no calls, only their connections. Salesforce allows an org 25 long-running requests (over 20 s) at once; a partition's requests are pages and query-job polls, short ones, so 20 nodes stay clear of it.`,
    `- **PostgreSQL**: ${statementsPerCustomer.toFixed(2)} statements per customer (queue polling included), about ${count(statementsPerCustomer * million)} for the run, i.e. ${count((statementsPerCustomer * million) / perNodeSeconds)} per second over ${(perNodeSeconds / 60).toFixed(0)} min: one server handles that, and it grows with the customers, not the machines (plus each node's idle polling of its three queues every 0.5–1 s). Not measured: networks between machines and PostgreSQL on its own hardware.`,
  ].join('\n');
}
