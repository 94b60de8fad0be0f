import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_AS_OF, generatePopulation, startSalesforceSandbox, toSalesforceRecords } from '@crm-journey/sandbox';
import { expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.ts';
import { openSyncStore } from '../src/state/sync-store.ts';
import { spawnCli } from './cli-process.ts';
import { repoFile } from './repo-context.ts';
import { testTempDir } from './temp-dir.ts';

const journeyFile = repoFile('journeys', 'salesforce-b2b.yaml');
const TOKEN = 'signal-test-token-0123456789abcdef';

it('stops on SIGTERM mid-run with exit 0, a checkpointed run and an empty outbox', async () => {
  const sandbox = await startSalesforceSandbox({
    records: toSalesforceRecords(generatePopulation({ customers: 300, seed: 21 })),
    now: () => DEFAULT_AS_OF,
  });
  const state = join(testTempDir('cj-serve-'), 'state.sqlite');
  try {
    const { child, exited, stdout, stderr } = spawnCli(
      [
        'serve',
        '--journey',
        journeyFile,
        '--instance-url',
        sandbox.url,
        '--access-token',
        sandbox.accessToken,
        '--port',
        '0',
        '--state',
        state,
        '--batch-size',
        '10',
      ],
      { env: { CRM_JOURNEY_TOKEN: TOKEN } },
    );

    // SIGTERM once the API answers and the first run has started writing.
    const deadline = Date.now() + 20_000;
    let url: string | undefined;
    while (Date.now() < deadline && child.exitCode === null) {
      url ??= /"url":"(http:\/\/[^"]+)"/.exec(stdout())?.[1];
      if (url !== undefined && sandbox.inspect.writes.length >= 5) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(url, stdout() + stderr()).toBeDefined();
    const health = await fetch(`${url ?? ''}/healthz`);
    expect(health.status).toBe(200);
    child.kill('SIGTERM');
    const code = await exited;
    expect(code, stdout() + stderr()).toBe(0);
    expect(stdout()).toContain('"msg":"serve stopped"');
    expect(stdout() + stderr()).not.toContain(TOKEN);

    const store = openSyncStore(state);
    try {
      const scope = `salesforce:${sandbox.url}|salesforce-b2b`;
      const runs = await store.runs(scope);
      expect(runs.length).toBe(1);
      // Stopped between pages (interrupted) or, on a fast machine, finished: never left "running".
      expect(['interrupted', 'succeeded']).toContain(runs[0]?.status);
      expect(await store.pending(scope)).toEqual([]);
      // Every customer whose write the CRM confirmed is in the store with the stage the CRM holds.
      for (const account of sandbox.inspect.records('Account')) {
        const stored = await store.previous(scope, String(account['Id']));
        if (stored) expect(stored.stage).toBe(account['Journey_Stage__c']);
      }
    } finally {
      await store.close();
    }
  } finally {
    await sandbox.close();
  }
}, 30_000);

it('refuses to start without a token, or with a short one, before touching the CRM', async () => {
  const saved = process.env['CRM_JOURNEY_TOKEN'];
  delete process.env['CRM_JOURNEY_TOKEN'];
  const dir = testTempDir('cj-serve-token-');
  writeFileSync(join(dir, 'short.token'), 'abc123\n');
  try {
    const run = async (extra: string[]) => {
      let stderr = '';
      const code = await runCli(
        ['serve', '--journey', journeyFile, '--instance-url', 'http://127.0.0.1:9', '--access-token', 'x', ...extra],
        { cwd: dir, stdout: { write: () => true }, stderr: { write: (chunk: string) => (stderr += chunk) } },
      );
      return { code, stderr };
    };
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('crm-journey serve: no API token. Give --token-file <file>, set CRM_JOURNEY_TOKEN');
    const short = await run(['--token-file', 'short.token']);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('the API token is 6 characters; use at least 16');
  } finally {
    if (saved !== undefined) process.env['CRM_JOURNEY_TOKEN'] = saved;
  }
});
