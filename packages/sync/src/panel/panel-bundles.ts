// What install, package and the demo take from the journey-panel package: its classic bundles (built
// with the panel's own Vite script when dist/ lacks them), the CRM host files under hosts/, and the
// journeys' stages script.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConnectorError, type JourneyDefinition } from '@crm-journey/connector';
import { panelStagesScript, toPanelStages } from '@crm-journey/journey-panel/stages';
import { publishDirectory } from './publish-directory.ts';

/** The classic bundles: `open` for Sugar's dashlet and the demo, `closed` for Salesforce's `lwc:external`. */
export const PANEL_BUNDLES = {
  open: 'cj-journey-panel.iife.js',
  closed: 'cj-journey-panel.closed.iife.js',
} as const;

/** Which classic bundle. */
export type PanelBundleKind = keyof typeof PANEL_BUNDLES;

/** A bundle's bytes, and how long building dist/ took when this call had to build it. */
export interface PanelBundle {
  readonly code: Uint8Array;
  readonly builtInMs: number | undefined;
}

/** The journey-panel package's directory (its exports resolve into src/ or dist/, one level down). */
export function panelPackageDir(): string {
  return dirname(dirname(fileURLToPath(import.meta.resolve('@crm-journey/journey-panel/stages'))));
}

const hasEveryBundle = (dir: string): boolean =>
  Object.values(PANEL_BUNDLES).every((file) => existsSync(join(dir, file)));

function runBuildScript(packageDir: string, outDir: string): Promise<void> {
  return new Promise((resolveBuild, rejectBuild) => {
    const child = spawn(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', 'scripts/build-bundles.ts', '--out-dir', outDir],
      { cwd: packageDir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', rejectBuild);
    child.on('exit', (code) => {
      if (code === 0) resolveBuild();
      else rejectBuild(new Error(`exit ${code}: ${stderr.trim().slice(-2000)}`));
    });
  });
}

/**
 * Builds dist/ without ever showing it half-written: Vite writes into a staging directory beside it (in
 * the package's node_modules/.cache, on the same file system) that is then renamed into place. Two
 * processes building at once each build their own; the second keeps the first's complete dist/.
 */
async function buildDist(packageDir: string): Promise<void> {
  const cache = join(packageDir, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const staging = mkdtempSync(join(cache, 'cj-panel-dist-'));
  try {
    await runBuildScript(packageDir, staging);
    publishDirectory(staging, join(packageDir, 'dist'), hasEveryBundle);
  } catch (error) {
    throw new ConnectorError('INTERNAL', `Building the journey panel bundles failed: ${(error as Error).message}`, {
      actions: ['Run `pnpm --filter @crm-journey/journey-panel build` to see the whole error.'],
      cause: error,
    });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The build in flight in this process, shared by concurrent callers. */
let building: Promise<void> | undefined;

/**
 * Reads a classic bundle from the panel's dist/, building dist/ first when a bundle is missing.
 *
 * @example
 * const { code } = await readPanelBundle('closed', (line) => process.stderr.write(line));
 */
export async function readPanelBundle(
  kind: PanelBundleKind,
  log: (line: string) => void = () => undefined,
): Promise<PanelBundle> {
  const packageDir = panelPackageDir();
  const dist = join(packageDir, 'dist');
  let builtInMs: number | undefined;
  // A second attempt covers the instant in which another process swaps an incomplete dist/ out.
  for (let attempt = 0; ; attempt++) {
    if (!hasEveryBundle(dist)) {
      log(`Building the journey panel (dist/${PANEL_BUNDLES[kind]} is missing; this takes a few seconds, once)...\n`);
      const started = Date.now();
      building ??= buildDist(packageDir).finally(() => (building = undefined));
      await building;
      builtInMs = Date.now() - started;
      log(`Built the journey panel in ${(builtInMs / 1000).toFixed(1)} s.\n`);
    }
    try {
      return { code: new Uint8Array(readFileSync(join(dist, PANEL_BUNDLES[kind]))), builtInMs };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 0) throw error;
    }
  }
}

/** Every file under a directory of the panel's hosts/, keyed by its path relative to that directory. */
export function readHostFiles(hostDir: string): Map<string, Uint8Array> {
  const root = join(panelPackageDir(), 'hosts', hostDir);
  const files = new Map<string, Uint8Array>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile())
        files.set(relative(root, path).split('\\').join('/'), new Uint8Array(readFileSync(path)));
    }
  };
  walk(root);
  return files;
}

/** One file of the panel's hosts/ as text (the demo serves the hosts' own logic). */
export function readHostFile(path: string): string {
  return readFileSync(join(panelPackageDir(), 'hosts', path), 'utf8');
}

/**
 * `cj-journey-stages.js` for the journeys, as the CRM hosts load it beside the panel bundle.
 *
 * @example
 * zip['cj-journey-stages.js'] = strToU8(journeyStagesScript([journey]));
 */
export function journeyStagesScript(journeys: readonly JourneyDefinition[]): string {
  return panelStagesScript(Object.fromEntries(journeys.map((journey) => [journey.id, toPanelStages(journey.stages)])));
}
