// `pnpm run docs:cli`: writes docs/cli.md from the command definitions.
import { writeFileSync } from 'node:fs';
import { COMMAND_DEFINITIONS } from '../src/cli/command-definitions.ts';
import { renderCliDocs } from '../src/cli/render-cli-docs.ts';

const path = new URL('../../../docs/cli.md', import.meta.url);
writeFileSync(path, renderCliDocs(COMMAND_DEFINITIONS));
process.stdout.write(`Wrote docs/cli.md (${COMMAND_DEFINITIONS.length} commands).\n`);
