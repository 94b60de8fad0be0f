import { basename, join } from 'node:path';
import {
  checkJourneySet,
  formatDiagnostic,
  parseSource,
  validateJourney,
  type SetMember,
} from '@crm-journey/connector';
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

/** A sync of `syncs:`, with what the API selects it by. */
export interface ConfigFleetSync extends FleetSync {
  /** The target's name under `targets:`. */
  readonly target: string;
  /** The ids of its journeys (read from the files; the org check comes when the sync connects). */
  readonly journeyIds: readonly string[];
}

/** The sync's name when the file gives none: `<target>/<journey file name>` (a set's joined by `+`). */
const defaultSyncName = (target: string, journeys: readonly string[]): string =>
  `${target}/${journeys.map((journey) => basename(journey)).join('+')}`;

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
): ConfigFleetSync[] {
  return config.config.syncs.map((entry, index) => {
    const at = (key: string): string => `${config.file} syncs[${index}].${key}`;
    const given = entry.journeys ?? (entry.journey === undefined ? [] : [entry.journey]);
    const key = entry.journeys === undefined ? 'journey' : 'journeys';
    const paths = given.map((journey, member) =>
      config.resolvePath(
        config.expand(entry.journeys === undefined ? ['syncs', index, key] : ['syncs', index, key, member], journey),
      ),
    );
    const target = resolveTarget('serve', { target: entry.target }, config, env);
    // Read now, so a missing file stops the node at start rather than failing its jobs later.
    const texts = paths.map((path) => readInputFile(context, path, 'journey file'));
    return {
      name: entry.name ?? defaultSyncName(entry.target, given),
      target: entry.target,
      journeyIds: texts.map(
        (text, member) => validateJourney(text, paths[member] ?? '').journey?.id ?? basename(given[member] ?? ''),
      ),
      intervalMs: entry.interval === undefined ? defaults.intervalMs : parseDuration(entry.interval, at('interval')),
      batchSize: entry.batchSize ?? defaults.batchSize,
      connect: async (now) => {
        const { connector, target: where } = await connectTarget(target, env, {
          describeCacheDir: join(defaults.describeCacheDir, entry.target),
          now,
        });
        const members: SetMember[] = [];
        for (const [member, path] of paths.entries()) {
          const text = texts[member] ?? '';
          const checked = await connector.checkJourney(text, path);
          const document = parseSource(text, path).document;
          if (!checked.journey || !document) {
            await connector.close();
            const first = checked.errors[0];
            throw new Error(
              `${path} (${at(key)}) does not fit ${where}${first ? `: ${formatDiagnostic(first)}` : ''}; fix it and restart the node.`,
            );
          }
          members.push({ journey: checked.journey, document });
        }
        const { set, errors } = checkJourneySet(members);
        if (!set) {
          await connector.close();
          throw new Error(
            `the journeys of ${at(key)} do not form a set: ${errors.map(formatDiagnostic).join(' | ')}; fix them and restart the node.`,
          );
        }
        // The same scope as `sync` and `serve` of the same journeys: any of them continues the others' state.
        return { connector, set, scope: `${where}|${set.journeys.map((member) => member.id).join('+')}` };
      },
    };
  });
}
