import { existsSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { fa } from '../src/i18n/fa.ts';
import { pl } from '../src/i18n/pl.ts';
import { ru } from '../src/i18n/ru.ts';
import {
  hostDirectory,
  panelBundlePaths,
  panelLocaleScripts,
  readHostFile,
  readHostFiles,
  readPanelBundle,
} from './index.ts';

describe('@crm-journey/journey-panel/assets', () => {
  it('writes one locale script per language besides English, each adding its strings and announcing them', () => {
    const scripts = panelLocaleScripts();
    expect(Object.keys(scripts).sort()).toEqual([
      'cj-journey-panel.fa.js',
      'cj-journey-panel.pl.js',
      'cj-journey-panel.ru.js',
    ]);
    const events: string[] = [];
    const page: Record<string, unknown> = {
      Event: function Event(this: { type: string }, type: string) {
        this.type = type;
      },
      dispatchEvent: (event: { type: string }) => events.push(event.type),
    };
    page['globalThis'] = page;
    for (const text of Object.values(scripts)) runInNewContext(text, page);
    expect(JSON.parse(JSON.stringify(page['cjJourneyPanelLocales']))).toEqual({ pl, ru, fa });
    expect(events).toEqual(['cj-journey-panel-locale', 'cj-journey-panel-locale', 'cj-journey-panel-locale']);
  });

  it('names each CRM host directory and reads its files by path below a subdirectory', () => {
    expect(existsSync(join(hostDirectory('salesforce'), 'sfdx-project.json'))).toBe(true);
    const sugar = readHostFiles('sugarcrm', 'custom');
    const dashlet = 'clients/base/views/cj-journey-panel/cj-journey-panel.js';
    expect([...sugar.keys()]).toContain(dashlet);
    expect(new TextDecoder().decode(sugar.get(dashlet))).toBe(readHostFile('sugarcrm', `custom/${dashlet}`));
  });

  it('gives the paths of both built bundles, the same bytes readPanelBundle reads', async () => {
    const { bundles } = await panelBundlePaths();
    expect(bundles.open.endsWith('cj-journey-panel.iife.js')).toBe(true);
    expect(bundles.closed.endsWith('cj-journey-panel.closed.iife.js')).toBe(true);
    const { code } = await readPanelBundle('closed');
    expect(Buffer.from(code).equals(readFileSync(bundles.closed))).toBe(true);
  }, 120_000);

  it('builds dist/ again when it is older than the sources, and replaces it', async () => {
    const { bundles } = await panelBundlePaths();
    // As after a pull or a branch switch: every source is newer than the bundles.
    for (const file of Object.values(bundles)) utimesSync(file, new Date(0), new Date(0));
    const rebuilt = await panelBundlePaths();
    expect(rebuilt.builtInMs).toBeTypeOf('number');
    expect(statSync(rebuilt.bundles.open).mtimeMs).toBeGreaterThan(0);
    expect((await panelBundlePaths()).builtInMs).toBeUndefined();
  }, 120_000);
});
