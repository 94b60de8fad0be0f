// The panel's classic bundles for Node callers (install, package, the demo, the benches): where they
// are, built with the package's own Vite script when dist/ lacks them.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConnectorError } from '@crm-journey/connector';
import { isBuildCurrent } from './dist-freshness.ts';
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

/** Where the built classic bundles are. */
export interface PanelBundlePaths {
  readonly bundles: Readonly<Record<PanelBundleKind, string>>;
  /** How long building dist/ took when this call had to build it. */
  readonly builtInMs: number | undefined;
}

/** The journey-panel package's directory. */
const panelPackageDir = (): string => fileURLToPath(new URL('..', import.meta.url));

const hasEveryBundle = (dir: string): boolean =>
  Object.values(PANEL_BUNDLES).every((file) => existsSync(join(dir, file)));

// What the bundles are built from: the panel's own sources and build script, and the connector's root.
const bundleSources = (packageDir: string): string[] => [
  join(packageDir, 'src'),
  join(packageDir, 'scripts'),
  dirname(fileURLToPath(import.meta.resolve('@crm-journey/connector'))),
];

/** Every bundle is in `dir` and newer than the sources it is built from. */
const hasCurrentBundles = (packageDir: string, dir = join(packageDir, 'dist')): boolean =>
  isBuildCurrent(
    Object.values(PANEL_BUNDLES).map((file) => join(dir, file)),
    bundleSources(packageDir),
  );

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
    // Another process's dist/ is kept only when it is complete and built from the current sources.
    publishDirectory(staging, join(packageDir, 'dist'), (dir) => hasCurrentBundles(packageDir, dir));
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

/** Builds dist/ when a bundle is missing (or always); how long that took, or undefined when nothing was built. */
async function ensureBuilt(
  packageDir: string,
  missing: string,
  log: (line: string) => void,
  rebuild = false,
): Promise<number | undefined> {
  if (!rebuild && hasCurrentBundles(packageDir)) return undefined;
  const why = hasEveryBundle(join(packageDir, 'dist'))
    ? 'its sources changed since dist/ was built'
    : `dist/${missing} is missing`;
  log(
    rebuild ? 'Building the journey panel...\n' : `Building the journey panel (${why}; this takes a few seconds)...\n`,
  );
  const started = Date.now();
  building ??= buildDist(packageDir).finally(() => (building = undefined));
  await building;
  const builtInMs = Date.now() - started;
  log(`Built the journey panel in ${(builtInMs / 1000).toFixed(1)} s.\n`);
  return builtInMs;
}

/** Options of {@link panelBundlePaths}. */
export interface PanelBundlePathsOptions {
  /** Progress lines while building. */
  readonly log?: (line: string) => void;
  /** Build dist/ afresh even when every bundle is there (a bench measuring the current sources). */
  readonly rebuild?: boolean;
}

/**
 * The paths of the classic bundles in the panel's dist/, building dist/ first when a bundle is missing.
 *
 * @example
 * const { bundles } = await panelBundlePaths();
 * const code = readFileSync(bundles.open, 'utf8');
 */
export async function panelBundlePaths(options: PanelBundlePathsOptions = {}): Promise<PanelBundlePaths> {
  const packageDir = panelPackageDir();
  const builtInMs = await ensureBuilt(
    packageDir,
    PANEL_BUNDLES.open,
    options.log ?? (() => undefined),
    options.rebuild,
  );
  const dist = join(packageDir, 'dist');
  return { bundles: { open: join(dist, PANEL_BUNDLES.open), closed: join(dist, PANEL_BUNDLES.closed) }, builtInMs };
}

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
    builtInMs = (await ensureBuilt(packageDir, PANEL_BUNDLES[kind], log)) ?? builtInMs;
    try {
      return { code: new Uint8Array(readFileSync(join(dist, PANEL_BUNDLES[kind]))), builtInMs };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 0) throw error;
    }
  }
}
