// A sandbox org in a child process (`crm-journey sandbox`), so that a benchmark measures the memory of
// the connector alone and not of the org it reads.
import { spawn } from 'node:child_process';
import path from 'node:path';

/** A running sandbox child process. */
export interface SandboxProcess {
  readonly url: string;
  readonly accessToken: string;
  /** Seconds from spawn to the printed URL (generating and loading the org). */
  readonly startSeconds: number;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join('packages', 'sync', 'bin', 'crm-journey.ts');
const TOKEN = 'bench-token';

/**
 * Starts `crm-journey sandbox` with generated customers on a free port and waits for its URL.
 *
 * @example
 * const sandbox = await startSandboxProcess(100_000);
 * await sandbox.stop();
 */
export function startSandboxProcess(customers: number): Promise<SandboxProcess> {
  const started = performance.now();
  const args = [
    '--conditions=@crm-journey/source',
    '--disable-warning=ExperimentalWarning',
    CLI,
    'sandbox',
    '--customers',
    String(customers),
    '--port',
    '0',
    '--token',
    TOKEN,
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
        startSeconds: (performance.now() - started) / 1000,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
