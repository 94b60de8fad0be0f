import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '@crm-journey/sandbox';
import { expect, it } from 'vitest';
import { openSyncStore } from '../src/state/sync-store.ts';
import { repoFile } from './repo-context.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

// A fresh state file on an org another state file already synced (the journey state is on the records,
// so nothing is written): after its first run it knows every customer, as the serve API needs.
it.each([
  { crm: 'salesforce' as const, journey: 'salesforce-b2b', root: 'Account', idField: 'Id' },
  { crm: 'sugarcrm' as const, journey: 'sugarcrm-b2b', root: 'Accounts', idField: 'id' },
])('$crm: a fresh store knows every customer after its first run', async ({ crm, journey, root, idField }) => {
  const sandbox = await startSandbox(crm, { customers: 40, seed: 8 });
  const dir = mkdtempSync(join(tmpdir(), 'cj-fresh-store-'));
  try {
    const sync = (state: string) =>
      runCliInProcess([
        'sync',
        '--once',
        '--journey',
        repoFile('journeys', `${journey}.yaml`),
        ...sandbox.targetFlags,
        '--state',
        join(dir, state),
        '--batch-size',
        '7',
        '--json',
      ]);
    const first = await sync('a.sqlite');
    expect(first.code, first.stderr).toBe(0);
    const second = await sync('b.sqlite');
    expect(second.code, second.stderr).toBe(0);
    // The second store's run found every journey field right: it wrote nothing.
    expect(JSON.parse(second.stdout)).toMatchObject({ stagesWritten: 0, tasksCreated: 0 });

    const scope = `${crm}:${sandbox.url}|${journey}`;
    const [a, b] = [openSyncStore(join(dir, 'a.sqlite')), openSyncStore(join(dir, 'b.sqlite'))];
    try {
      const ids = sandbox.inspect.records(root).map((record) => String(record[idField]));
      expect(ids.length).toBeGreaterThan(7);
      for (const id of ids) {
        const written = await a.previous(scope, id);
        expect(written, `store A has ${id}`).toBeDefined();
        expect((await b.previous(scope, id))?.stage, `store B has ${id}`).toBe(written?.stage);
      }
    } finally {
      await a.close();
      await b.close();
    }
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
