import type { ReadCustomer } from '@crm-journey/connector';
import { expect } from 'vitest';

/**
 * Drains a read, checking that no customer comes twice, and gives each customer's id with what was read
 * for it as JSON (its records unless `content` says otherwise), to compare two reads.
 */
export async function readEachOnce(
  reader: AsyncGenerator<ReadCustomer>,
  content: (read: ReadCustomer) => unknown = (read) => read.records,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const read of reader) {
    expect(out.has(read.customer.id)).toBe(false);
    out.set(read.customer.id, JSON.stringify(content(read)));
  }
  return out;
}
