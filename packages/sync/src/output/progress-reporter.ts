import type { ReadProgress } from '@crm-journey/connector';

/** Something to write progress to: a TTY gets a redrawn bar, anything else periodic lines. */
export interface ProgressOutput {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}

/**
 * A progress reporter for long reads: customers done / total, rate and ETA, redrawn at most ten
 * times a second on a TTY, or one plain line every `intervalMs` otherwise (CI logs, services).
 */
export function progressReporter(
  output: ProgressOutput,
  intervalMs = 5000,
): { update: (progress: ReadProgress) => void; done: () => void } {
  const started = Date.now();
  let last = 0;
  let drawn = false;
  const line = (progress: ReadProgress): string => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const rate = progress.customers / seconds;
    const total = progress.total;
    const eta = total === undefined || rate === 0 ? '' : `  ETA ${formatDuration((total - progress.customers) / rate)}`;
    const count =
      total === undefined
        ? `${progress.customers.toLocaleString('en-US')} customers`
        : `${progress.customers.toLocaleString('en-US')}/${total.toLocaleString('en-US')} customers`;
    const bar =
      total === undefined || total === 0
        ? ''
        : `[${'#'.repeat(Math.round((20 * progress.customers) / total)).padEnd(20, '.')}] `;
    return `${bar}${count}  ${Math.round(rate).toLocaleString('en-US')}/s${eta}  ${progress.apiCalls.toLocaleString('en-US')} API calls`;
  };
  return {
    update: (progress) => {
      const now = Date.now();
      if (output.isTTY === true) {
        if (now - last < 100) return;
        output.write(`\r\u001b[2K${line(progress)}`);
        drawn = true;
      } else {
        if (now - last < intervalMs) return;
        output.write(`progress: ${line(progress)}\n`);
      }
      last = now;
    },
    done: () => {
      if (drawn) output.write('\r\u001b[2K');
    },
  };
}
