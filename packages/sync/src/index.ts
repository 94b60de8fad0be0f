// The sync package is the composition root; its entry is the CLI.
export { runCli } from './cli/run-cli.ts';
export type { CliContext } from './cli/cli-context.ts';
