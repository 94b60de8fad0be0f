import { DAY_MS, formatDate } from '../records/field-values.ts';

/** Adds business days (Monday to Friday, UTC) to a day. */
function addBusinessDays(ms: number, days: number): number {
  let day = Math.floor(ms / DAY_MS) * DAY_MS;
  let left = days;
  // 1970-01-01 was a Thursday: (days + 4) % 7 is the weekday, 0 = Sunday.
  let weekday = (((Math.floor(day / DAY_MS) + 4) % 7) + 7) % 7;
  while (left > 0) {
    day += DAY_MS;
    weekday = (weekday + 1) % 7;
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return day;
}

/**
 * The due date (`YYYY-MM-DD`) of an action: calendar or business days after an anchor instant.
 *
 * @example
 * dueDate(Date.parse('2026-11-20'), { businessDays: 2 }); // '2026-11-24' (Friday + 2 business days)
 */
export function dueDate(
  anchor: number,
  rule: { readonly days?: number | undefined; readonly businessDays?: number | undefined },
): string {
  let at = anchor;
  if (rule.businessDays !== undefined) at = addBusinessDays(at, rule.businessDays);
  if (rule.days !== undefined) at += rule.days * DAY_MS;
  return formatDate(at);
}
