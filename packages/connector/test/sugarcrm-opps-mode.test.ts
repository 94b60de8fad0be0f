// Sugar's two opportunity modes: "Opportunities only" (the stage in sales_stage, no sales_status) and
// "Opportunities with Revenue Line Items" (sales_status rolled up). The connector reads the mode from the
// instance's metadata, the check warns about a condition that reads only the other mode's field, and the
// bundled journey places a customer who won a deal last week in onboarding in both.
import { readFileSync } from 'node:fs';
import { startSugarSandbox, type SugarOppsMode, type SugarSandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { repoFile } from './repo-file.ts';
import { connectSugar as restClient } from './sugarcrm-support.ts';
import { AS_OF, connectToSugar, population, sugarJourney, syncOnce } from './sugarcrm-connector-support.ts';

const JOURNEY_TEXT = readFileSync(repoFile('journeys', 'sugarcrm-b2b.yaml'), 'utf8');
const DAY = 86_400_000;
const MODES: readonly SugarOppsMode[] = ['Opportunities', 'RevenueLineItems'];
let sandbox: SugarSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

// The bundled journey with one condition narrowed to one of the two fields.
const EVALUATION_WHEN = `      Opportunities:
        sales_status: { $nin: [Closed Won, Closed Lost] }
        sales_stage: { $nin: [Closed Won, Closed Lost] }
`;
const onlyStatus = JOURNEY_TEXT.replace(
  EVALUATION_WHEN,
  '      Opportunities: { sales_status: { $nin: [Closed Won, Closed Lost] } }\n',
);
const onlyStage = JOURNEY_TEXT.replace(
  EVALUATION_WHEN,
  '      Opportunities: { sales_stage: { $nin: [Closed Won, Closed Lost] } }\n',
);

describe('SugarCRM opportunity modes', () => {
  it.each(MODES)('says its mode in the metadata and keeps sales_status only with line items (%s)', async (mode) => {
    sandbox = await startSugarSandbox({ records: population(5), now: () => AS_OF, oppsMode: mode });
    const rest = await restClient(sandbox);
    const metadata = await rest.http.get<{ modules: Record<string, { config?: unknown }> }>(
      '/metadata?type_filter=modules&module_filter=Opportunities',
    );
    expect(metadata.data.modules['Opportunities']?.config).toEqual({ opps_view_by: mode });
    const deal = sandbox.inspect.records('Opportunities')[0];
    const won = await rest.http.put<Record<string, unknown>>(`/Opportunities/${String(deal?.['id'])}`, {
      sales_stage: 'Closed Won',
    });
    expect(won.data['sales_status']).toBe(mode === 'RevenueLineItems' ? 'Closed Won' : '');
    // Line items: a module the sandbox does not model in either mode (hidden, not gone, in the second).
    const lines = await rest.http.post<{ error: string }>('/RevenueLineItems/filter', { max_num: 1 });
    expect([lines.status, lines.data.error]).toEqual([400, 'SANDBOX_UNSUPPORTED']);
  });

  it.each(MODES)('places a customer who won a deal last week in onboarding (%s)', async (mode) => {
    const records = population(60, 7);
    sandbox = await startSugarSandbox({ records, now: () => AS_OF, oppsMode: mode });
    const journey = sugarJourney();
    const sugar = await connectToSugar(sandbox);
    const before = await syncOnce(sugar, journey);
    const open = sandbox.inspect
      .records('Opportunities')
      .find((deal) => /evaluation|purchase/.test(String(before.stages.get(String(deal['account_id'])))));
    const account = String(open?.['account_id']);
    expect(open).toBeDefined();
    const rest = await restClient(sandbox);
    const lastWeek = new Date(AS_OF - 7 * DAY).toISOString().slice(0, 10);
    await rest.http.put(`/Opportunities/${String(open?.['id'])}`, { sales_stage: 'Closed Won', date_closed: lastWeek });
    const after = await syncOnce(sugar, journey, { customerIds: [account] });
    expect(after.stages.get(account)).toBe('onboarding');
    await sugar.close();
  });

  it('warns where a condition reads only the field the instance does not keep, and not on the bundled journey', async () => {
    for (const mode of MODES) {
      sandbox = await startSugarSandbox({ now: () => AS_OF, oppsMode: mode });
      const sugar = await connectToSugar(sandbox);
      const bundled = await sugar.checkJourney(JOURNEY_TEXT, 'sugarcrm-b2b.yaml');
      expect(bundled.errors).toEqual([]);
      expect(bundled.warnings.filter((warning) => warning.rule === 'sugar-opps-mode')).toEqual([]);
      const [text, field] = mode === 'Opportunities' ? [onlyStatus, 'sales_status'] : [onlyStage, 'sales_stage'];
      expect(text).not.toBe(JOURNEY_TEXT);
      const narrowed = await sugar.checkJourney(text, 'narrowed.yaml');
      const warnings = narrowed.warnings.filter((warning) => warning.rule === 'sugar-opps-mode');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({
        severity: 'warning',
        location: { file: 'narrowed.yaml', path: 'stages[2].when.Opportunities' },
        message: expect.stringContaining(`Opportunities.${field}`) as unknown,
      });
      expect(warnings[0]?.location.line).toBe(text.split('\n').findIndex((line) => line.includes(`{ ${field}:`)) + 1);
      await sugar.close();
      await sandbox.close();
      sandbox = undefined;
    }
  });
});
