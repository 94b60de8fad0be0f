import { basename, join } from 'node:path';
import type { CliContext } from '../cli/cli-context.ts';
import { readInputFile } from '../cli/load-files.ts';
import { connectTarget, resolveTarget } from '../config/crm-target.ts';
import type { Environment, LoadedConfig } from '../config/load-config.ts';
import { parseDuration } from '../config/run-settings.ts';
import type { FleetSync } from './start-fleet.ts';

/** What every sync falls back on: the command line's and `defaults:`'s interval and batch size. */
export interface FleetSyncDefaults {
  readonly intervalMs: number;
  readonly batchSize: number | undefined;
  /** Beside the state: the Salesforce describe cache. */
  readonly describeCacheDir: string;
}

/** The sync's name when the file gives none: `<target>/<journey file name>`. */
const defaultSyncName = (target: string, journey: string): string => `${target}/${basename(journey)}`;

/**
 * The fleet's syncs from the config file's `syncs:` list: each connects its own target (a named one
 * from `targets:`) and checks its own journey file (relative to the config file) when a node first
 * needs it.
 *
 * @example
 * const syncs = fleetSyncsFromConfig(config, context, process.env, { intervalMs, batchSize, describeCacheDir });
 */
export function fleetSyncsFromConfig(
  config: LoadedConfig,
  context: CliContext,
  env: Environment,
  defaults: FleetSyncDefaults,
): FleetSync[] {
  return config.config.syncs.map((entry, index) => {
    const at = (key: string): string => `${config.file} syncs[${index}].${key}`;
    const journeyPath = config.resolvePath(config.expand(['syncs', index, 'journey'], entry.journey));
    const target = resolveTarget('serve', { target: entry.target }, config, env);
    // Read now, so a missing file stops the node at start rather than failing its jobs later.
    const text = readInputFile(context, journeyPath, 'journey file');
    return {
      name: entry.name ?? defaultSyncName(entry.target, entry.journey),
      intervalMs: entry.interval === undefined ? defaults.intervalMs : parseDuration(entry.interval, at('interval')),
      batchSize: entry.batchSize ?? defaults.batchSize,
      connect: async (now) => {
        const { connector, target: where } = await connectTarget(target, env, {
          describeCacheDir: join(defaults.describeCacheDir, entry.target),
          now,
        });
        const checked = await connector.checkJourney(text, journeyPath);
        if (!checked.journey) {
          await connector.close();
          throw new Error(`${journeyPath} (${at('journey')}) does not fit ${where}; fix it and restart the node.`);
        }
        return { connector, journey: checked.journey, scope: `${where}|${checked.journey.id}` };
      },
    };
  });
}
