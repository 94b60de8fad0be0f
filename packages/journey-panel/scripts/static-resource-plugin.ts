// Serves the `cjJourneyPanel` static resource to the browser tests at the URL Salesforce gives it
// (`/resource/<timestamp>/cjJourneyPanel/...`), with the files the deployed zip holds: the closed-root
// panel bundle, built by the package's own build, the locale scripts and the stages script of the test
// fixtures' journey.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { panelLocaleScripts } from '../node/panel-locale-scripts.ts';
import { panelStagesScript } from '../src/panel-stages-script.ts';
import { b2bStages } from '../src/test-fixtures/b2b-stages.ts';
import { buildBundles } from './build-bundles.ts';

/** Options of `staticResourcePlugin`. */
export interface StaticResourcePluginOptions {
  /** The resource's URL, as `@salesforce/resourceUrl/cjJourneyPanel` gives it. */
  readonly url: string;
}

async function closedBundle(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'cj-panel-resource-'));
  try {
    await buildBundles(outDir);
    return readFileSync(join(outDir, 'cj-journey-panel.closed.iife.js'), 'utf8');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * A Vite plugin serving the panel's static resource as the Salesforce host loads it; any other file of
 * the resource answers 404, as a file missing from the zip would.
 * @example plugins: [staticResourcePlugin({ url: '/resource/1/cjJourneyPanel' })]
 */
export function staticResourcePlugin(options: StaticResourcePluginOptions): Plugin {
  let bundle: Promise<string> | undefined;
  const files: Readonly<Record<string, () => string | Promise<string>>> = {
    ...Object.fromEntries(Object.entries(panelLocaleScripts()).map(([file, text]) => [file, () => text])),
    'cj-journey-panel.js': () => (bundle ??= closedBundle()),
    'cj-journey-stages.js': () =>
      panelStagesScript({ 'salesforce-b2b': b2bStages }, { 'salesforce-b2b': 'B2B customer journey (Salesforce)' }),
  };
  return {
    name: 'cj-static-resource',
    configureServer(server) {
      server.middlewares.use(options.url, (request, response, next) => {
        const name = (request.url ?? '').replace(/^\//, '').replace(/\?.*$/, '');
        const file = files[name];
        if (!file) {
          response.statusCode = 404;
          response.end();
          return;
        }
        Promise.resolve(file()).then(
          (text) => {
            response.setHeader('Content-Type', 'text/javascript');
            response.end(text);
          },
          (error: unknown) => {
            next(error);
          },
        );
      });
    },
  };
}
