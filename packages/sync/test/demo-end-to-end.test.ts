// The demo end to end in real Chromium, on both CRMs: a sandbox, the first sync, the sync loop and the
// record browser, in process; the browser opens a customer's record page, accepts an action in the journey
// panel, and a deal moved to Closed Won in the record browser is picked up by the running sync.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Crm, JourneyState } from '@crm-journey/connector';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../src/demo/start-demo.ts';
import { chromiumLaunchOptions, repoFile } from './repo-context.ts';

const IMAGES = repoFile('docs', 'images');
const INTERVAL_MS = 1500;

type Row = Readonly<Record<string, unknown>>;

/** Field and object names of each CRM's sandbox. */
interface CrmCase {
  readonly crm: Crm;
  readonly customers: number;
  readonly account: string;
  readonly lead: string;
  readonly opportunity: string;
  readonly task: string;
  readonly id: string;
  readonly name: string;
  readonly stateField: string;
  readonly keyField: string;
  /** A key field of the Evaluation stage in the bundled journey (text on both CRMs' sandboxes). */
  readonly editableField: string;
  readonly accountLink: string;
  readonly contact: string;
  /** The contact's link to its account (blank: a consumer, a customer of the B2C journey). */
  readonly contactAccount: string;
  /** The Task field pointing at the customer's account. */
  readonly taskAccount: string;
  readonly isOpen: (opportunity: Row) => boolean;
  readonly isWon: (opportunity: Row) => boolean;
  /** Where the test saves its screenshot of the record page, if anywhere. */
  readonly screenshot?: string;
}

const cases: readonly CrmCase[] = [
  {
    crm: 'salesforce',
    customers: 200,
    account: 'Account',
    lead: 'Lead',
    opportunity: 'Opportunity',
    task: 'Task',
    id: 'Id',
    name: 'Name',
    stateField: 'Journey_State__c',
    keyField: 'Journey_Action_Key__c',
    editableField: 'Rating',
    accountLink: 'AccountId',
    contact: 'Contact',
    contactAccount: 'AccountId',
    taskAccount: 'WhatId',
    isOpen: (row) => row['IsClosed'] === false,
    isWon: (row) => row['IsWon'] === true,
    screenshot: 'demo-record-page.png',
  },
  {
    crm: 'sugarcrm',
    customers: 150,
    account: 'Accounts',
    lead: 'Leads',
    opportunity: 'Opportunities',
    task: 'Tasks',
    id: 'id',
    name: 'name',
    stateField: 'journey_state_c',
    keyField: 'journey_action_key_c',
    editableField: 'rating',
    accountLink: 'account_id',
    contact: 'Contacts',
    contactAccount: 'account_id',
    taskAccount: 'parent_id',
    isOpen: (row) => row['sales_status'] === 'In Progress',
    isWon: (row) => row['sales_stage'] === 'Closed Won',
  },
];

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch(chromiumLaunchOptions());
});

afterAll(async () => {
  await browser.close();
});

const currentStage = (page: Page) => page.locator('cj-journey-panel [aria-current="step"]');

