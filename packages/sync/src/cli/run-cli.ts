import { isConnectorError } from '@crm-journey/connector';
import { CommanderError } from 'commander';
import { buildProgram, type ProgramOutcome } from './build-program.ts';
import { UsageError, type CliContext } from './cli-context.ts';
import { COMMAND_DEFINITIONS } from './command-definitions.ts';

/**
 * Runs one CLI invocation and returns its exit code: 0 success, 1 the input is invalid or the work
 * failed, 2 the command line is wrong. Errors are printed with their remedies, never as stacks.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });
 */
export async function runCli(argv: readonly string[], context: CliContext, signal?: AbortSignal): Promise<number> {
  const outcome: ProgramOutcome = { code: undefined };
  // `help <command>` is `<command> --help`, so that a misspelt command gets its suggestion too.
  const [first, second, ...rest] = argv;
  const known = COMMAND_DEFINITIONS.some((definition) => definition.name === second);
  const args = first === 'help' && second !== undefined ? [second, ...(known ? ['--help'] : []), ...rest] : [...argv];
  try {
    await buildProgram(COMMAND_DEFINITIONS, context, outcome, signal).parseAsync(args, { from: 'user' });
    return outcome.code ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help asked for exits 0; help shown because the command line was incomplete (no command) exits 2.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help') return error.exitCode === 0 ? 0 : 2;
      return 2;
    }
    if (error instanceof UsageError) {
      context.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (isConnectorError(error)) {
      context.stderr.write(
        `error ${error.code}: ${error.message}\n${error.actions.map((action) => `  -> ${action}\n`).join('')}`,
      );
      return 1;
    }
    throw error;
  }
}
