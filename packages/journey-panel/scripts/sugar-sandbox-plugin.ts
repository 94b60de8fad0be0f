// Serves a Sugar sandbox instance to the browser tests under the page's own origin, as Sugar serves its
// REST API beside the Sidecar client: `/sugar/rest/v11_23/...` is forwarded over loopback to the sandbox
// the user-facing command starts (`crm-journey sandbox --crm sugarcrm`), run as a child process on the
// first request and stopped with the dev server. The panel's locale scripts, which the package installs
// as files under custom/include/javascript/, are served as Sugar's web server serves them.
import { spawn, type ChildProcess } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { panelLocaleScripts } from '../node/panel-locale-scripts.ts';

/** The path the browser tests reach the Sugar sandbox under. */
const SUGAR_SANDBOX_PATH = '/sugar';

const cli = fileURLToPath(new URL('../../sync/bin/crm-journey.ts', import.meta.url));

interface RunningSandbox {
  readonly url: string;
  readonly child: ChildProcess;
}

function startSandbox(): Promise<RunningSandbox> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@crm-journey/source',
      '--disable-warning=ExperimentalWarning',
      cli,
      'sandbox',
      '--crm',
      'sugarcrm',
      '--customers',
      '0',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url !== undefined) resolve({ url, child });
    });
    child.once('exit', (code) => {
      reject(new Error(`the Sugar sandbox exited (${String(code)}): ${output}`));
    });
  });
}

async function body(request: IncomingMessage): Promise<Buffer | undefined> {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A Vite plugin forwarding `/sugar/*` to a Sugar sandbox on loopback, headers and body as sent.
 * @example plugins: [sugarSandboxPlugin()]
 */
export function sugarSandboxPlugin(): Plugin {
  let sandbox: Promise<RunningSandbox> | undefined;
  const stop = (): void => {
    void sandbox?.then(({ child }) => child.kill('SIGTERM'));
  };
  return {
    name: 'cj-sugar-sandbox',
    configureServer(server) {
      server.httpServer?.once('close', stop);
      process.once('exit', stop);
      const installed = new Map(
        Object.entries(panelLocaleScripts()).map(([file, text]) => [`/custom/include/javascript/${file}`, text]),
      );
      server.middlewares.use(SUGAR_SANDBOX_PATH, (request, response, next) => {
        const file = installed.get((request.url ?? '').replace(/\?.*$/, ''));
        if (file !== undefined) {
          response.setHeader('Content-Type', 'text/javascript');
          response.end(file);
          return;
        }
        sandbox ??= startSandbox();
        void (async () => {
          const running = await sandbox;
          const headers = new Headers();
          for (const [name, value] of Object.entries(request.headers)) {
            if (typeof value === 'string' && name !== 'host' && name !== 'connection') headers.set(name, value);
          }
          const payload = await body(request);
          const answer = await fetch(`${running.url}${request.url ?? '/'}`, {
            method: request.method ?? 'GET',
            headers,
            ...(payload === undefined ? {} : { body: payload }),
          });
          response.statusCode = answer.status;
          answer.headers.forEach((value, name) => {
            if (name !== 'content-encoding' && name !== 'content-length') response.setHeader(name, value);
          });
          response.end(Buffer.from(await answer.arrayBuffer()));
        })().catch(next);
      });
    },
  };
}
