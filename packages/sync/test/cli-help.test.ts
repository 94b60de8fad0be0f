import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { flagSyntax } from '../src/cli/build-program.ts';
import { COMMAND_DEFINITIONS } from '../src/cli/command-definitions.ts';
import { renderCliDocs } from '../src/cli/render-cli-docs.ts';
import { runCliInProcess } from './run-cli-in-process.ts';
import { testTempDir } from './temp-dir.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/crm-journey.ts', import.meta.url));

describe('crm-journey help', () => {
  it.each(COMMAND_DEFINITIONS.map((definition) => definition.name))(
    '%s --help, -h and help %s print every flag and an example, exit 0',
    async (name) => {
      const definition = COMMAND_DEFINITIONS.find((candidate) => candidate.name === name);
      const runs = await Promise.all([
        runCliInProcess([name, '--help']),
        runCliInProcess([name, '-h']),
        runCliInProcess(['help', name]),
      ]);
      for (const run of runs) {
        expect(run.code).toBe(0);
        expect(run.stdout).toContain(`Usage: crm-journey ${name}`);
        for (const [flag, spec] of Object.entries(definition?.flags ?? {}))
          expect(run.stdout).toContain(flagSyntax(flag, spec));
        expect(run.stdout).toContain(definition?.examples[0]);
      }
      expect(runs[1].stdout).toBe(runs[0].stdout);
      expect(runs[2].stdout).toBe(runs[0].stdout);
    },
  );

  it('lists the commands on --help (exit 0) and on no command at all (stderr, exit 2)', async () => {
    const help = await runCliInProcess(['--help']);
    expect(help.code).toBe(0);
    for (const definition of COMMAND_DEFINITIONS) expect(help.stdout).toContain(definition.summary.slice(0, 40));
    const none = await runCliInProcess([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: crm-journey <command>');
  });

  it('suggests the command and the flag that were meant', async () => {
    const command = await runCliInProcess(['sycn']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("crm-journey: unknown command 'sycn'. Did you mean 'sync'?");
    const flag = await runCliInProcess(['evaluate', '--jurney', 'x.yaml', '--records', 'r.json']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("crm-journey evaluate: unknown option '--jurney'. Did you mean '--journey'?");
    expect(flag.stderr).toContain('Run `crm-journey evaluate --help` for the usage.');
    expect((await runCliInProcess(['help', 'evalute'])).stderr).toContain("Did you mean 'evaluate'?");
  });

  it('refuses a one-value flag given twice, and keeps repeatable flags repeatable', async () => {
    const twice = await runCliInProcess(['evaluate', '--journey', 'a.yaml', '--records', 'r.json', '--records=s.json']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain(
      'crm-journey evaluate: --records was given twice ("r.json", then "s.json"); it takes one value.',
    );
    // Both journeys reach the command, which then names the first file it cannot read.
    const dir = testTempDir('cj-help-');
    const repeated = await runCliInProcess(
      [
        'package',
        'sugarcrm',
        '--out',
        'p.zip',
        '--journey',
        join(root, 'journeys/sugarcrm-b2b.yaml'),
        '--journey',
        'missing.yaml',
      ],
      dir,
    );
    expect(repeated.code).toBe(1);
    expect(repeated.stderr).toContain('Cannot read the journey file missing.yaml');
  });

  it('names a missing required flag, a wrong choice and a missing argument (exit 2)', async () => {
    const missing = await runCliInProcess(['evaluate', '--records', 'r.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('crm-journey evaluate: --journey <file> is required.');
    const choice = await runCliInProcess(['sandbox', '--crm', 'hubspot']);
    expect(choice.code).toBe(2);
    expect(choice.stderr).toContain('crm-journey sandbox: --crm is salesforce or sugarcrm; got "hubspot".');
    expect((await runCliInProcess(['validate'])).stderr).toContain("missing required argument 'file'");
  });

  it('prints the help without loading the CRM clients, fastify or echarts', () => {
    // A resolve hook in the child reports every heavy package the CLI asks for.
    const hook = `data:text/javascript,${encodeURIComponent(
      "import { registerHooks } from 'node:module'; registerHooks({ resolve(specifier, context, next) { if (/^(jsforce|@salesforce|axios|fastify|echarts|@crm-journey\\/fixtures)/.test(specifier)) process.stderr.write('LOADED ' + specifier + '\\n'); return next(specifier, context); } });",
    )}`;
    for (const args of [['--help'], ['sync', '--help'], ['report', '-h'], ['completion', 'bash']]) {
      const child = spawnSync(process.execPath, ['--conditions=@crm-journey/source', '--import', hook, bin, ...args], {
        encoding: 'utf8',
      });
      expect(child.status, child.stderr).toBe(0);
      expect(child.stderr).not.toContain('LOADED');
    }
  });
});

describe('crm-journey completion', () => {
  it('completes commands, flags and choices in bash', async () => {
    const { code, stdout } = await runCliInProcess(['completion', 'bash']);
    expect(code).toBe(0);
    const dir = testTempDir('cj-completion-');
    writeFileSync(join(dir, 'crm-journey.bash'), stdout);
    const complete = (...words: string[]): string[] =>
      execFileSync(
        'bash',
        [
          '-c',
          `source ./crm-journey.bash; COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _crm_journey; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { cwd: dir, encoding: 'utf8' },
      )
        .split('\n')
        .filter((line) => line !== '');
    expect(complete('crm-journey', 'sy')).toEqual(['sync']);
    expect(complete('crm-journey', 'evaluate', '--jo')).toEqual(['--journey']);
    expect(complete('crm-journey', 'sandbox', '--crm', 's')).toEqual(['salesforce', 'sugarcrm']);
    expect(complete('crm-journey', 'install', 'sa')).toEqual(['salesforce']);
    expect(complete('crm-journey', 'evaluate', '--journey', 'crm-j')).toEqual(['crm-journey.bash']);
  });

  it('prints zsh and fish scripts with every command and flag, and refuses other shells', async () => {
    const zsh = await runCliInProcess(['completion', 'zsh']);
    const fish = await runCliInProcess(['completion', 'fish']);
    expect(zsh.stdout.startsWith('#compdef crm-journey\n')).toBe(true);
    for (const definition of COMMAND_DEFINITIONS) {
      expect(zsh.stdout).toContain(`    ${definition.name}) _arguments`);
      expect(fish.stdout).toContain(`-a ${definition.name} -d`);
      for (const flag of Object.keys(definition.flags)) {
        expect(zsh.stdout).toContain(`--${flag}[`);
        expect(fish.stdout).toContain(`__fish_seen_subcommand_from ${definition.name}' -l ${flag}`);
      }
    }
    const other = await runCliInProcess(['completion', 'tcsh']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('the shell is bash, zsh or fish; got "tcsh"');
  });
});

describe('docs/cli.md', () => {
  it('is generated from the command definitions (run `pnpm run docs:cli` after changing a command)', () => {
    expect(readFileSync(join(root, 'docs/cli.md'), 'utf8')).toBe(renderCliDocs(COMMAND_DEFINITIONS));
  });
});
