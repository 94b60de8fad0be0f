// Every command of `crm-journey`, in the order of the help. The help (`--help`, `help <command>`), the
// shell completion (`completion bash|zsh|fish`) and docs/cli.md are generated from these definitions.
//
// To add a flag: add it to the command's `…Flags` in definitions/<command>-definition.ts (a value
// placeholder makes it take a value; `repeatable`, `required`, `default`, `choices` as needed); it
// appears typed in the command's `input.values`. Then run `pnpm run docs:cli`.
// To add a command: write definitions/<name>-definition.ts with `defineCommand` (name, summary, flags,
// at least one example, and `load` importing commands/<name>-command.ts lazily), add it to the list
// below, and run `pnpm run docs:cli`. Keep heavy imports in the command module, never here: `--help`
// must not load the CRM clients, fastify or echarts.
import type { AnyCommandDefinition } from './command-definition.ts';
import { completionDefinition } from './definitions/completion-definition.ts';
import { demoDefinition } from './definitions/demo-definition.ts';
import { doctorDefinition } from './definitions/doctor-definition.ts';
import { evaluateDefinition } from './definitions/evaluate-definition.ts';
import { explainDefinition } from './definitions/explain-definition.ts';
import { initDefinition } from './definitions/init-definition.ts';
import { installDefinition } from './definitions/install-definition.ts';
import { mapDefinition } from './definitions/map-definition.ts';
import { packageDefinition } from './definitions/package-definition.ts';
import { reportDefinition } from './definitions/report-definition.ts';
import { sandboxDefinition } from './definitions/sandbox-definition.ts';
import { schemaDefinition } from './definitions/schema-definition.ts';
import { serveDefinition } from './definitions/serve-definition.ts';
import { statusDefinition } from './definitions/status-definition.ts';
import { syncDefinition } from './definitions/sync-definition.ts';
import { validateDefinition } from './definitions/validate-definition.ts';

/** All commands, in the order the help lists them. */
export const COMMAND_DEFINITIONS: readonly AnyCommandDefinition[] = [
  initDefinition,
  validateDefinition,
  schemaDefinition,
  evaluateDefinition,
  explainDefinition,
  syncDefinition,
  serveDefinition,
  sandboxDefinition,
  demoDefinition,
  installDefinition,
  packageDefinition,
  doctorDefinition,
  statusDefinition,
  reportDefinition,
  mapDefinition,
  completionDefinition,
];
