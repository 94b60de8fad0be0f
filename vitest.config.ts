import { playwright } from '@vitest/browser-playwright';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { chromiumLaunchOptions } from './chromium-launch.ts';
import { lwcHostPlugin, staticResourcePlugin, sugarSandboxPlugin } from '@crm-journey/journey-panel/test-plugins';

// Tests and typecheck run on the sources: every workspace package maps this condition to `src/`.
const sourceCondition = '@crm-journey/source';

// Where the Salesforce host's tests find the panel's static resource, as `/resource/<timestamp>/<name>`.
const panelResourceUrl = '/resource/1764000000000/cjJourneyPanel';

export default defineConfig({
  resolve: { conditions: [sourceCondition] },
  ssr: { resolve: { conditions: [sourceCondition] } },
  test: {
    // The slowest files wait on child processes, sandboxes and PostgreSQL rather than compute: two files at
    // once even on two cores (Vitest's default there is one) halves the suite's time.
    maxWorkers: Math.max(2, availableParallelism()),
    // Tests read the repository's data (journeys/, fixtures/) from here, not by climbing out of their package.
    provide: { repoRoot: import.meta.dirname, chromiumLaunch: chromiumLaunchOptions() },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          // Sandbox round trips share two cores with the rest of the suite: allow for a loaded machine.
          testTimeout: 30_000,
          // A throwaway PostgreSQL server for the session (or CJ_TEST_DATABASE_URL); each file makes its own database.
          globalSetup: ['packages/sync/test/postgres/postgres.global-setup.ts'],
          include: [
            'packages/*/src/**/*.test.ts',
            'packages/*/test/**/*.test.ts',
            'packages/journey-panel/node/**/*.test.ts',
            'bench/**/*.test.ts',
            'reliability/**/*.test.ts',
          ],
          exclude: ['packages/journey-panel/{src,hosts,test,scripts}/**', '**/node_modules/**'],
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
          // Every file shares the one Sugar sandbox behind `/sugar` (its logins and resets): one file at a time.
          fileParallelism: false,
          include: ['packages/journey-panel/**/*.test.ts'],
          // The panel's Node entry (./assets) is tested in Node.
          exclude: ['packages/journey-panel/node/**', '**/node_modules/**'],
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
