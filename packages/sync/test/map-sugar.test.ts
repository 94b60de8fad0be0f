// `crm-journey map` against the SugarCRM sandbox right after a sync: Sugar's object names on the canvas,
// the planted bottlenecks (docs/sandbox.md) as pain points, and no verdict on the activities just written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoFile } from './repo-context.ts';
import {
  DEFAULT_AS_OF,
  generatePopulation,
  startSugarSandbox,
  toSugarRecords,
  type Sandbox,
} from '@crm-journey/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MapDocument } from '../src/map/map-session.ts';
import type { ReportDocument } from '../src/report/render-report-html.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

// As in report-sugar.test.ts: enough customers for Onboarding's escalations to stand out.
const CUSTOMERS = 500;
const asOf = new Date(DEFAULT_AS_OF).toISOString();
const journeyFile = repoFile('journeys', 'sugarcrm-b2b.yaml');

describe('crm-journey map against the SugarCRM sandbox', () => {
  let sandbox: Sandbox;
  let target: string[];
  const dir = mkdtempSync(join(tmpdir(), 'crm-journey-map-sugar-'));
  beforeAll(async () => {
    sandbox = await startSugarSandbox({
      records: toSugarRecords(generatePopulation({ customers: CUSTOMERS, seed: 1 })),
      now: () => DEFAULT_AS_OF,
    });
    target = ['--sugar-url', sandbox.url, '--sugar-user', sandbox.username, '--sugar-password', sandbox.password];
    const sync = await runCliInProcess([
      'sync',
      '--journey',
      journeyFile,
      ...target,
      '--once',
      '--state',
      join(dir, 'state.sqlite'),
      '--as-of',
      asOf,
    ]);
    expect(sync.code, sync.stderr).toBe(0);
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws the map with the report numbers, the planted pain points and the fresh activities pending', async () => {
    const [mapRun, reportRun] = await Promise.all([
      runCliInProcess(['map', '--journey', journeyFile, ...target, '--as-of', asOf, '--json']),
      runCliInProcess(['report', '--journey', journeyFile, ...target, '--as-of', asOf, '--json']),
    ]);
    expect(mapRun.code, mapRun.stderr).toBe(0);
    const map = (JSON.parse(mapRun.stdout) as MapDocument).panels[0]?.current;
    const document = JSON.parse(reportRun.stdout) as ReportDocument;
    expect(map).toEqual(document.map);
    const stage = (id: string) => map?.stages.find((candidate) => candidate.stage === id);
    expect(stage('awareness')?.painPoints.map((pain) => pain.kind)).toContain('dwell');
    expect(stage('onboarding')?.painPoints).toContainEqual({
      kind: 'emotion',
      text: expect.stringMatching(/most come through support\.$/) as string,
    });
    expect(map?.stages.flatMap((candidate) => candidate.doing.map((deed) => deed.object))).toContain('Opportunities');
    const { actions, bottlenecks } = document.report;
    expect(actions.reduce((sum, action) => sum + action.created, 0)).toBeGreaterThan(0);
    expect(actions.every((action) => action.judged === 0)).toBe(true);
    expect(bottlenecks.filter((item) => item.kind === 'action')).toEqual([]);
  });
});
