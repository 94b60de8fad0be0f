// A command as data: the help, the shell completion and docs/cli.md are all generated from these
// definitions (see command-definitions.ts for how to add a flag or a command).
import type { CliContext } from './cli-context.ts';

/** One flag of a command. */
export interface FlagDefinition {
  /** The value's placeholder, e.g. `<file>`; absent for a switch (true when given). */
  readonly value?: string;
  readonly description: string;
  /** The value when the flag is absent (shown in the help). */
  readonly default?: string;
  /** The only values the flag accepts. */
  readonly choices?: readonly string[];
  /** May be given more than once (the values arrive as an array); any other flag given twice is refused. */
  readonly repeatable?: boolean;
  /** The command line is wrong without it. */
  readonly required?: boolean;
}

/** A command's flags by name (without the leading `--`). */
export type FlagDefinitions = Readonly<Record<string, FlagDefinition>>;

/** One positional argument of a command. */
export interface ArgumentDefinition {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
  /** The values a shell may complete (the command still checks what it gets). */
  readonly values?: readonly string[];
  /** Takes one or more values (the last argument only). */
  readonly variadic?: boolean;
}

/** The parsed value of one flag, typed from its definition. */
export type FlagValue<F extends FlagDefinition> = F extends { readonly value: string }
  ? F extends { readonly repeatable: true }
    ? string[] | undefined
    : F extends { readonly choices: readonly (infer C)[] }
      ? F extends { readonly default: string } | { readonly required: true }
        ? C
        : C | undefined
      : F extends { readonly default: string } | { readonly required: true }
        ? string
        : string | undefined
  : boolean;

/** What a command receives: its flags typed from its definition, and its positional arguments. */
export interface CommandInput<Flags extends FlagDefinitions> {
  readonly values: { readonly [K in keyof Flags]: FlagValue<Flags[K]> };
  readonly positionals: readonly string[];
}

/** A command's work: returns the exit code (long-running ones resolve when they stop). */
export type CommandRun<Flags extends FlagDefinitions> = (
  input: CommandInput<Flags>,
  context: CliContext,
  signal?: AbortSignal,
) => number | Promise<number>;

/** Everything the CLI knows about a command before loading its module. */
export interface CommandDefinition<Flags extends FlagDefinitions = FlagDefinitions> {
  readonly name: string;
  /** One line, for the command list. */
  readonly summary: string;
  /** A paragraph for the command's own help, when the summary is not enough. */
  readonly description?: string;
  readonly arguments?: readonly ArgumentDefinition[];
  readonly flags: Flags;
  /** Whole command lines, each optionally followed by `  # what it does`. */
  readonly examples: readonly [string, ...string[]];
  /** Loads the command's module on use, so `--help` never pulls in the CRM clients, fastify or echarts. */
  readonly load: () => Promise<CommandRun<Flags>>;
}

/** A definition with its flag types erased, for the list of all commands. */
export type AnyCommandDefinition = CommandDefinition;

/**
 * Declares a command; the flags' literal types flow into the command's `input.values`.
 *
 * @example
 * export const schemaFlags = { out: { value: '<file>', description: 'Write to a file.' } } as const;
 * export const schemaDefinition = defineCommand({ name: 'schema', flags: schemaFlags, ... });
 */
export function defineCommand<const Flags extends FlagDefinitions>(
  definition: CommandDefinition<Flags>,
): AnyCommandDefinition {
  // The runner builds `values` from these same flags, so the erased types always match at run time.
  return definition as unknown as AnyCommandDefinition;
}
