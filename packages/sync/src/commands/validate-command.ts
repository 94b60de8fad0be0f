import { formatDiagnostic, validateJourney } from '@crm-journey/connector';
import type { CliContext } from '../cli/cli-context.ts';
import { UsageError } from '../cli/cli-context.ts';
import { printDiagnostics, readInputFile } from '../cli/load-files.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { validateFlags } from '../cli/definitions/validate-definition.ts';

/** `crm-journey validate <file> [--json]`: exit 1 on errors, 0 otherwise (warnings included). */
export function validateCommand(
  { values, positionals }: CommandInput<typeof validateFlags>,
  context: CliContext,
): number {
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0)
    throw new UsageError(
      'crm-journey validate: give exactly one journey file, e.g. `crm-journey validate journeys/salesforce-b2b.yaml`.',
    );
  const { errors, warnings, journey } = validateJourney(readInputFile(context, file, 'journey file'), file);
  if (values.json) {
    context.stdout.write(
      `${JSON.stringify({ file, valid: errors.length === 0, errors: errors.map((d) => ({ ...d, text: formatDiagnostic(d) })), warnings: warnings.map((d) => ({ ...d, text: formatDiagnostic(d) })) }, null, 2)}\n`,
    );
  } else {
    printDiagnostics(context, errors, warnings);
    const summary = `${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
    context.stdout.write(
      journey
        ? `${file}: valid (${journey.stages.length} stages, ${journey.segments.length} segments; ${summary}).\n`
        : `${file}: invalid (${summary}).\n`,
    );
  }
  return errors.length > 0 ? 1 : 0;
}