describe.each(cases)('npm run demo -- --crm $crm', (crmCase) => {
  let demo: RunningDemo;
  const output: string[] = [];
  const sink = { write: (chunk: string) => output.push(chunk) };

  beforeAll(async () => {
    demo = await startDemo({
      crm: crmCase.crm,
      customers: crmCase.customers,
      journeyPaths: [repoFile('journeys', `${crmCase.crm}-b2b.yaml`), repoFile('journeys', `${crmCase.crm}-b2c.yaml`)],
      seed: '7',
      port: 0,
      intervalMs: INTERVAL_MS,
      intervalText: '1.5s',
      stdout: sink,
      progress: sink,
    });
  }, 25_000);

  afterAll(async () => {
    await demo.stop();
  });

  const records = (object: string): readonly Row[] => demo.sandbox.inspect.records(object);
  const tasksWithKey = (key: string): Row[] => records(crmCase.task).filter((task) => task[crmCase.keyField] === key);

  /** An account in Evaluation with an open deal and a suggested action the rep can accept. */
  function evaluatingAccount(): { account: Row; actionKey: string; opportunityId: string } {
    for (const account of records(crmCase.account)) {
      const raw = account[crmCase.stateField];
      const state = typeof raw === 'string' && raw !== '' ? (JSON.parse(raw) as JourneyState) : null;
      const action = state?.nextActions.find((next) => next.mode === 'suggest' && next.status === 'new');
      const opportunity = records(crmCase.opportunity).find(
        (row) => row[crmCase.accountLink] === account[crmCase.id] && crmCase.isOpen(row),
      );
      if (state?.stage === 'evaluation' && action && opportunity)
        return { account, actionKey: action.key, opportunityId: String(opportunity[crmCase.id]) };
    }
    throw new Error('no account in Evaluation with a suggested action in the generated org');
  }

  it('prints the first sync with the calls against the minimum, and the URLs', () => {
    const text = output.join('');
    expect(text).toContain(`against the ${crmCase.crm} sandbox: ${crmCase.customers} customers`);
    const calls =
      /API calls used: \d+ \(\d+ to log in and describe the org, (\d+) to read and write\) against a minimum of (\d+) to read and write \(reads (\d+), writes (\d+)\)/.exec(
        text,
      );
    const [readWrite, minimum, reads, writes] = (calls ?? []).slice(1).map(Number);
    expect(minimum).toBe((reads ?? 0) + (writes ?? 0));
    // Every customer's journey fields are written on the first run: at least one write call, and no fewer
    // calls than the minimum.
    expect(writes).toBeGreaterThan(0);
    expect(readWrite).toBeGreaterThanOrEqual(minimum ?? Number.POSITIVE_INFINITY);
    expect(text).toContain(`Record browser:     ${demo.browserUrl}/`);
    expect(text).toContain(`Analytics report:   ${demo.reportUrl}`);
    expect(demo.firstRun.customers).toBe(crmCase.customers);
  });

  it('lists and searches records through the REST API', async () => {
    const page = await browser.newPage();
    const name = String(evaluatingAccount().account[crmCase.name]);
    await page.goto(`${demo.browserUrl}/o/${crmCase.account}?q=${encodeURIComponent(name)}`);
    expect(await page.getByRole('link', { name, exact: true }).count()).toBeGreaterThan(0);
    await page.goto(`${demo.browserUrl}/o/${crmCase.account}?q=no-such-customer`);
    expect(await page.getByText('0 records').count()).toBe(1);
    await page.close();
  });

  it('shows the stage and the actions; accepting one writes exactly one Task, which the panel then shows', async () => {
    const { account, actionKey } = evaluatingAccount();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${demo.browserUrl}/o/${crmCase.account}/${String(account[crmCase.id])}`);
    await currentStage(page).waitFor();
    expect(await currentStage(page).textContent()).toContain('Evaluation');
    // The header names the customer's journey, from the cj-journey-stages.js the demo serves.
    const journeyName = crmCase.crm === 'salesforce' ? 'Salesforce' : 'SugarCRM';
    await page.getByText(`Journey: B2B customer journey (${journeyName})`, { exact: true }).waitFor();
    const accept = page.locator(`cj-journey-panel li.action[data-key="${actionKey}"] [data-role="accept"]`);
    await accept.waitFor();
    expect(tasksWithKey(actionKey)).toHaveLength(0);

    await accept.click();
    // The page asks the sync for a run, then reads the journey fields again: the action is now a task.
    const existing = page.locator(`cj-journey-panel li.action.existing[data-key="${actionKey}"]`);
    await existing.waitFor({ timeout: 10_000 });
    const tasks = tasksWithKey(actionKey);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.[crmCase.taskAccount]).toBe(account[crmCase.id]);

    await page.reload();
    await existing.waitFor();
    expect(await existing.locator('[data-role="accept"]').count()).toBe(0);
    expect(tasksWithKey(actionKey)).toHaveLength(1);
    // The page shows live dates, so the README's screenshot is refreshed on request (or when missing),
    // not on every run: UPDATE_SCREENSHOTS=1 pnpm exec vitest run packages/sync/test/demo-end-to-end.test.ts
    const screenshot = crmCase.screenshot === undefined ? undefined : join(IMAGES, crmCase.screenshot);
    if (screenshot !== undefined && (process.env['UPDATE_SCREENSHOTS'] === '1' || !existsSync(screenshot))) {
      mkdirSync(IMAGES, { recursive: true });
      await page.screenshot({ path: screenshot });
    }
    await page.close();
  });

  it('edits a key field in the panel: the record changes through the CRM API, other fields are refused', async () => {
    const { account } = evaluatingAccount();
    const accountId = String(account[crmCase.id]);
    const value = `Hot ${crmCase.crm}`;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${demo.browserUrl}/o/${crmCase.account}/${accountId}`);
    await currentStage(page).waitFor();
    // The panel's own controls, as a rep uses them: Edit, type, Enter.
    await page.getByRole('button', { name: `Edit ${crmCase.editableField}` }).click();
    await page.getByRole('textbox', { name: crmCase.editableField }).fill(value);
    await page.keyboard.press('Enter');
    const card = page.locator('cj-journey-panel [part="key-fields"]');
    await expect
      .poll(async () => ((await card.textContent()) ?? '').replace(/\s+/g, ' '), { timeout: 10_000 })
      .toContain(`${crmCase.editableField} ${value} Edit`);
    const saved = records(crmCase.account).find((row) => row[crmCase.id] === accountId);
    expect(saved?.[crmCase.editableField]).toBe(value);

    // The bridge writes only a key field the stored state lists, whatever the page sends.
    const refused = await page.evaluate(
      async ([crm, object, id]) => {
        const [url, init] =
          crm === 'salesforce'
            ? [
                `/api/ui-record/${object}/${id}`,
                { method: 'PATCH', body: JSON.stringify({ fields: { Id: id, Name: 'Hijacked' } }) },
              ]
            : [
                '/api/sugar-call',
                {
                  method: 'POST',
                  body: JSON.stringify({ method: 'update', module: object, id, data: { name: 'Hijacked' } }),
                },
              ];
        const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json' } });
        return response.status;
      },
      [crmCase.crm, crmCase.account, accountId] as const,
    );
    expect(refused).toBe(400);
    expect(records(crmCase.account).find((row) => row[crmCase.id] === accountId)?.[crmCase.name]).toBe(
      account[crmCase.name],
    );
    await page.close();
  });

  it('upserts a Task twice on its action key into one', async () => {
    const { actionKey } = evaluatingAccount();
    const page = await browser.newPage();
    await page.goto(`${demo.browserUrl}/`);
    // What the record page sends on accept: the Salesforce wrapper's createRecord, the Sugar dashlet's create.
    const [url, body] =
      crmCase.crm === 'salesforce'
        ? ['/api/ui-record/Task', { fields: { Subject: 'Twice', Journey_Action_Key__c: actionKey } }]
        : [
            '/api/sugar-call',
            { method: 'create', module: 'Tasks', data: { name: 'Twice', journey_action_key_c: actionKey } },
          ];
    const send = (): Promise<unknown> =>
      page.evaluate(
        async ([to, payload]) => {
          const init = { method: 'POST', headers: { 'content-type': 'application/json' } };
          const answer: unknown = await (await fetch(to, { ...init, body: JSON.stringify(payload) })).json();
          return answer;
        },
        [url, body] as const,
      );
    const [first, second] = [await send(), await send()];
    expect(second).toMatchObject({ id: (first as { id: string }).id });
    expect(tasksWithKey(actionKey)).toHaveLength(1);
    await page.close();
  });

  it('shows a B2C customer (a contact without an account) in the B2C journey, and both journeys in /report and /map', async () => {
    const journeyName = crmCase.crm === 'salesforce' ? 'Salesforce' : 'SugarCRM';
    const b2c = `${crmCase.crm}-b2c`;
    const stateOf = (row: Row): JourneyState | null => {
      const raw = row[crmCase.stateField];
      return typeof raw === 'string' && raw !== '' ? (JSON.parse(raw) as JourneyState) : null;
    };
    const consumer = records(crmCase.contact).find((row) => {
      const link = row[crmCase.contactAccount];
      return (link === null || link === undefined || link === '') && stateOf(row)?.stage;
    });
    if (!consumer) throw new Error('no contact without an account with a journey state in the generated org');
    const state = stateOf(consumer);
    expect(state?.journey.id).toBe(b2c);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${demo.browserUrl}/o/${crmCase.contact}/${String(consumer[crmCase.id])}`);
    await currentStage(page).waitFor();
    await page.getByText(`Journey: B2C subscription journey (${journeyName})`, { exact: true }).waitFor();
    const label = demo.set.journeys.find((j) => j.id === b2c)?.stages.find((s) => s.id === state?.stage)?.label;
    expect(await currentStage(page).textContent()).toContain(label ?? '?');

    // The portfolio overview counts the customers of each journey as the sync placed them.
    const placed = new Map<string, number>();
    for (const object of [crmCase.account, crmCase.contact, crmCase.lead])
      for (const row of records(object)) {
        const id = stateOf(row)?.journey.id;
        if (id !== undefined) placed.set(id, (placed.get(id) ?? 0) + 1);
      }
    expect(placed.get(b2c)).toBeGreaterThan(0);
    await page.goto(`${demo.browserUrl}/report`);
    await page.getByRole('heading', { name: 'Portfolio overview', exact: true }).waitFor();
    for (const [id, count] of placed) {
      const cell = page.locator(`table[data-table="portfolio-journeys"] tr[data-key="${id}"] [data-field="customers"]`);
      expect(Number(await cell.textContent())).toBe(count);
    }
    await page.getByRole('link', { name: `B2C subscription journey (${journeyName})` }).click();
    await page.waitForURL(/\/report\?journey=/);
    expect(await page.title()).toContain('B2C subscription journey');
    await page.goto(`${demo.browserUrl}/map`);
    await page.getByRole('heading', { name: 'Portfolio overview', exact: true }).waitFor();
    await page.getByRole('link', { name: `B2C subscription journey (${journeyName})` }).click();
    await page.waitForURL(/\/map\?journey=/);
    expect(await page.content()).toContain(b2c);
    await page.close();
  });

  it('picks up a deal moved to Closed Won in the record browser within the sync interval', async () => {
    const { account, opportunityId } = evaluatingAccount();
    // Edited at any moment, even in the same second as a sync's read: both connectors take their watermark
    // from the CRM's clock minus a margin, so the edit is read by the next run.
    const page = await browser.newPage();
    await page.goto(`${demo.browserUrl}/o/${crmCase.opportunity}/${opportunityId}`);
    await page.getByLabel('Move to stage').selectOption('Closed Won');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: '= Closed Won' }).waitFor();
    const saved = records(crmCase.opportunity).find((row) => row[crmCase.id] === opportunityId);
    expect(saved && crmCase.isWon(saved)).toBe(true);

    // Bounded: a few sync intervals (1.5 s each) at most.
    let stage = '';
    const deadline = Date.now() + 8 * INTERVAL_MS;
    while (!stage.includes('Onboarding') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS / 2));
      await page.goto(`${demo.browserUrl}/o/${crmCase.account}/${String(account[crmCase.id])}`);
      await currentStage(page).waitFor();
      stage = (await currentStage(page).textContent()) ?? '';
    }
    expect(stage, `the demo's log:\n${output.join('').slice(-3000)}`).toContain('Onboarding');
    await page.close();
  });
});
