import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createPlanSpool, type PlannedChange } from './planned-changes.ts';

const spoolDirs = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith('crm-journey-plan-'));

// Names in several scripts (two- and four-byte UTF-8), long enough that lines cross the 64 KB reads.
const change = (index: number): PlannedChange => ({
  customer: { type: 'Account', id: `001${String(index).padStart(15, '0')}`, name: `شرکت ${index} «Северный» 🚀` },
  from: index % 3 === 0 ? null : 'awareness',
  to: 'engagement',
  tasks: Array.from({ length: index % 4 }, (_, task) => ({
    key: `cj:b2b:${index}:${task}`,
    type: 'call',
    subject: `Discovery call ${'x'.repeat(index % 97)}`,
    dueDate: task === 0 ? null : '2026-11-20',
  })),
});

describe('createPlanSpool', () => {
  it('gives back every entry, in order and byte for byte, from its file', () => {
    const spool = createPlanSpool();
    const changes = Array.from({ length: 5000 }, (_, index) => change(index));
    for (const entry of changes) spool.add(entry);
    expect(spool.length).toBe(5000);
    expect(spool.tasks).toBe(changes.reduce((n, entry) => n + entry.tasks.length, 0));
    expect([...spool]).toEqual(changes);
    expect(JSON.stringify(spool)).toBe(JSON.stringify(changes));
    // Twice: reading does not consume the plan.
    expect([...spool].length).toBe(5000);
    spool.dispose();
  });

  it('makes no file for an empty plan and removes its file when disposed of', () => {
    const before = spoolDirs().length;
    const empty = createPlanSpool();
    expect([...empty]).toEqual([]);
    expect(spoolDirs().length).toBe(before);
    const spool = createPlanSpool();
    spool.add(change(1));
    expect([...spool]).toEqual([change(1)]);
    const made = spoolDirs().filter((name) => existsSync(`${tmpdir()}/${name}/plan.ndjson`));
    expect(made.length).toBeGreaterThan(0);
    spool.dispose();
    empty.dispose();
    expect(spoolDirs().length).toBe(before);
    expect(() => [...spool]).toThrow(/disposed/);
  });
});
