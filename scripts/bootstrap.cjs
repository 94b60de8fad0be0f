#!/usr/bin/env node
// Sets up what the repository needs, then runs one command with it:
//   node scripts/bootstrap.cjs [--browser] [--postgres] [--gnu-time] -- <command> [args...]
//
// It runs on the machine's own Node (20 or later), in plain JavaScript with no dependencies:
// 1. Node >= 22: the machine's when new enough, otherwise the npm registry's `node-<os>-<arch>`
//    package unpacked into `.toolchain/node` (git-ignored).
// 2. pnpm at the version pinned in package.json#packageManager: the machine's when it matches,
//    otherwise unpacked into `.toolchain/pnpm`.
// 3. Dependencies from the frozen lockfile, only when the lockfile changed since the last install.
// 4. With --browser: Debian's chromium when /usr/bin/chromium is missing (as root), or a clear message.
// 5. With --postgres: Debian's postgresql server binaries (initdb, pg_ctl, postgres) when missing (as
//    root), or a clear message; the tests start their own throwaway cluster from them.
// 6. With --gnu-time: Debian's `time` (GNU time, /usr/bin/time) when missing (as root), or a warning:
//    the benchmarks take a process's peak RSS and CPU time from it.
// When everything is in place it costs a few stat calls, then hands over to the command.
'use strict';

const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TOOLCHAIN = path.join(ROOT, '.toolchain');
const NODE_VERSION = '24.21.0';
const MIN_NODE_MAJOR = 22;
const CHROMIUM = '/usr/bin/chromium';
const GNU_TIME = '/usr/bin/time';

function log(message) {
  process.stderr.write(`[bootstrap] ${message}\n`);
}

function fail(message) {
  process.stderr.write(`[bootstrap] error: ${message}\n`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited with ${result.status}`);
}

/** Unpacks one npm registry package into `dest`, using npm's cache (no install scripts run). */
function unpackFromRegistry(spec, dest) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-journey-bootstrap-'));
  try {
    const packed = spawnSync('npm', ['pack', spec, '--silent', '--pack-destination', scratch], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (packed.status !== 0) fail(`npm pack ${spec} failed; is the npm registry reachable?`);
    const tarball = path.join(scratch, packed.stdout.trim().split('\n').pop());
    const staging = `${dest}.partial`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    run('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);
    // Rename last, so an interrupted download never looks like a finished one.
    fs.rmSync(dest, { recursive: true, force: true });
    fs.renameSync(staging, dest);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function ensureNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= MIN_NODE_MAJOR) return path.dirname(process.execPath);
  const dir = path.join(TOOLCHAIN, 'node');
  const bin = path.join(dir, 'bin', 'node');
  if (fs.existsSync(bin) && fs.readFileSync(path.join(dir, 'package.json'), 'utf8').includes(`"${NODE_VERSION}"`)) {
    return path.dirname(bin);
  }
  const platform = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
  if (!platform)
    fail(`no Node ${NODE_VERSION} package for ${process.platform}; install Node >= ${MIN_NODE_MAJOR} yourself`);
  log(
    `Node ${process.versions.node} is older than ${MIN_NODE_MAJOR}; fetching Node ${NODE_VERSION} from the npm registry`,
  );
  unpackFromRegistry(`node-${platform}-${process.arch}@${NODE_VERSION}`, dir);
  fs.chmodSync(bin, 0o755);
  return path.dirname(bin);
}

function pinnedPnpmVersion() {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const match = /^pnpm@(\d+\.\d+\.\d+)/.exec(manifest.packageManager || '');
  if (!match) fail('package.json#packageManager must pin pnpm, e.g. "pnpm@10.34.8"');
  return match[1];
}

/** The directory of a pnpm already on PATH at the pinned version, if any (then nothing is fetched). */
function machinePnpm(version) {
  const found = spawnSync('pnpm', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  if (found.status !== 0 || found.stdout.trim() !== version) return undefined;
  const which = spawnSync('sh', ['-c', 'command -v pnpm'], { encoding: 'utf8' });
  return which.status === 0 ? path.dirname(which.stdout.trim()) : undefined;
}

function ensurePnpm(nodeBinDir) {
  const version = pinnedPnpmVersion();
  const dir = path.join(TOOLCHAIN, 'pnpm');
  const entry = path.join(dir, 'bin', 'pnpm.cjs');
  const installed = fs.existsSync(entry) && JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  if (installed !== version) {
    const onPath = machinePnpm(version);
    if (onPath !== undefined) return onPath;
    log(`fetching pnpm ${version} from the npm registry`);
    unpackFromRegistry(`pnpm@${version}`, dir);
  }
  // A tiny launcher so that scripts (and pnpm itself) can call `pnpm` through PATH.
  const binDir = path.join(TOOLCHAIN, 'bin');
  const launcher = path.join(binDir, 'pnpm');
  const script = `#!/bin/sh\nexec "${path.join(nodeBinDir, 'node')}" "${entry}" "$@"\n`;
  if (!fs.existsSync(launcher) || fs.readFileSync(launcher, 'utf8') !== script) {
    fs.mkdirSync(binDir, { recursive: true });
    fs.writeFileSync(launcher, script, { mode: 0o755 });
  }
  return binDir;
}

function ensureDependencies(env) {
  const lockfile = path.join(ROOT, 'pnpm-lock.yaml');
  const stamp = path.join(ROOT, 'node_modules', '.crm-journey-install');
  if (!fs.existsSync(lockfile))
    fail('pnpm-lock.yaml is missing; run `.toolchain/bin/pnpm install` once and commit the lockfile');
  const hash = createHash('sha256');
  for (const file of [lockfile, path.join(ROOT, 'pnpm-workspace.yaml')]) hash.update(fs.readFileSync(file));
  const digest = hash.digest('hex');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === digest) return;
  log('installing dependencies from the frozen lockfile');
  run('pnpm', ['install', '--frozen-lockfile', '--reporter=append-only'], { cwd: ROOT, env });
  fs.writeFileSync(stamp, digest);
}

