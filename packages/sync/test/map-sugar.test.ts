// `crm-journey map` against the SugarCRM sandbox right after a sync: Sugar's object names on the canvas,
// the planted bottlenecks (docs/sandbox.md) as pain points, and no verdict on the activities just written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MapDocument } from '../src/map/map-session.ts';
import type { ReportDocument } from '../src/report/render-report-html.ts';
import { runCliInProcess } from './run-cli-in-process.ts';
import { startSyncedSugarSandbox, type SyncedSugarSandbox } from './synced-sugar-sandbox.ts';

describe('crm-journey map against the SugarCRM sandbox', () => {
  let sugar: SyncedSugarSandbox;
  beforeAll(async () => {
    sugar = await startSyncedSugarSandbox();
  });
  afterAll(async () => {
    await sugar.sandbox.close();
  });

  it('draws the map with the report numbers, the planted pain points and the fresh activities pending', async () => {
    const { journeyFile, target, asOf } = sugar;
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
