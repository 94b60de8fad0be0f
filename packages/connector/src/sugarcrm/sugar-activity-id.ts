import { createHash } from 'node:crypto';

// A fixed namespace (RFC 9562 name-based ids): the same action key gives the same record id on every
// machine, which is what makes a second create of one action fail instead of adding a duplicate.
const NAMESPACE = Buffer.from('5b0f8f3e-5c1e-4f57-9a0c-6a1e2d3c4b5a'.replaceAll('-', ''), 'hex');

/**
 * The Sugar record id of the activity for an action key: a UUID version 5 (SHA-1, RFC 9562) of the key.
 * Sent as `id` on create, so Sugar refuses a second create of the same action ("Record already exists").
 *
 * @example
 * sugarActivityId('journey:acc-1:welcome-call'); // the same UUID everywhere, every time
 */
export function sugarActivityId(actionKey: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(actionKey, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