/** Whether this process may install Debian packages: root, with apt-get. */
function canAptInstall() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return isRoot && fs.existsSync('/usr/bin/apt-get');
}

/** Installs one Debian package non-interactively (`options` go before it), updating the lists once if it fails. */
function aptInstall(pkg, options = []) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...options, pkg], { stdio: 'inherit', env });
  if (install().status !== 0) {
    run('apt-get', ['update'], { env });
    if (install().status !== 0) fail(`apt-get install ${pkg} failed; install it by hand and run again`);
  }
}

function ensureChromium() {
  if (process.env.CHROMIUM_PATH || fs.existsSync(CHROMIUM)) return;
  if (!canAptInstall()) {
    fail(
      `the browser tests need Chromium at ${CHROMIUM}. Install it (Debian/Ubuntu: "sudo apt-get install -y chromium"), ` +
        'or point CHROMIUM_PATH at a Chromium or Chrome binary.',
    );
  }
  log('installing Debian chromium for the browser tests (apt-get, once)');
  aptInstall('chromium');
}

/** The directory with initdb, pg_ctl and postgres: PATH first, then Debian's /usr/lib/postgresql/<major>/bin. */
function postgresBinDir() {
  const dirs = (process.env.PATH || '').split(path.delimiter).filter(Boolean);
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian))
    for (const major of fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a)))
      dirs.push(path.join(debian, major, 'bin'));
  return dirs.find((dir) => ['initdb', 'pg_ctl', 'postgres'].every((bin) => fs.existsSync(path.join(dir, bin))));
}

function ensurePostgres() {
  if (process.env.CJ_TEST_DATABASE_URL || postgresBinDir()) return;
  if (!canAptInstall()) {
    fail(
      'the tests need the PostgreSQL server binaries (initdb, pg_ctl, postgres) and no server runs for them. ' +
        'Install them (Debian/Ubuntu: "sudo apt-get install -y --no-install-recommends postgresql"), ' +
        'or set CJ_TEST_DATABASE_URL to a PostgreSQL database the tests may create databases on.',
    );
  }
  log('installing Debian postgresql for the tests (apt-get, once; no cluster is created or started)');
  // The tests start their own throwaway cluster: keep Debian from creating and starting a "main" one.
  const createclusterConf = '/etc/postgresql-common/createcluster.conf';
  if (!fs.existsSync(createclusterConf)) {
    fs.mkdirSync(path.dirname(createclusterConf), { recursive: true });
    fs.writeFileSync(createclusterConf, 'create_main_cluster = false\n');
  }
  aptInstall('postgresql', ['-o', 'Dpkg::Options::=--force-confold']);
  if (!postgresBinDir()) fail('postgresql is installed but initdb is not under /usr/lib/postgresql/*/bin');
}

function ensureGnuTime() {
  if (fs.existsSync(GNU_TIME)) return;
  if (!canAptInstall()) {
    // Only the benchmarks that measure another process's peak RSS need it; they say so themselves.
    log(
      `warning: ${GNU_TIME} is missing; the memory benchmarks need it (Debian/Ubuntu: "sudo apt-get install -y time")`,
    );
    return;
  }
  log('installing Debian time (GNU time) for the benchmarks (apt-get, once)');
  aptInstall('time');
}

function main() {
  const argv = process.argv.slice(2);
  const separator = argv.indexOf('--');
  if (separator === -1 || separator === argv.length - 1)
    fail('usage: node scripts/bootstrap.cjs [--browser] [--postgres] [--gnu-time] -- <command> [args...]');
  const flags = argv.slice(0, separator);
  const unknown = flags.filter((flag) => !['--browser', '--postgres', '--gnu-time'].includes(flag));
  if (unknown.length > 0)
    fail(
      `unknown option ${unknown.join(', ')}; usage: node scripts/bootstrap.cjs [--browser] [--postgres] [--gnu-time] -- <command> [args...]`,
    );
  const [command, ...args] = argv.slice(separator + 1);

  const nodeBinDir = ensureNode();
  const pnpmBinDir = ensurePnpm(nodeBinDir);
  const env = {
    ...process.env,
    PATH: [pnpmBinDir, nodeBinDir, path.join(ROOT, 'node_modules', '.bin'), process.env.PATH].join(path.delimiter),
    // npm passes its own config down to scripts; this one only triggers warnings under pnpm.
    npm_config_nodedir: undefined,
  };
  delete env.npm_config_nodedir;
  ensureDependencies(env);
  if (flags.includes('--browser')) ensureChromium();
  if (flags.includes('--postgres')) ensurePostgres();
  if (flags.includes('--gnu-time')) ensureGnuTime();

  const result = spawnSync(command, args, { stdio: 'inherit', env, cwd: process.env.INIT_CWD || process.cwd() });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  process.exit(result.status === null ? 1 : result.status);
}

main();
