import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumLaunchOptions } from './chromium-launch.ts';

// Tests and typecheck run on the sources: every workspace package maps this condition to `src/`.
const sourceCondition = '@crm-journey/source';

export default defineConfig({
  resolve: { conditions: [sourceCondition] },
  ssr: { resolve: { conditions: [sourceCondition] } },
  test: {
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
        test: {
          name: 'browser',
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
