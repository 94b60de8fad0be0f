/** How one readiness check came out: `unknown` when it could not be checked (never a pass in disguise). */
export type DoctorStatus = 'pass' | 'fail' | 'unknown';

/** One line of `crm-journey doctor`: what was checked, how it came out, and the fix. */
export interface DoctorItem {
  readonly id: string;
  readonly title: string;
  readonly status: DoctorStatus;
  readonly detail: string;
  readonly fix?: string;
}

/** The journey fields item: a pass saying where they are, or a failure naming the missing ones, with the fix. */
export function journeyFieldsItem(missing: readonly string[], where: string, fix: string): DoctorItem {
  const item = { id: 'journey-fields', title: 'Journey fields' } as const;
  return missing.length === 0
    ? { ...item, status: 'pass', detail: `on ${where}.` }
    : { ...item, status: 'fail', detail: `missing ${missing.join(', ')}.`, fix };
}

const MARKS: Readonly<Record<DoctorStatus, string>> = { pass: '✓', fail: '✗', unknown: '?' };

/** The human report: one mark per item, its detail, and the fix under each failure. */
export function formatDoctorReport(target: string, items: readonly DoctorItem[]): string {
  const lines = [`Readiness of ${target}:`, ''];
  for (const item of items) {
    lines.push(`${MARKS[item.status]} ${item.title}: ${item.detail}`);
    if (item.status !== 'pass' && item.fix !== undefined) lines.push(`    fix: ${item.fix}`);
  }
  const failed = items.filter((item) => item.status === 'fail').length;
  const unknown = items.filter((item) => item.status === 'unknown').length;
  lines.push(
    '',
    failed === 0
      ? `Ready: every checked item passes${unknown > 0 ? `; ${unknown} could not be checked (?)` : ''}.`
      : `Not ready: ${failed} item${failed === 1 ? '' : 's'} to fix${unknown > 0 ? `, ${unknown} could not be checked (?)` : ''}.`,
  );
  return `${lines.join('\n')}\n`;
}

/** The item for a check that threw: "could not check", with the reason. */
export function couldNotCheck(id: string, title: string, error: unknown, fix?: string): DoctorItem {
  const reason =
    error instanceof Error
      ? error.message
          .split('\n')
          .filter((line) => line.trim() !== '')
          .at(-1)
      : String(error);
  return {
    id,
    title,
    status: 'unknown',
    detail: `could not check: ${reason ?? 'no answer'}`,
    ...(fix === undefined ? {} : { fix }),
  };
}
