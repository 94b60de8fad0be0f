// The last guard before a query is built: names that skipped journey validation still never reach
// SOQL or a Sugar filter (the journey path refuses them first; see packages/sync/test/link-injection.test.ts).
import { describe, expect, it } from 'vitest';
import { isConnectorError } from '../src/errors/connector-error.ts';
import { assertIdentifiers } from '../src/profiles/crm-identifier.ts';
import { streamSoql } from '../src/salesforce/read-plan.ts';
import type { SugarClient } from '../src/sugarcrm/sugar-client.ts';
import { filterPages } from '../src/sugarcrm/sugar-filter-pages.ts';

const HOSTILE = ["AccountId FROM Account WHERE Name != ''--", 'Id)', "Name'", 'Account Id', 'a.b c', '', 'Ѕtatus'];

describe('the guard before a query is built', () => {
  it.each(HOSTILE)('streamSoql refuses %j as a key field or object', (name) => {
    const stream = { object: 'Case', fields: ['Id'], where: [], keyField: name, role: 'member' } as const;
    expect(() => streamSoql(stream)).toThrow(/Refusing to query with/);
    expect(() => streamSoql({ ...stream, keyField: 'AccountId', object: name })).toThrow(/as an object name/);
  });

  it.each(HOSTILE)('a Sugar filter query with %j as a module or field never reaches the client', async (name) => {
    const client = {
      request: () => {
        throw new Error('the request was sent');
      },
    } as unknown as SugarClient;
    const read = async (query: Parameters<typeof filterPages>[1]): Promise<unknown> => {
      for await (const page of filterPages(client, query, 10)) return page;
      return undefined;
    };
    await expect(read({ module: 'Cases', filter: [{ [name]: { $in: ['x'] } }] })).rejects.toThrow(/Refusing to query/);
    await expect(read({ module: name, filter: [] })).rejects.toThrow(/Refusing to query/);
  });

  it('throws a ConnectorError with the fix', () => {
    try {
      assertIdentifiers('salesforce', 'field', ['Id; DELETE']);
      expect.unreachable();
    } catch (error) {
      expect(isConnectorError(error, 'JOURNEY_INVALID')).toBe(true);
      expect((error as { actions: string[] }).actions[0]).toMatch(/API name from Setup/);
    }
  });
});
