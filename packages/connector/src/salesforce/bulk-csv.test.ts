import { describe, expect, it } from 'vitest';
import { createCsvRowReader, csvRecords, formatCsv, parseCsv } from './bulk-csv.ts';

const SAMPLE =
  'Id,Name,Description,Opportunity.AccountId,Amount\r\n' +
  '001A,"Kowalski, sp. z o.o.","He said ""yes""\nthen left",001X,12.5\r\n' +
  '001B,ООО «Северный ветер»,,,\n' +
  '001C,شرکت,"",001Z,7\n';

describe('Bulk API 2.0 CSV', () => {
  it('parses quoted fields, doubled quotes, line breaks in quotes, CRLF and empty cells', () => {
    expect(parseCsv(SAMPLE)).toEqual([
      ['Id', 'Name', 'Description', 'Opportunity.AccountId', 'Amount'],
      ['001A', 'Kowalski, sp. z o.o.', 'He said "yes"\nthen left', '001X', '12.5'],
      ['001B', 'ООО «Северный ветер»', '', '', ''],
      ['001C', 'شرکت', '', '001Z', '7'],
    ]);
    expect(parseCsv('a,b\n1,')).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
  });

  it('gives the same rows however the text is cut into chunks', () => {
    const whole = parseCsv(SAMPLE);
    for (let size = 1; size <= 7; size++) {
      const reader = createCsvRowReader();
      const rows: string[][] = [];
      for (let i = 0; i < SAMPLE.length; i += size) rows.push(...reader.push(SAMPLE.slice(i, i + size)));
      rows.push(...reader.end());
      expect({ size, rows }).toEqual({ size, rows: whole });
    }
  });

  it('types values by describe type and nests relationship columns', () => {
    const types = new Map([
      ['Amount', 'currency'],
      ['Id', 'id'],
    ]);
    expect(csvRecords(SAMPLE, types)[0]).toEqual({
      Id: '001A',
      Name: 'Kowalski, sp. z o.o.',
      Description: 'He said "yes"\nthen left',
      Opportunity: { AccountId: '001X' },
      Amount: 12.5,
    });
  });

  it('formats an upload that parses back to the same cells', () => {
    const records = [
      { A: 'x,y', B: 'say "hi"', C: null },
      { A: 'line\nbreak', B: 3, C: true },
    ];
    expect(parseCsv(formatCsv(['A', 'B', 'C'], records))).toEqual([
      ['A', 'B', 'C'],
      ['x,y', 'say "hi"', ''],
      ['line\nbreak', '3', 'true'],
    ]);
  });
});
