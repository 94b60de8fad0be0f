import { defineCommand } from '../command-definition.ts';

/** The flags of `crm-journey completion`. */
export const completionFlags = {} as const;

/** `crm-journey completion`. */
export const completionDefinition = defineCommand({
  name: 'completion',
  summary: 'Print a shell completion script for bash, zsh or fish.',
  description:
    'Prints a completion script for the commands and flags of this version; load it from your shell profile.',
  arguments: [{ name: 'shell', description: 'bash, zsh or fish.', required: true, values: ['bash', 'zsh', 'fish'] }],
  flags: completionFlags,
  examples: [
    'crm-journey completion bash > ~/.local/share/bash-completion/completions/crm-journey',
    'crm-journey completion zsh > "${fpath[1]}/_crm-journey"',
    'crm-journey completion fish > ~/.config/fish/completions/crm-journey.fish',
  ],
  load: async () => (await import('../../commands/completion-command.ts')).completionCommand,
});
