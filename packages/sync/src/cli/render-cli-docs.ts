import type { AnyCommandDefinition } from './command-definition.ts';
import { flagHelp, flagSyntax } from './build-program.ts';

function usageLine(definition: AnyCommandDefinition): string {
  const args = (definition.arguments ?? []).map((argument) => {
    const name = `${argument.name}${argument.variadic === true ? '...' : ''}`;
    return argument.required === true ? `<${name}>` : `[${name}]`;
  });
  const required = Object.entries(definition.flags)
    .filter(([, flag]) => flag.required === true)
    .map(([name, flag]) => flagSyntax(name, flag));
  return ['crm-journey', definition.name, ...args, ...required, '[options]'].join(' ');
}

function commandSection(definition: AnyCommandDefinition): string[] {
  const lines = [`## \`crm-journey ${definition.name}\``, '', definition.summary, ''];
  if (definition.description !== undefined) lines.push(definition.description, '');
  lines.push('```sh', usageLine(definition), '```', '');
  const args = definition.arguments ?? [];
  if (args.length > 0) {
    lines.push('Arguments:', '');
    for (const argument of args) lines.push(`- \`<${argument.name}>\`: ${argument.description}`);
    lines.push('');
  }
  const flags = Object.entries(definition.flags);
  lines.push('Flags:', '');
  for (const [name, flag] of flags) lines.push(`- \`${flagSyntax(name, flag)}\`: ${flagHelp(flag)}`);
  lines.push('- `-h`, `--help`: Show this usage.', '');
  lines.push(definition.examples.length > 1 ? 'Examples:' : 'Example:', '', '```sh', ...definition.examples, '```', '');
  return lines;
}

/**
 * docs/cli.md, generated from the command definitions (`pnpm run docs:cli` writes it; a test fails
 * when the file is out of date).
 */
export function renderCliDocs(definitions: readonly AnyCommandDefinition[]): string {
  const lines = [
    '# The `crm-journey` command',
    '',
    '<!-- Generated from packages/sync/src/cli/definitions by `pnpm run docs:cli`; edit those, not this file. -->',
    '',
    'Run it from the repository root as `npm run crm-journey -- <command> [options]`; relative paths are taken from',
    'the directory you ran npm in. `crm-journey <command> --help` (or `-h`, or `crm-journey help <command>`) prints',
    "a command's usage in the terminal; `crm-journey completion bash|zsh|fish` prints a shell completion script.",
    '',
    'Exit codes: 0 success, 1 invalid input or failed work (the message says what and how to fix it), 2 a wrong',
    'command line. Unknown flags are refused with the nearest known one suggested; a flag that takes one value is',
    'refused when given twice (flags marked "Repeatable" may be given several times). A flag may be written',
    '`--flag value` or `--flag=value`.',
    '',
    ...definitions.map(
      (definition) => `- [\`${definition.name}\`](#crm-journey-${definition.name}): ${definition.summary}`,
    ),
    '',
    ...definitions.flatMap(commandSection),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
