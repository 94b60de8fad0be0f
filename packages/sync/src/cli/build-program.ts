import { Command, Option } from 'commander';
import { UsageError, type CliContext } from './cli-context.ts';
import type { AnyCommandDefinition, FlagDefinition } from './command-definition.ts';

/** What the chosen command returned; undefined while no command ran (help, or a wrong command line). */
export interface ProgramOutcome {
  code: number | undefined;
}

/** `--name <value>` as the help and the docs show it. */
export function flagSyntax(name: string, flag: FlagDefinition): string {
  return `--${name}${flag.value === undefined ? '' : ` ${flag.value}`}`;
}

/** The flag's description with its default, choices and repeatability, as the help and the docs show it. */
export function flagHelp(flag: FlagDefinition): string {
  const notes = [
    flag.choices === undefined ? '' : `One of ${flag.choices.join(', ')}.`,
    flag.default === undefined ? '' : `Default: ${flag.default}.`,
    flag.repeatable === true ? 'Repeatable.' : '',
    flag.required === true ? 'Required.' : '',
  ].filter((note) => note !== '');
  return [flag.description, ...notes].join(' ');
}

/** Commander's `error: …\n(Did you mean --x?)` as one line that names the command and where the usage is. */
function formatParseError(text: string, command: string): string {
  const message = text
    .trim()
    .replace(/^error: /, '')
    .replace(/\n\(Did you mean (?:one of )?(.+)\?\)$/, (_match, names: string) => {
      const quoted = names.split(', ').map((name) => `'${name}'`);
      return `. Did you mean ${quoted.join(' or ')}?`;
    });
  const help = command === 'crm-journey' ? 'crm-journey --help' : `${command} --help`;
  return `${command}: ${message}\nRun \`${help}\` for the usage.\n`;
}

const orList = (words: readonly string[]): string =>
  words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1) ?? ''}`;

function toOption(command: string, name: string, flag: FlagDefinition): Option {
  const option = new Option(flagSyntax(name, flag), flagHelp(flag));
  if (flag.value === undefined) return option;
  return option.argParser((value: string, previous: string | string[] | undefined) => {
    if (flag.choices !== undefined && !flag.choices.includes(value))
      throw new UsageError(`crm-journey ${command}: --${name} is ${orList(flag.choices)}; got "${value}".`);
    if (flag.repeatable === true) return [...(Array.isArray(previous) ? previous : []), value];
    // Keeping the last of two values silently would hide a mistake in a script.
    if (previous !== undefined)
      throw new UsageError(
        `crm-journey ${command}: --${name} was given twice ("${String(previous)}", then "${value}"); it takes one value.`,
      );
    return value;
  });
}

function addCommand(
  program: Command,
  definition: AnyCommandDefinition,
  context: CliContext,
  outcome: ProgramOutcome,
  signal: AbortSignal | undefined,
): void {
  const sub = program
    .command(definition.name)
    .summary(definition.summary)
    .description(
      definition.description === undefined ? definition.summary : `${definition.summary}\n\n${definition.description}`,
    );
  sub.configureOutput({
    outputError: (text, write) => {
      write(formatParseError(text, `crm-journey ${definition.name}`));
    },
  });
  for (const argument of definition.arguments ?? []) {
    const name = `${argument.name}${argument.variadic === true ? '...' : ''}`;
    sub.argument(argument.required === true ? `<${name}>` : `[${name}]`, argument.description);
  }
  const options = Object.entries(definition.flags).map(([name, flag]) => {
    const option = toOption(definition.name, name, flag);
    sub.addOption(option);
    return { name, flag, option };
  });
  sub.addHelpText(
    'after',
    `\nExample${definition.examples.length > 1 ? 's' : ''}:\n${definition.examples.map((line) => `  ${line}`).join('\n')}\n`,
  );
  sub.action(async () => {
    const parsed = sub.opts();
    const values: Record<string, unknown> = {};
    for (const { name, flag, option } of options) {
      const raw: unknown = parsed[option.attributeName()];
      // Checked here rather than by commander, so that an unknown (misspelt) flag is reported first.
      if (flag.required === true && raw === undefined)
        throw new UsageError(`crm-journey ${definition.name}: ${flagSyntax(name, flag)} is required.`);
      // `--no-open` is the negation of `open` to commander; to the command it is the switch it asked for.
      if (flag.value === undefined) values[name] = option.negate ? raw === false : raw === true;
      else values[name] = raw ?? flag.default;
    }
    const run = await definition.load();
    outcome.code = await run({ values: values as never, positionals: sub.args }, context, signal);
  });
}

/**
 * The commander program of `crm-journey` for one invocation: help, suggestions and flag checks from the
 * definitions; parse errors throw (`exitOverride`) instead of exiting the process.
 */
export function buildProgram(
  definitions: readonly AnyCommandDefinition[],
  context: CliContext,
  outcome: ProgramOutcome,
  signal?: AbortSignal,
): Command {
  const columns = (stream: object): number =>
    'columns' in stream && typeof stream.columns === 'number' ? stream.columns : 100;
  const program = new Command('crm-journey')
    .description('Customer journeys for Salesforce and SugarCRM: validate, evaluate, sync, serve, report and install.')
    .usage('<command> [options]')
    .helpOption('-h, --help', 'Show this usage.')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void context.stdout.write(text),
      writeErr: (text) => void context.stderr.write(text),
      getOutHelpWidth: () => columns(context.stdout),
      getErrHelpWidth: () => columns(context.stderr),
      getOutHasColors: () => false,
      getErrHasColors: () => false,
      outputError: (text, write) => {
        write(formatParseError(text, 'crm-journey'));
      },
    })
    .helpCommand('help [command]', 'Show the usage of a command.')
    .addHelpText(
      'after',
      "\nRun `crm-journey <command> --help` for a command's flags and examples.\nExit codes: 0 success, 1 invalid input or failed work, 2 a wrong command line.\nDocs: docs/cli.md (every command and flag), docs/journey-file.md (the journey file).\n",
    );
  for (const definition of definitions) addCommand(program, definition, context, outcome, signal);
  return program;
}
