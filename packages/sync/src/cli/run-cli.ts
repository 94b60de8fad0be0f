import { isConnectorError } from '@crm-journey/connector';
import { UsageError, type CliContext } from './cli-context.ts';

const usage = `Usage: crm-journey <command> [options]

Commands:
  validate <file> [--json]                       Check a journey file; exit 1 on errors.
  schema [--out <file>]                          Print the JSON Schema of journey files.
  evaluate --journey <file> --records <snapshot.json> [--as-of <ISO time>] [--customer <id>] [--json]
                                                 Place every customer of a snapshot on the journey.
  explain --journey <file> --records <snapshot.json> --customer <id> [--as-of <ISO time>] [--json]
                                                 Say why a customer is where it is, and why each action.
  sync --journey <file> (--org <alias> | --instance-url <url> --access-token <token> |
       --sugar-url <url> --sugar-user <user> --sugar-password <password> | --target <name>)
       [--once | --interval <30s|5m|1h>] [--dry-run] [--json] [--state <path>] [--as-of <ISO time>]
       [--batch-size N] [--config <file>] [--wait <duration>] [--full-read-every <duration>] [--verbose]
                                                 Place every customer of the org on the journey and write
                                                 stages and tasks back (incremental after the first run).
  serve [--journey <file>] [target flags | --target <name>] [--config <file>] [--host 127.0.0.1] [--port 8787]
        [--token-file <file>] [--cors-origin <origin>]... [--body-limit <bytes>] [--interval 5m] [--state <path>]
        [--verbose]
                                                 The sync on an interval plus an HTTP API: health, readiness,
                                                 Prometheus metrics, customer journey and explain, plan (dry run).
                                                 Needs a token (--token-file or CRM_JOURNEY_TOKEN).
  sandbox [--crm salesforce|sugarcrm] [--port N] [--customers N] [--seed S] [--faults <spec>] [--fault-seed S]
          [--token T] [--user U] [--password P] [--data <file>] [--api-limit N]
                                                 Start a sandbox org on 127.0.0.1 with generated customers.
  demo [--crm salesforce|sugarcrm] [--customers N] [--port N] [--interval 10s] [--seed S] [--journey <file>] [--no-open]
                                                 The whole product on 127.0.0.1: a sandbox org, the sync on an
                                                 interval and a record browser with the journey panel.
  install salesforce (--org <alias> | --instance-url <url> --access-token <token> | --target <name>)
          [--config <file>] [--check-only] [--journey <file>...] [--json]
                                                 Deploy the journey fields, the action key, the Crm_Journey
                                                 permission set and the panel (static resource + LWC) through
                                                 the Metadata API; safe to run again.
  package sugarcrm --out <zip> [--journey <file>...] [--json]
                                                 Write the Module Loadable Package: the journey fields and the
                                                 "Customer journey" dashlet, for Admin > Module Loader.
  report --journey <file> (--records <snapshot.json> | target flags | --target <name>) --out <report.html>
         [--json] [--from <date>] [--to <date>] [--segment <id>] [--as-of <ISO time>]
         [--compare-journey <file> | --compare-from <date> --compare-to <date>]
                                                 Journey analytics: bottlenecks, time in stage, conversion,
                                                 flows, cohorts, touchpoints and emotion, action effectiveness;
                                                 one offline HTML file with charts, or the same numbers as JSON.
  help                                           Show this help.

Docs: docs/journey-file.md (the journey file), README.md (everything else).
`;

/** A command: parses its own flags, returns the exit code (long-running ones resolve when they stop). */
type Command = (args: readonly string[], context: CliContext) => number | Promise<number>;

// Loaded on use: a command pulls in only its own modules (the CRM clients, fastify, echarts, the
// sandboxes), so `validate` or `help` start in a fraction of the time.
const commands: Readonly<Record<string, () => Promise<Command>>> = {
  validate: async () => (await import('../commands/validate-command.ts')).validateCommand,
  schema: async () => (await import('../commands/schema-command.ts')).schemaCommand,
  evaluate: async () => (await import('../commands/evaluate-command.ts')).evaluateCommand,
  explain: async () => (await import('../commands/explain-command.ts')).explainCommand,
  sandbox: async () => (await import('../commands/sandbox-command.ts')).sandboxCommand,
  install: async () => (await import('../commands/install-command.ts')).installCommand,
  package: async () => (await import('../commands/package-command.ts')).packageCommand,
  demo: async () => (await import('../commands/demo-command.ts')).demoCommand,
  sync: async () => (await import('../commands/sync-command.ts')).syncCommand,
  report: async () => (await import('../commands/report-command.ts')).reportCommand,
  serve: async () => (await import('../commands/serve-command.ts')).serveCommand,
};

/**
 * Runs one CLI invocation and returns its exit code: 0 success, 1 the input is invalid or the work
 * failed, 2 the command line is wrong. Errors are printed with their remedies, never as stacks.
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    (command === undefined ? context.stderr : context.stdout).write(usage);
    return command === undefined ? 2 : 0;
  }
  const load = commands[command];
  if (!load) {
    context.stderr.write(`crm-journey: unknown command "${command}".\n\n${usage}`);
    return 2;
  }
  try {
    const run = await load();
    return await run(args, context);
  } catch (error) {
    if (error instanceof UsageError) {
      context.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (isConnectorError(error)) {
      context.stderr.write(
        `error ${error.code}: ${error.message}\n${error.actions.map((action) => `  -> ${action}\n`).join('')}`,
      );
      return 1;
    }
    throw error;
  }
}
