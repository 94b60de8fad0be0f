import { journeyJsonSchema } from '@crm-journey/connector';

/** Where the CLI reads and writes; tests pass their own. */
export interface CliContext {
  readonly cwd: string;
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
}

/** Runs one CLI invocation and returns its exit code. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const [command] = argv;
  if (command === 'schema') {
    context.stdout.write(`${JSON.stringify(journeyJsonSchema(), null, 2)}\n`);
    return Promise.resolve(0);
  }
  context.stderr.write(`crm-journey: unknown command ${command ?? '(none)'}\n`);
  return Promise.resolve(2);
}
