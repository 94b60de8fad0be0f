// The watermark of a Sugar read: the instance's clock when the read starts, minus a margin, to the second.
// Sugar stamps `date_modified` to the second, so the next read asks for `date_modified $gte` it: an edit
// saved in the same second as our read, or committed late by a slow request, is read next time.
import { parseInstant } from '../records/field-values.ts';
import { ConnectorError, isConnectorError } from '../errors/connector-error.ts';
import type { SugarClient } from './sugar-client.ts';

/**
 * The instance's time (`GET /ping/whattimeisit`, ISO 8601 to the second, served by Sugar 7 and later), or
 * `now()` when the instance does not answer it (a proxy that blocks the path): the watermark then relies on
 * our clock agreeing with Sugar's within the margin. Auth and network errors are thrown, as for any call.
 */
export async function sugarServerTime(client: SugarClient, now: () => number): Promise<number> {
  try {
    const at = parseInstant(await client.request<unknown>('GET', 'ping/whattimeisit'));
    if (!Number.isNaN(at)) return at;
  } catch (error) {
    if (!isConnectorError(error, 'CRM_REQUEST_FAILED')) throw error;
  }
  return now();
}

/** The watermark for a read that started at `started` (epoch ms): `started - marginMs`, down to the second. */
export function sugarWatermark(started: number, marginMs: number): string {
  const second = Math.floor((started - marginMs) / 1000) * 1000;
  return `${new Date(second).toISOString().slice(0, 19)}+00:00`;
}

/** Checks a `since` passed back in: a date-time, as a previous read returned it; epoch ms. */
export function parseSugarSince(since: string): number {
  const at = parseInstant(since);
  if (Number.isNaN(at)) {
    throw new ConnectorError('INPUT_UNREADABLE', `The watermark "${since}" is not a date-time.`, {
      actions: ['Pass the watermark a previous read returned, or no watermark for a full read.'],
    });
  }
  return at;
}
