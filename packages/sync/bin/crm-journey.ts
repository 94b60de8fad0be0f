#!/usr/bin/env node
// The `crm-journey` command. `npm run crm-journey -- <args>` runs it from the repository root;
// relative paths are taken from the directory npm was started in (INIT_CWD).
import { runCli } from '../src/cli/run-cli.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.env['INIT_CWD'] ?? process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
