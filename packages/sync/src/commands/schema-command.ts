import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { journeyJsonSchema } from '@crm-journey/connector';
import type { CliContext } from '../cli/cli-context.ts';
import { parseOptions } from '../cli/parse-options.ts';

/** `crm-journey schema [--out <file>]`: the JSON Schema of journey files, for editors. */
export function schemaCommand(args: readonly string[], context: CliContext): number {
  const { values } = parseOptions('schema', args, { out: { type: 'string' } });
  const text = `${JSON.stringify(journeyJsonSchema(), null, 2)}\n`;
  if (values.out === undefined) context.stdout.write(text);
  else {
    writeFileSync(resolve(context.cwd, values.out), text);
    context.stderr.write(`Wrote ${values.out}.\n`);
  }
  return 0;
}
