import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateJourneySet, type JourneyState } from '@crm-journey/connector';
import { connectSalesforce } from '@crm-journey/connector/salesforce';
import { DEFAULT_AS_OF, generatePopulation, startSalesforceSandbox, toSalesforceRecords } from '@crm-journey/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortfolioOverview } from '../src/report/portfolio-overview.ts';
import { runSync } from '../src/run/run-sync.ts';
import { openSyncStore } from '../src/state/sync-store.ts';
import { repoFile } from './repo-context.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

// The portfolio overview of `report` and `map` on the bundled Salesforce B2B + B2C set, checked against
// what the sync wrote on the records: the journey and stage fields, and each stored history.
const DAY = 86_400_000;
const files = ['salesforce-b2b.yaml', 'salesforce-b2c.yaml'].map((file) => repoFile('journeys', file));
let sandbox: Awaited<ReturnType<typeof startSalesforceSandbox>>;
let target: string[];
let movedLead = '';
const asOf = DEFAULT_AS_OF + DAY;

beforeAll(async () => {
  const records = toSalesforceRecords(generatePopulation({ customers: 120, seed: 4, consumerShare: 0.4 }));
  let clock = DEFAULT_AS_OF;
  sandbox = await startSalesforceSandbox({ records, now: () => clock });
  target = ['--instance-url', sandbox.url, '--access-token', sandbox.accessToken];
  const { set } = validateJourneySet(files.map((file) => ({ text: readFileSync(file, 'utf8'), file })));
  const [journey] = set?.journeys ?? [];
  if (!set || !journey) throw new Error('set expected');
  const connector = await connectSalesforce({
    instanceUrl: sandbox.url,
    accessToken: sandbox.accessToken,
    now: () => clock,
  });
  const store = openSyncStore(':memory:');
  await runSync({ connector, journey, set, store, scope: 'portfolio', asOf: DEFAULT_AS_OF });
  // A consumer's lead names a company the next day: it moves from the B2C journey to the B2B one.
  const lead = sandbox.inspect
    .records('Lead')
    .find((row) => row['IsConverted'] !== true && row['Company'] === '[not provided]');
  movedLead = String(lead?.['Id']);
  clock = asOf;
  sandbox.update('Lead', movedLead, { Company: 'Tea Traders Ltd' });
  const second = await runSync({ connector, journey, set, store, scope: 'portfolio', asOf });
  expect(second.journeySet?.moves).toEqual([{ customerId: movedLead, from: 'salesforce-b2c', to: 'salesforce-b2b' }]);
  await store.close();
  await connector.close();
}, 60_000);

afterAll(async () => {
  await sandbox.close();
});

/** The stored state of every customer root (account, contact, unconverted lead) of the org. */
function storedStates(): JourneyState[] {
  return ['Account', 'Contact', 'Lead']
    .flatMap((object) => sandbox.inspect.records(object))
    .map((row) => row['Journey_State__c'])
    .filter((text): text is string => typeof text === 'string' && text !== '')
    .map((text) => JSON.parse(text) as JourneyState);
}

/** The overview computed from the stored states alone, as its definitions say. */
function independentOverview(period: { from: string; to: string }) {
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  const perJourney: Record<string, number> = {};
  const perStage: Record<string, Record<string, number>> = {};
  const entries: Record<string, { entered: number; converted: number }> = {};
  const moves: Record<string, number> = {};
  const { set } = validateJourneySet(files.map((file) => ({ text: readFileSync(file, 'utf8'), file })));
  for (const state of storedStates()) {
    const id = state.journey.id;
    perJourney[id] = (perJourney[id] ?? 0) + 1;
    const stages = (perStage[id] ??= {});
    if (state.stage !== null) stages[state.stage] = (stages[state.stage] ?? 0) + 1;
    const order = set?.journeys.find((journey) => journey.id === id)?.stages.map((stage) => stage.id) ?? [];
    const tally = (entries[id] ??= { entered: 0, converted: 0 });
    // Only the history in this journey: what came before the last move between journeys is the old one's.
    const lastMove = state.history.findLastIndex((transition) => transition.journeyMove !== undefined);
    const own = state.history.slice(Math.max(0, lastMove));
    own.forEach((transition, index) => {
      const at = Date.parse(transition.at);
      if (transition.journeyMove && at >= from && at <= to) {
        const key = `${transition.journeyMove.from}>${transition.journeyMove.to}`;
        moves[key] = (moves[key] ?? 0) + 1;
      }
      // A customer counts once per stage: its first entry into the stage in the period.
      if (transition.to === '' || at < from || at > to) return;
      if (own.slice(0, index).some((before) => before.to === transition.to && Date.parse(before.at) >= from)) return;
      tally.entered++;
      const later = own
        .slice(index + 1)
        .some((next) => order.indexOf(next.to) > order.indexOf(transition.to) && Date.parse(next.at) <= to);
      if (later) tally.converted++;
    });
  }
  return { perJourney, perStage, entries, moves };
}

