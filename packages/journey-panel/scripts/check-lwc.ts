// Compiles every Lightning web component in hosts/salesforce with the LWC compiler, as a deploy would, and
// fails on the first error (decorators, template directives such as lwc:external, imports). Run by the
// package's `typecheck` script: the repository's vitest Node project does not cover this package, and the
// LWC compiler (Babel) does not run in the browser project.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as lwcCompiler from '@lwc/compiler';

/** The part of `transformSync` used here: the package's declarations use extensionless imports, which NodeNext cannot follow. */
type TransformSync = (
  source: string,
  filename: string,
  options: { namespace: string; name: string },
) => { code: string; warnings?: { message: string }[] };
const transformSync = (lwcCompiler as unknown as { transformSync: TransformSync }).transformSync;

const lwcDir = fileURLToPath(new URL('../hosts/salesforce/force-app/main/default/lwc/', import.meta.url));

/** Compiles one component bundle's .js and .html files; returns what went wrong, if anything. */
export function compileComponent(name: string): string[] {
  const problems: string[] = [];
  for (const file of readdirSync(`${lwcDir}${name}`)) {
    if (!/\.(js|html)$/.test(file)) continue;
    const source = readFileSync(`${lwcDir}${name}/${file}`, 'utf8');
    try {
      const { code, warnings } = transformSync(source, file, { namespace: 'c', name });
      for (const warning of warnings ?? []) problems.push(`${name}/${file}: ${warning.message}`);
      if (file === `${name}.html` && !code.includes('cj-journey-panel')) {
        problems.push(`${name}/${file}: the compiled template does not render <cj-journey-panel>`);
      }
    } catch (error) {
      problems.push(`${name}/${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

if (import.meta.main) {
  const components = readdirSync(lwcDir);
  const problems = components.flatMap(compileComponent);
  if (problems.length > 0) {
    process.stderr.write(`LWC compile failed:\n${problems.join('\n')}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`LWC: compiled ${components.join(', ')} with @lwc/compiler\n`);
  }
}
