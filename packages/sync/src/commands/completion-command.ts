import { UsageError, type CliContext } from '../cli/cli-context.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import { COMMAND_DEFINITIONS } from '../cli/command-definitions.ts';
import { completionScript, SHELLS, type Shell } from '../cli/completion-script.ts';
import type { completionFlags } from '../cli/definitions/completion-definition.ts';

/** `crm-journey completion bash|zsh|fish`: prints the completion script generated from the command definitions. */
export function completionCommand({ positionals }: CommandInput<typeof completionFlags>, context: CliContext): number {
  const shell = positionals[0];
  if (!SHELLS.includes(shell as Shell))
    throw new UsageError(`crm-journey completion: the shell is bash, zsh or fish; got "${shell ?? ''}".`);
  context.stdout.write(completionScript(shell as Shell, COMMAND_DEFINITIONS));
  return 0;
}
