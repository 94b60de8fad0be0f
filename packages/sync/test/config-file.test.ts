import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic } from '@crm-journey/connector';
import { DEFAULT_AS_OF, generatePopulation, startSalesforceSandbox, toSalesforceRecords } from '@crm-journey/sandbox';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.ts';
import { parseConfigFile } from '../src/config/config-file.ts';
import { resolveTarget } from '../src/config/crm-target.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { repoRoot } from './repo-context.ts';
import { testTempDir } from './temp-dir.ts';

const root = repoRoot();
const example = join(root, 'crm-journey.config.example.yaml');

function capture(cwd: string) {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    context: {
      cwd,
      stdout: { write: (chunk: string) => (out.stdout += chunk) },
      stderr: { write: (chunk: string) => (out.stderr += chunk) },
    },
  };
}

function tempDir(files: Record<string, string>): string {
  const dir = testTempDir('cj-config-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('crm-journey.config.yaml', () => {
  it('accepts the documented example without errors or warnings', () => {
    const result = parseConfigFile(readFileSync(example, 'utf8'), 'crm-journey.config.example.yaml');
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(Object.keys(result.config?.targets ?? {})).toEqual(['sandbox', 'production', 'sugar-test']);
  });

  it('names the file, line:col, key and a fix for every mistake', () => {
    const text = [
      'defaults:',
      '  target: prod',
      '  intervall: 5m',
      'targets:',
      '  sandbox:',
      '    crm: salesforce',
      '    instanceUrl: http://127.0.0.1:4100',
      '    accessToken: 00Dxx0000001gPL!literal',
      '    url: https://sugar.example',
      '  broken:',
      '    org: acme',
      'serve:',
      '  port: 99999',
      '',
    ].join('\n');
    const { errors, warnings, config } = parseConfigFile(text, 'crm-journey.config.yaml');
    expect(config).toBeUndefined();
    const lines = errors.map(formatDiagnostic);
    expect(lines).toContain(
      'crm-journey.config.yaml:3:3 error unknown-key defaults.intervall: unknown key "intervall". Did you mean "interval"?',
    );
    expect(lines).toContain(
      'crm-journey.config.yaml:9:5 error wrong-crm targets.sandbox.url: url does not apply to a salesforce target. Salesforce targets take org, or instanceUrl and accessToken.',
    );
    expect(lines).toContain(
      'crm-journey.config.yaml:10:3 error missing-key targets.broken: target "broken" has no crm. Add crm: salesforce or crm: sugarcrm.',
    );
    expect(lines).toContain(
      'crm-journey.config.yaml:13:9 error wrong-value serve.port: port must be a port number from 0 to 65535. Write e.g. port: 8787.',
    );
    expect(
      lines.some((line) => line.startsWith('crm-journey.config.yaml:2:11 error unknown-target defaults.target')),
    ).toBe(true);
    expect(warnings.map(formatDiagnostic)[0]).toMatch(
      /^crm-journey\.config\.yaml:8:18 warning literal-secret targets\.sandbox\.accessToken: accessToken is written in the file\./,
    );
  });

  it('reports each mistake once, top-level keys first then block by block, and reads an empty targets: as none', () => {
    const text = [
      'serve:',
      '  corsOrigins: [acme, https://b.example/path]',
      '  bodyLimit: 0.5',
      'targets:',
      '  sugar:',
      '    crm: sugarcrm',
      '    password: ${SUGAR_PASSWORD}',
      '  other: 5',
      'zerve: {}',
      '',
    ].join('\n');
    const lines = parseConfigFile(text, 'c.yaml').errors.map(formatDiagnostic);
    expect(lines).toEqual([
      'c.yaml:9:1 error unknown-key zerve: unknown key "zerve". Did you mean "serve"?',
      'c.yaml:2:16 error wrong-value serve.corsOrigins: corsOrigins must be a list of origins such as https://acme.lightning.force.com. Write e.g. corsOrigins: [https://acme.lightning.force.com].',
      'c.yaml:3:14 error wrong-value serve.bodyLimit: bodyLimit must be a whole number from 1 up. Write e.g. bodyLimit: 200.',
      'c.yaml:5:3 error missing-key targets.sugar: SugarCRM target "sugar" has no url. Add url: https://<your instance>.',
      'c.yaml:8:10 error wrong-type targets.other: targets.other must be a map of settings. Indent its keys under it.',
    ]);
    const empty = parseConfigFile('targets:\nserve:\n  token: ${CJ_TOKEN}\n', 'c.yaml');
    expect([empty.errors, empty.warnings, empty.config?.targets]).toEqual([[], [], {}]);
  });

  it('refuses a run with an invalid config: exit 2, every diagnostic on stderr', async () => {
    const dir = tempDir({ 'crm-journey.config.yaml': 'defaults:\n  jorney: j.yaml\n' });
    const { out, context } = capture(dir);
    expect(await runCli(['sync', '--dry-run'], context)).toBe(2);
    expect(out.stderr).toContain(
      'crm-journey.config.yaml:2:3 error unknown-key defaults.jorney: unknown key "jorney". Did you mean "journey"?',
    );
    expect(out.stderr).toContain('The config file crm-journey.config.yaml has 1 error (above); nothing was run.');
  });

  it('says where an unset ${ENV_VAR} is referenced', () => {
    const dir = tempDir({
      'cj.yaml':
        'targets:\n  sandbox:\n    crm: salesforce\n    instanceUrl: http://127.0.0.1:1\n    accessToken: ${NOT_SET_TOKEN}\n',
    });
    const loaded = loadConfig(capture(dir).context, 'cj.yaml', {});
    expect(() => resolveTarget('sync', { target: 'sandbox' }, loaded, {})).toThrow(
      'cj.yaml:5:18 error missing-env targets.sandbox.accessToken: the environment variable NOT_SET_TOKEN is not set.',
    );
  });

  it('picks the target: flags over --target over defaults.target over the environment', () => {
    const dir = tempDir({ 'crm-journey.config.yaml': readFileSync(example, 'utf8') });
    const env = { SANDBOX_ACCESS_TOKEN: 'from-env-token', SUGAR_TEST_PASSWORD: 'sugar-secret' };
    const loaded = loadConfig(capture(dir).context, undefined, env);
    expect(resolveTarget('sync', {}, loaded, env)).toEqual({
      crm: 'salesforce',
      instanceUrl: 'http://127.0.0.1:4100',
      accessToken: 'from-env-token',
    });
    expect(resolveTarget('sync', { target: 'production' }, loaded, env)).toEqual({
      crm: 'salesforce',
      aliasOrUsername: 'acme-prod',
    });
    expect(resolveTarget('sync', { target: 'sugar-test', 'sugar-password': 'flag-pass' }, loaded, env)).toEqual({
      crm: 'sugarcrm',
      url: 'https://acme-test.sugarondemand.com',
      username: 'crm-journey',
      password: 'flag-pass',
      platform: 'base',
    });
    expect(resolveTarget('sync', { 'access-token': 'flag-token' }, loaded, env)).toMatchObject({
      instanceUrl: 'http://127.0.0.1:4100',
      accessToken: 'flag-token',
    });
    expect(resolveTarget('sync', { org: 'other' }, loaded, env)).toEqual({
      crm: 'salesforce',
      aliasOrUsername: 'other',
    });
    expect(() => resolveTarget('sync', { target: 'prodution' }, loaded, env)).toThrow('Did you mean "production"?');
    expect(resolveTarget('sync', {}, undefined, { SUGAR_URL: 'https://s.example' })).toEqual({ crm: 'sugarcrm' });
  });

  it('runs sync from the config file alone, against the sandbox it names', async () => {
    const sandbox = await startSalesforceSandbox({
      records: toSalesforceRecords(generatePopulation({ customers: 30, seed: 3 })),
      accessToken: 'config-test-access-token',
      now: () => DEFAULT_AS_OF,
    });
    process.env['CJ_TEST_SANDBOX_TOKEN'] = 'config-test-access-token';
    try {
      const dir = tempDir({
        'crm-journey.config.yaml': [
          'defaults:',
          '  target: sandbox',
          `  journey: ${join(root, 'journeys', 'salesforce-b2b.yaml')}`,
          '  state: state/state.sqlite',
          'targets:',
          '  sandbox:',
          '    crm: salesforce',
          `    instanceUrl: ${sandbox.url}`,
          '    accessToken: ${CJ_TEST_SANDBOX_TOKEN}',
          '',
        ].join('\n'),
      });
      const { out, context } = capture(dir);
      const code = await runCli(
        ['sync', '--once', '--json', '--as-of', new Date(DEFAULT_AS_OF).toISOString()],
        context,
      );
      expect(code, out.stderr).toBe(0);
      const summary = JSON.parse(out.stdout) as { customers: number; tasksCreated: number };
      expect(summary.customers).toBeGreaterThan(0);
      expect(summary.tasksCreated).toBeGreaterThan(0);
      expect(sandbox.inspect.writes.length).toBeGreaterThan(0);
      // The state went where the file says, relative to the file.
      expect(readFileSync(join(dir, 'state', 'state.sqlite')).length).toBeGreaterThan(0);
    } finally {
      delete process.env['CJ_TEST_SANDBOX_TOKEN'];
      await sandbox.close();
    }
  });
});
