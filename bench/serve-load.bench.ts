// The `serve` API under a bounded local load: `crm-journey serve` in a child process against a sandbox
// org (another child), autocannon (a third) hammering `GET /v1/customers/:id/journey` with the token
// for a fixed time. Prints requests per second, latency percentiles and errors; run alone with
// `node --conditions=@crm-journey/source --disable-warning=ExperimentalWarning bench/serve-load.bench.ts` or `npm run bench -- --only serve`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatCount, writeBenchReport } from './bench-report.ts';
import { startSandboxProcess } from './sandbox-process.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join('packages', 'sync', 'bin', 'crm-journey.ts');
const AUTOCANNON = path.join(ROOT, 'node_modules', 'autocannon', 'autocannon.js');
const CUSTOMERS = 500;
const CONNECTIONS = 10;
const DURATION_SECONDS = 10;
const TOKEN = 'bench-serve-token-0123456789abcdef';

const log = (message: string): void => void process.stderr.write(`[serve] ${message}\n`);

/** What autocannon's `--json` prints (the fields used here). */
interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly '2xx': number;
}

/** Starts `crm-journey serve` on a free port and resolves with its URL once it is ready. */
async function startServe(
  sandboxUrl: string,
  accessToken: string,
): Promise<{ url: string; stop: () => Promise<number | null> }> {
  const state = path.join(mkdtempSync(path.join(os.tmpdir(), 'cj-serve-bench-')), 'state.sqlite');
  const child = spawn(
    process.execPath,
    [
      '--conditions=@crm-journey/source',
      '--disable-warning=ExperimentalWarning',
      CLI,
      'serve',
      '--journey',
      'journeys/salesforce-b2b.yaml',
      '--instance-url',
      sandboxUrl,
      '--access-token',
      accessToken,
      '--port',
      '0',
      '--state',
      state,
      '--interval',
      '1h',
    ],
    { cwd: ROOT, env: { ...process.env, CRM_JOURNEY_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (output += chunk));
  const deadline = Date.now() + 60_000;
  let url: string | undefined;
  while (url === undefined && Date.now() < deadline && child.exitCode === null) {
    url = /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (url === undefined) throw new Error(`crm-journey serve did not start:\n${output}`);
  while (Date.now() < deadline && (await fetch(`${url}/readyz`)).status !== 200)
    await new Promise((resolve) => setTimeout(resolve, 100));
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

const sandbox = await startSandboxProcess(CUSTOMERS);
try {
  log(`sandbox with ${CUSTOMERS} customers at ${sandbox.url}`);
  const serve = await startServe(sandbox.url, sandbox.accessToken);
  log(`serve ready at ${serve.url} (first sync done)`);
  const query = await fetch(
    `${sandbox.url}/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM Account LIMIT 1')}`,
    {
      headers: { authorization: `Bearer ${sandbox.accessToken}` },
    },
  );
  const id = ((await query.json()) as { records: { Id: string }[] }).records[0]?.Id ?? '';
  const target = `${serve.url}/v1/customers/${id}/journey`;
  const check = await fetch(target, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (check.status !== 200) throw new Error(`GET ${target} answered ${check.status}`);
  log(`autocannon -c ${CONNECTIONS} -d ${DURATION_SECONDS} ${target}`);
  const run = spawnSync(
    process.execPath,
    [
      AUTOCANNON,
      '-j',
      '-c',
      String(CONNECTIONS),
      '-d',
      String(DURATION_SECONDS),
      '-H',
      `authorization=Bearer ${TOKEN}`,
      target,
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`autocannon failed: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as AutocannonResult;
  const exitCode = await serve.stop();
  log(
    `${formatCount(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ${result.errors} errors, ${result.non2xx} non-2xx; serve exited ${String(exitCode)}`,
  );
  writeBenchReport({
    id: 'serve',
    title: 'serve API under load',
    blocks: [
      {
        kind: 'text',
        markdown: `\`GET /v1/customers/:id/journey\` with the bearer token, ${CONNECTIONS} connections for ${DURATION_SECONDS} s (autocannon), against \`crm-journey serve\` after its first sync of ${CUSTOMERS} sandbox customers; the sandbox, serve and autocannon are three processes on the same machine.`,
      },
      {
        kind: 'table',
        columns: [
          'requests/s (mean)',
          'requests',
          'p50 ms',
          'p90 ms',
          'p99 ms',
          'max ms',
          'errors',
          'timeouts',
          'non-2xx',
        ],
        align: ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
        rows: [
          [
            formatCount(result.requests.average),
            formatCount(result.requests.total),
            String(result.latency.p50),
            String(result.latency.p90),
            String(result.latency.p99),
            String(result.latency.max),
            String(result.errors),
            String(result.timeouts),
            String(result.non2xx),
          ],
        ],
      },
    ],
  });
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0 || exitCode !== 0) process.exitCode = 1;
} finally {
  await sandbox.stop();
}
