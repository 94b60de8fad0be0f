#!/usr/bin/env node
// The `crm-journey` command. `npm run crm-journey -- <args>` runs it from the repository root;
// relative paths are taken from the directory npm was started in (INIT_CWD).
import { join } from 'node:path';
import { runCli } from '../src/cli/run-cli.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.env['INIT_CWD'] ?? process.cwd(),
  // npm and pnpm run a package's script in its directory: here, the repository root.
  journeysDir: join(process.cwd(), 'journeys'),
  stdout: process.stdout,
  stderr: process.stderr,
});
