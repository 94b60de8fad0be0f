import { pino, type Logger } from 'pino';
import { createRequire } from 'node:module';
import type { prettyFactory as PrettyFactory } from 'pino-pretty';
import { scrubLine, SecretSet } from './scrub-secrets.ts';

/** Where log lines go: a stream, or a CLI context's stdout/stderr. */
export interface LogOutput {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  readonly output: LogOutput;
  /** `json`: one JSON object a line (services, CI); `pretty`: coloured human lines (`--verbose`, terminals). */
  readonly format: 'json' | 'pretty';
  readonly level: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Secrets to censor wherever they appear; more can be added later through the returned set. */
  readonly secrets?: readonly (string | undefined)[];
}

/** A logger and the set of secrets its output is censored against. */
export interface CrmJourneyLogger {
  readonly logger: Logger;
  readonly secrets: SecretSet;
}

// Keys that hold credentials wherever they appear (one level deep, and the request headers fastify logs).
const SECRET_KEYS = [
  'password',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'clientSecret',
  'client_secret',
  'privateKey',
  'token',
  'authorization',
];

/** The pino `redact` paths: every secret key at the top level, one level down, and in request headers. */
const REDACT_PATHS: readonly string[] = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

/**
 * Creates the pino logger of a command. Secret keys are redacted by path, and every line is also
 * scrubbed of the known secrets (tokens, passwords) and of recognisable credentials (bearer headers,
 * session ids, JWTs, private keys) before it is written, so a secret inside a message or an error's
 * text never reaches the log either.
 *
 * @example
 * const { logger } = createLogger({ output: process.stdout, format: 'json', level: 'info', secrets: [token] });
 */
export function createLogger(options: CreateLoggerOptions): CrmJourneyLogger {
  const secrets = new SecretSet();
  secrets.add(...(options.secrets ?? []));
  const pretty =
    options.format === 'pretty'
      ? // Loaded only for pretty lines (a terminal, --verbose): a service logging JSON does without its modules.
        (createRequire(import.meta.url)('pino-pretty') as { prettyFactory: typeof PrettyFactory }).prettyFactory({
          colorize: options.output.isTTY === true,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname',
        })
      : undefined;
  const destination = {
    write: (line: string): void => {
      const clean = scrubLine(line, secrets);
      options.output.write(pretty ? pretty(clean) : clean);
    },
  };
  const logger = pino(
    {
      level: options.level,
      base: { pid: process.pid },
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return { logger, secrets };
}

/**
 * The log format and level of a command: `--verbose` gives human lines at debug level; otherwise
 * JSON lines when the output is not a terminal (or `json` is forced, as `serve` does), and only
 * warnings and errors, readable, on a terminal (so progress bars and tables stay clean).
 */
export function loggerSettings(
  output: LogOutput,
  verbose: boolean,
  forceJson = false,
): Pick<CreateLoggerOptions, 'format' | 'level'> {
  if (verbose) return { format: 'pretty', level: 'debug' };
  if (forceJson || output.isTTY !== true) return { format: 'json', level: 'info' };
  return { format: 'pretty', level: 'warn' };
}
