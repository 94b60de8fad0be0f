import { resolve } from 'node:path';
import { journeyJsonSchema } from '@crm-journey/connector';
import type { CliContext } from '../cli/cli-context.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { schemaFlags } from '../cli/definitions/schema-definition.ts';
import { writeOutputFile } from '../output/write-output-file.ts';

/** `crm-journey schema [--out <file>]`: the JSON Schema of journey files, for editors. */
export function schemaCommand({ values }: CommandInput<typeof schemaFlags>, context: CliContext): number {
  const text = `${JSON.stringify(journeyJsonSchema(), null, 2)}\n`;
  if (values.out === undefined) context.stdout.write(text);
  else {
    writeOutputFile(resolve(context.cwd, values.out), text, {
      command: 'schema',
      example: 'journey.schema.json',
      inputs: [],
    });
    context.stderr.write(`Wrote ${values.out}.\n`);
  }
  return 0;
}
