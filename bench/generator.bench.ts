// How long generating the sandbox population takes, and how much memory the records hold.
import { generatedRecords } from '@crm-journey/sandbox';
import { formatCount, writeBenchReport } from './bench-report.ts';

const SIZES = [10_000, 50_000, 100_000];
const MB = 1024 * 1024;

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function countRecords(records: Readonly<Record<string, readonly unknown[] | undefined>>): number {
  return Object.values(records).reduce((sum, list) => sum + (list?.length ?? 0), 0);
}

interface Row {
  readonly crm: string;
  readonly customers: number;
  readonly records: number;
  readonly seconds: number;
  readonly heapMb: number;
  readonly rssMb: number;
}

function measure(crm: 'salesforce' | 'sugarcrm', customers: number): Row {
  collect();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  const records = generatedRecords(crm, customers, 1);
  const seconds = (performance.now() - started) / 1000;
  collect();
  const memory = process.memoryUsage();
  const row = {
    crm,
    customers,
    records: countRecords(records),
    seconds,
    heapMb: (memory.heapUsed - before) / MB,
    rssMb: memory.rss / MB,
  };
  process.stderr.write(
    `[generator] ${crm} ${formatCount(customers)} customers: ${formatCount(row.records)} records in ${seconds.toFixed(2)} s, ${row.heapMb.toFixed(0)} MB held\n`,
  );
  return row;
}

const rows: Row[] = [];
for (const crm of ['salesforce', 'sugarcrm'] as const) for (const size of SIZES) rows.push(measure(crm, size));

writeBenchReport({
  id: 'generator',
  title: 'Sandbox data: generating customers',
  blocks: [
    {
      kind: 'text',
      markdown:
        'The seeded generator (`packages/sandbox/src/generator/`) streams customers; mapping them to a CRM materialises every record, ' +
        'as the sandbox org holds them in memory. Time is generation plus mapping; memory is the heap the records hold after a ' +
        'garbage collection (and the process RSS at that point). One process, sizes in ascending order.',
    },
    {
      kind: 'table',
      columns: ['CRM', 'Customers', 'Records', 'Time', 'Customers/s', 'Heap held', 'RSS'],
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
      rows: rows.map((row) => [
        row.crm,
        formatCount(row.customers),
        formatCount(row.records),
        `${row.seconds.toFixed(2)} s`,
        formatCount(row.customers / row.seconds),
        `${row.heapMb.toFixed(0)} MB`,
        `${row.rssMb.toFixed(0)} MB`,
      ]),
    },
  ],
});
