import type { CliContext } from '../cli/cli-context.ts';
import { UsageError } from '../cli/cli-context.ts';
import type { CommandInput } from '../cli/command-definition.ts';
import type { statusFlags } from '../cli/definitions/status-definition.ts';
import { loadConfig } from '../config/load-config.ts';
import { readFleetStatus, type FleetStatus } from '../fleet/fleet-status.ts';
import { formatTable } from '../output/format-table.ts';
import { isPostgresUrl } from '../state/open-store.ts';

/** The human view of {@link FleetStatus}. */
export function formatFleetStatus(status: FleetStatus): string {
  const lines = [`Nodes alive: ${status.nodes.length}`];
  if (status.nodes.length > 0)
    lines.push(
      formatTable(
        ['Host', 'PID', 'Started', 'Last heartbeat'],
        status.nodes.map((node) => [node.host, String(node.pid), node.startedAt, node.heartbeatAt]),
      ),
    );
  lines.push('', `Runs in flight: ${status.runsInFlight.length}`);
  if (status.runsInFlight.length > 0)
    lines.push(
      formatTable(
        ['Scope', 'Run', 'Started'],
        status.runsInFlight.map((run) => [run.scope, String(run.runId), run.startedAt]),
      ),
    );
  lines.push('', 'Last run per target and journey:');
  lines.push(
    status.scopes.length === 0
      ? '  (none yet)'
      : formatTable(
          ['Scope', 'Run', 'Status', 'Started', 'Finished', 'Lag'],
          status.scopes.map((scope) => [
            scope.scope,
            String(scope.lastRun.id),
            scope.lastRun.status,
            scope.lastRun.startedAt,
            scope.lastRun.finishedAt ?? '-',
            scope.lagSeconds === null ? 'never succeeded' : `${scope.lagSeconds} s`,
          ]),
        ),
  );
  lines.push('', `Dead letters: ${status.deadLetters}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `crm-journey status [--store <postgres://…>] [--config <file>] [--json]`: the fleet sharing a
 * PostgreSQL store: nodes alive, runs in flight, last run and lag per (target, journey), dead letters.
 */
export async function statusCommand(
  { values }: CommandInput<typeof statusFlags>,
  context: CliContext,
): Promise<number> {
  const config = loadConfig(context, values.config);
  const fromFile = config?.config.defaults.store;
  const store =
    values.store ?? (fromFile === undefined || !config ? undefined : config.expand(['defaults', 'store'], fromFile));
  if (store === undefined || !isPostgresUrl(store))
    throw new UsageError(
      'crm-journey status: shows a fleet on a PostgreSQL store; give --store postgres://… or set defaults.store in crm-journey.config.yaml. (A single process with the embedded store logs every run instead.)',
    );
  const status = await readFleetStatus(store);
  context.stdout.write(values.json ? `${JSON.stringify(status)}\n` : formatFleetStatus(status));
  return 0;
}
