import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { compileJourney } from '../engine/compile-journey.ts';
import { evaluateCustomer } from '../engine/evaluate-customer.ts';
import { explainCustomer } from '../engine/explain-customer.ts';
import { CHECKLIST_LOCALES, CHECKLIST_TEXT_LIMIT } from '../engine/checklist-phrases.ts';
import { CHECKLIST_ITEM_LIMIT, CHECKLIST_RECORD_LIMIT } from '../engine/condition-checklist.ts';
import { STAGE_AIDS_JSON_LIMIT } from '../engine/stage-aids.ts';
import { validateJourney } from '../journey/validate-journey.ts';
import { groupCustomers } from './group-customers.ts';
import { parseSnapshot } from './parse-snapshot.ts';

const bundled = ['salesforce-b2b', 'salesforce-b2c', 'sugarcrm-b2b'] as const;
// A fixed clock after every record's creation (explain reads all records; the engine hides later ones).
const asOf = Date.parse('2027-01-15T00:00:00Z');

describe.each(bundled)('advance checklists on the bundled %s snapshot', (name) => {
  const root = inject('repoRoot');
  const { journey } = validateJourney(readFileSync(join(root, 'journeys', `${name}.yaml`), 'utf8'), `${name}.yaml`);
  if (!journey) throw new Error(`journeys/${name}.yaml does not validate`);
  const compiled = compileJourney(journey);
  const snapshot = parseSnapshot(
    readFileSync(join(root, 'fixtures', 'snapshots', `${name}.json`), 'utf8'),
    `${name}.json`,
    journey.profile,
  );
  const { customers } = groupCustomers(journey, snapshot);

  it('agrees, item by item, with explain for every customer', () => {
    expect(customers.length).toBeGreaterThan(5);
    let items = 0;
    let unmetWithHint = 0;
    for (const set of customers) {
      const input = { customer: set.customer, records: set.records, changes: set.changes, asOf };
      const state = evaluateCustomer(compiled, input);
      const explanation = explainCustomer(compiled, input, state);
      const index = state.stage === null ? -1 : journey.stages.findIndex((stage) => stage.id === state.stage);
      const next = journey.stages[index + 1];
      const checklists = state.checklists ?? [];
      expect(checklists.filter((c) => c.kind === 'advance').map((c) => c.stage)).toEqual(next ? [next.id] : []);
      for (const checklist of checklists) {
        const rule = explanation.rules.find((r) =>
          checklist.kind === 'advance'
            ? r.kind === 'stage' && r.id === checklist.stage
            : r.kind === 'move' && r.id === checklist.move?.id,
        );
        if (!rule) throw new Error(`no explained rule for ${checklist.kind} ${checklist.stage}`);
        expect(checklist.met, `${set.customer.id} ${checklist.stage}`).toBe(rule.holds);
        expect(checklist.items.length).toBe(Math.min(rule.conditions.length, CHECKLIST_ITEM_LIMIT));
        checklist.items.forEach((item, i) => {
          const trace = rule.conditions[i];
          if (!trace) throw new Error('missing trace');
          items++;
          expect(item.path).toBe(trace.path);
          expect(item.object).toBe(trace.object);
          // Negated items (under `not`) flip the trace's verdict; the bundled journeys have none.
          expect(item.met, `${set.customer.id} ${item.path}`).toBe(trace.holds);
          expect(item.matched).toBe(trace.matchedRecords.length);
          for (const id of item.records) expect(trace.matchedRecords).toContain(id);
          expect(item.records.length).toBeLessThanOrEqual(CHECKLIST_RECORD_LIMIT);
          if (item.met && trace.matchedRecords.length > 0 && !item.text.en.startsWith('no '))
            expect(item.records.length).toBe(Math.min(CHECKLIST_RECORD_LIMIT, trace.matchedRecords.length));
          if (!item.met) {
            expect(item.hint, `${set.customer.id} ${item.path}`).not.toBeNull();
            unmetWithHint++;
          } else expect(item.hint).toBeNull();
          for (const locale of CHECKLIST_LOCALES) {
            expect(item.text[locale].length).toBeGreaterThan(0);
            expect(item.text[locale].length).toBeLessThanOrEqual(CHECKLIST_TEXT_LIMIT);
          }
        });
        // Mode `all`: the stage holds exactly when every item does; `any`: when one does.
        const metItems = checklist.items.filter((item) => item.met).length;
        expect(checklist.met).toBe(checklist.mode === 'all' ? metItems === checklist.items.length : metItems > 0);
      }
      expect(JSON.stringify({ checklists, keyFields: state.keyFields }).length).toBeLessThanOrEqual(
        STAGE_AIDS_JSON_LIMIT,
      );
    }
    expect(items).toBeGreaterThan(customers.length / 2);
    expect(unmetWithHint).toBeGreaterThan(0);
  });
});