function checkOverview(portfolio: PortfolioOverview): void {
  const want = independentOverview(portfolio.period);
  expect(portfolio.customersPerJourney).toEqual(want.perJourney);
  expect(portfolio.inNoJourney).toBe(0);
  expect(portfolio.customers).toBe(storedStates().length);
  for (const journey of portfolio.journeys) {
    const stages = Object.fromEntries(journey.stages.filter((s) => s.now > 0).map((s) => [s.stage, s.now]));
    expect(stages, journey.id).toEqual(want.perStage[journey.id]);
    expect({ entered: journey.entered, converted: journey.converted }, journey.id).toEqual(want.entries[journey.id]);
    expect(journey.conversion).toBeCloseTo(journey.converted / journey.entered, 10);
  }
  expect(Object.fromEntries(portfolio.moves.map((move) => [`${move.from}>${move.to}`, move.count]))).toEqual(
    want.moves,
  );
  expect(portfolio.moves).toEqual([{ from: 'salesforce-b2c', to: 'salesforce-b2b', count: 1 }]);
}

const journeyFlags = files.flatMap((file) => ['--journey', file]);
const asOfFlag = ['--as-of', new Date(asOf).toISOString()];

describe('the portfolio overview of a journey set', () => {
  it('report --json and the HTML: per journey, per stage, conversion and moves, as the records say', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cj-portfolio-'));
    const out = join(dir, 'report.html');
    const run = await runCliInProcess(['report', ...journeyFlags, ...target, ...asOfFlag, '--out', out, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const { portfolio, journeys } = JSON.parse(run.stdout) as {
      portfolio: PortfolioOverview;
      journeys: { id: string }[];
    };
    checkOverview(portfolio);
    expect(journeys.map((journey) => journey.id)).toEqual(['salesforce-b2c', 'salesforce-b2b']);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('href="report-salesforce-b2c.html"');
    const embedded = /<script type="application\/json" id="portfolio-data">(.*)<\/script>/s.exec(html)?.[1];
    expect(JSON.parse(embedded ?? 'null')).toEqual(portfolio);
    const b2c = portfolio.journeys.find((journey) => journey.id === 'salesforce-b2c');
    expect(html).toMatch(
      new RegExp(`<tr data-key="salesforce-b2c">.*<td data-field="customers" class="num">${b2c?.customers}</td>`),
    );
    expect(readFileSync(join(dir, 'report-salesforce-b2b.html'), 'utf8')).toContain('Journey analytics:');
  }, 30_000);

  it('map of a set: one map per journey and the same overview, refusing what needs one journey', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cj-portfolio-map-'));
    const out = join(dir, 'map.html');
    const run = await runCliInProcess(['map', ...journeyFlags, ...target, ...asOfFlag, '--out', out, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout) as {
      portfolio: PortfolioOverview;
      journeys: { id: string; document: { panels: { current: { journey: { id: string }; customers: number } }[] } }[];
    };
    checkOverview(document.portfolio);
    for (const journey of document.journeys) {
      const [panel] = journey.document.panels;
      expect(panel?.current.journey.id).toBe(journey.id);
      expect(panel?.current.customers).toBe(document.portfolio.customersPerJourney[journey.id]);
    }
    expect(readFileSync(join(dir, 'map-salesforce-b2c.html'), 'utf8')).toContain('salesforce-b2c');
    expect(readFileSync(out, 'utf8')).toContain('href="map-salesforce-b2b.html"');
    const refused = await runCliInProcess(['map', ...journeyFlags, ...target, '--all-segments', '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--all-segments applies to one journey/);
  }, 30_000);
});
