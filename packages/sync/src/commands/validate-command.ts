import { formatDiagnostic, validateJourney, validateJourneySet } from '@crm-journey/connector';
import type { CliContext } from '../cli/cli-context.ts';
import { UsageError } from '../cli/cli-context.ts';
import { printDiagnostics, readInputFile } from '../cli/load-files.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { validateFlags } from '../cli/definitions/validate-definition.ts';

/** `crm-journey validate <file>... [--json]`: exit 1 on errors, 0 otherwise (warnings included); several files are a set. */
export function validateCommand(
  { values, positionals }: CommandInput<typeof validateFlags>,
  context: CliContext,
): number {
  const [file, ...extra] = positionals;
  if (file === undefined)
    throw new UsageError(
      'crm-journey validate: give a journey file (or several, for a journey set), e.g. `crm-journey validate journeys/salesforce-b2b.yaml`.',
    );
  if (extra.length > 0) return validateSet(positionals, values.json, context);
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

function validateSet(files: readonly string[], json: boolean, context: CliContext): number {
  const { errors, warnings, set } = validateJourneySet(
    files.map((file) => ({ text: readInputFile(context, file, 'journey file'), file })),
  );
  const summary = `${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
  if (json) {
    const text = (d: (typeof errors)[number]) => ({ ...d, text: formatDiagnostic(d) });
    context.stdout.write(
      `${JSON.stringify({ files, valid: errors.length === 0, order: set?.journeys.map((journey) => journey.id) ?? null, errors: errors.map(text), warnings: warnings.map(text) }, null, 2)}\n`,
    );
  } else {
    printDiagnostics(context, errors, warnings);
    context.stdout.write(
      set
        ? `journey set: valid (${set.journeys.map((journey) => `${journey.order ?? '-'}. ${journey.id}`).join(', ')} on ${set.contactRoot === undefined ? set.root : `${set.root} and ${set.contactRoot}`}; ${summary}).\n`
        : `journey set ${files.join(', ')}: invalid (${summary}).\n`,
    );
  }
  return errors.length > 0 ? 1 : 0;
}
