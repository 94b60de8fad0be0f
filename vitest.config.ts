import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumLaunchOptions } from './chromium-launch.ts';
import { lwcHostPlugin } from './packages/journey-panel/scripts/lwc-vite-plugin.ts';
import { staticResourcePlugin } from './packages/journey-panel/scripts/static-resource-plugin.ts';
import { sugarSandboxPlugin } from './packages/journey-panel/scripts/sugar-sandbox-plugin.ts';

// Tests and typecheck run on the sources: every workspace package maps this condition to `src/`.
const sourceCondition = '@crm-journey/source';

// Where the Salesforce host's tests find the panel's static resource, as `/resource/<timestamp>/<name>`.
const panelResourceUrl = '/resource/1764000000000/cjJourneyPanel';

export default defineConfig({
  resolve: { conditions: [sourceCondition] },
  ssr: { resolve: { conditions: [sourceCondition] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          // Sandbox round trips share two cores with the rest of the suite: allow for a loaded machine.
          testTimeout: 30_000,
          include: [
            'packages/*/src/**/*.test.ts',
            'packages/*/test/**/*.test.ts',
            'fixtures/**/*.test.ts',
            'bench/**/*.test.ts',
            'reliability/**/*.test.ts',
          ],
          exclude: ['packages/journey-panel/**', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        // The Salesforce host renders in the LWC engine (packages/journey-panel/hosts/salesforce/test).
        plugins: [
          lwcHostPlugin({
            scopedModules: {
              '@salesforce/i18n/lang': 'en',
              '@salesforce/i18n/dir': 'ltr',
              '@salesforce/user/Id': '005000000000001AAA',
              '@salesforce/resourceUrl/cjJourneyPanel': panelResourceUrl,
            },
          }),
          staticResourcePlugin({ url: panelResourceUrl }),
          // The Sugar dashlet's tests call a Sugar sandbox through the page's origin, as Sidecar calls Sugar.
          sugarSandboxPlugin(),
        ],
        test: {
          name: 'browser',
          include: ['packages/journey-panel/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: chromiumLaunchOptions() }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
