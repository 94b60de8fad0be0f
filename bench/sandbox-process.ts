// A sandbox org in a child process (`crm-journey sandbox`), so that a benchmark measures the memory of
// the connector alone and not of the org it reads.
import { spawn } from 'node:child_process';
import path from 'node:path';

/** A running sandbox child process. */
export interface SandboxProcess {
  readonly url: string;
  readonly accessToken: string;
  /** Sugar's login (Salesforce takes the access token). */
  readonly username: string;
  readonly password: string;
  /** Seconds from spawn to the printed URL (generating and loading the org). */
  readonly startSeconds: number;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join('packages', 'sync', 'bin', 'crm-journey.ts');
const TOKEN = 'bench-token';
const USER = 'bench-user';
const PASSWORD = 'bench-password';

/**
 * Starts `crm-journey sandbox` (Salesforce unless `crm` says otherwise) with generated customers on a free
 * port and waits for its URL.
 *
 * @example
 * const sandbox = await startSandboxProcess(100_000);
 * await sandbox.stop();
 */
export function startSandboxProcess(
  customers: number,
  options: { readonly crm?: 'salesforce' | 'sugarcrm' } = {},
): Promise<SandboxProcess> {
  const started = performance.now();
  const crm = options.crm ?? 'salesforce';
  const args = [
    '--conditions=@crm-journey/source',
    '--disable-warning=ExperimentalWarning',
    CLI,
    'sandbox',
    '--crm',
    crm,
    '--customers',
    String(customers),
    '--port',
    '0',
    ...(crm === 'salesforce' ? ['--token', TOKEN] : ['--user', USER, '--password', PASSWORD]),
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('error', reject);
    child.once('exit', (code) => {
      reject(new Error(`crm-journey sandbox exited (${String(code)}) before it printed its URL.`));
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const url = / at (http:\/\/\S+)/.exec(output)?.[1];
      if (url === undefined) return;
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolve({
        url,
        accessToken: TOKEN,
        username: USER,
        password: PASSWORD,
        startSeconds: (performance.now() - started) / 1000,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
