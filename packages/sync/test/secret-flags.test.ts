// Credentials come from files (or the environment) rather than flags every user of the machine can read
// in `ps`: --access-token-file and --sugar-password-file, and a warning when a secret comes as a flag.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generatePopulation,
  startSalesforceSandbox,
  startSugarSandbox,
  toSalesforceRecords,
  toSugarRecords,
} from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { repoFile } from './repo-context.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cj-secrets-'));
  cleanups.push(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

describe('secrets from files', () => {
  it('Salesforce: --access-token-file signs in without a warning; --access-token works but warns; both is refused', async () => {
    const sandbox = await startSalesforceSandbox({
      records: toSalesforceRecords(generatePopulation({ customers: 3, seed: 1 })),
    });
    cleanups.push(() => sandbox.close());
    const dir = tempDir();
    writeFileSync(join(dir, 'token'), `${sandbox.accessToken}\n`);
    const common = ['sync', '--journey', repoFile('journeys', 'salesforce-b2b.yaml'), '--instance-url', sandbox.url];
    const fromFile = await runCliInProcess(
      [...common, '--access-token-file', 'token', '--dry-run', '--json', '--state', 's.sqlite'],
      dir,
    );
    expect(fromFile.stderr).not.toContain('CJ_SECRET_ON_COMMAND_LINE');
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const fromFlag = await runCliInProcess(
      [...common, '--access-token', sandbox.accessToken, '--dry-run', '--json', '--state', 's.sqlite'],
      dir,
    );
    expect(fromFlag.code, fromFlag.stderr).toBe(0);
    expect(fromFlag.stderr).toMatch(/CJ_SECRET_ON_COMMAND_LINE.*--access-token is visible .* use --access-token-file/);
    const both = await runCliInProcess(
      [...common, '--access-token', 'x', '--access-token-file', 'token', '--dry-run'],
      dir,
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --access-token or --access-token-file, not both');
    const missing = await runCliInProcess([...common, '--access-token-file', 'nope', '--dry-run'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${join(dir, 'nope')} cannot be read (ENOENT)`);
  });

  it('SugarCRM: --sugar-password-file logs in without a warning', async () => {
    const sandbox = await startSugarSandbox({ records: toSugarRecords(generatePopulation({ customers: 3, seed: 1 })) });
    cleanups.push(() => sandbox.close());
    const dir = tempDir();
    writeFileSync(join(dir, 'password'), `${sandbox.password}\n`);
    const run = await runCliInProcess(
      [
        'sync',
        '--journey',
        repoFile('journeys', 'sugarcrm-b2b.yaml'),
        '--sugar-url',
        sandbox.url,
        '--sugar-user',
        sandbox.username,
        '--sugar-password-file',
        'password',
        '--dry-run',
        '--json',
        '--state',
        's.sqlite',
      ],
      dir,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('CJ_SECRET_ON_COMMAND_LINE');
  });

  it('map takes --access-token-file too (it shares the target flags)', async () => {
    const sandbox = await startSalesforceSandbox({
      records: toSalesforceRecords(generatePopulation({ customers: 3, seed: 1 })),
    });
    cleanups.push(() => sandbox.close());
    const dir = tempDir();
    writeFileSync(join(dir, 'token'), `${sandbox.accessToken}\n`);
    const map = await runCliInProcess(
      [
        'map',
        '--journey',
        repoFile('journeys', 'salesforce-b2b.yaml'),
        '--instance-url',
        sandbox.url,
        '--access-token-file',
        'token',
        '--json',
      ],
      dir,
    );
    expect(map.code, map.stderr).toBe(0);
    expect(map.stderr).not.toContain('CJ_SECRET_ON_COMMAND_LINE');
    expect(JSON.parse(map.stdout)).toBeTypeOf('object');
  });
});
