// knip: unused files, exports and dependencies across the workspace (`pnpm run lint` runs it).
import type { KnipConfig } from 'knip';

/** What knip cannot see from imports alone; every entry here says why. */
const config: KnipConfig = {
  // A type named in an exported signature is part of that API (callers may name it) even when no file does yet.
  ignoreExportsUsedInFile: { interface: true, type: true },
  workspaces: {
    '.': {
      // Scripts run by hand with `node`, as docs/analytics.md and docs/benchmarks.md say (bench/run.ts,
      // reliability/fault-campaign.ts and the *.bench.ts modules are found through package.json and vitest).
      entry: ['bench/engine-profile.ts', 'bench/report-screenshot.ts'],
      // The serve benchmark runs autocannon's CLI from node_modules by path, in its own process.
      ignoreDependencies: ['autocannon'],
    },
    // Internal packages: their entries export only what another package imports (the panel's entries are
    // a component library's public API, documented in its README, and sync's is the composition root).
    'packages/connector': { includeEntryExports: true },
    'packages/sandbox': { includeEntryExports: true },
    'packages/journey-panel': {
      // The CRM hosts are plain JS loaded by Salesforce and Sugar, not imported; their tests load them
      // through the LWC plugin (scripts/lwc-vite-plugin.ts) and the Sidecar harness.
      ignore: ['hosts/**'],
    },
    'packages/sync': {
      // piscina runs the worker's exported tasks by name (src/serve/evaluation-pool.ts), not by import.
      // reliability/fault-campaign.ts runs the fleet campaign as a process, by path (`--fleet`).
      entry: ['src/serve/evaluate-worker.ts', 'reliability/fleet-campaign.ts'],
      // The throwaway PostgreSQL for tests runs the server as an unprivileged system user it creates with
      // useradd (Debian's passwd package), as PostgreSQL refuses to run as root.
      ignoreBinaries: ['useradd'],
      // The record browser serves these files to the page (src/demo/record-browser.ts reads them).
      ignore: ['src/demo/assets/*.js'],
      // test/map-chromium.test.ts injects axe-core's script file into Chromium, resolved by path.
      ignoreDependencies: ['axe-core'],
    },
  },
};

export default config;
