// Property tests for the CSV/TSV reader: any table written by toCsv (or by hand with RFC 4180 quoting)
// reads back to the same cells, with each record's starting line counted correctly.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDelimited } from '../../src/data/promptFileDelimited';
import { ErrorList, WarningList } from '../../src/data/promptFileTypes';
import { toCsv } from '../../src/data/export';

const read = (text: string, delimiter: ',' | '\t' = ',') => {
  const errors = new ErrorList();
  const table = parseDelimited(text, delimiter, errors, new WarningList(), Infinity);
  return { ...table, errors: errors.list };
};

/** RFC 4180 writing with a chosen line end, independent of the code under test. */
function writeTable(rows: string[][], delimiter: string, eol: string): string {
  const quote = (s: string): string => (/[",\t\r\n]/.test(s) || s.trim() === '' ? `"${s.replace(/"/g, '""')}"` : s);
  return rows.map((r) => r.map(quote).join(delimiter)).join(eol) + eol;
}

const cell = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r\n', '\t', 'é', '🙂', '=', '-'), maxLength: 8 });
const table = fc.integer({ min: 1, max: 5 }).chain((width) =>
  fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 }));

describe('parseDelimited', () => {
  it('reads back any table written with RFC 4180 quoting, LF or CRLF, comma or tab', () => {
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n'), fc.constantFrom(',', '\t') as fc.Arbitrary<',' | '\t'>, (rows, eol, delimiter) => {
        const header = rows[0].map((_, k) => `c${k}`);
        const parsed = read(writeTable([header, ...rows], delimiter, eol), delimiter);
        expect(parsed.errors).toEqual([]);
        expect(parsed.columns).toEqual(header);
        // Line breaks inside cells come back as LF whatever the file used.
        expect(parsed.records.map((r) => r.values)).toEqual(rows.map((r) => r.map((c) => c.replace(/\r\n/g, '\n'))));
      }),
      { numRuns: 300 },
    );
  });

  it('counts the starting line of each record across multi-line cells', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const text = writeTable([rows[0].map((_, k) => `c${k}`), ...rows], ',', '\r\n');
        let line = 2;
        const expected = rows.map((r) => {
          const start = line;
          line += 1 + r.join('').split('\n').length - 1;
          return start;
        });
        expect(read(text).records.map((r) => r.line)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('reads back what toCsv writes, apart from the apostrophe that disarms formulas', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const header = rows[0].map((_, k) => `c${k}`);
        const parsed = read(toCsv(header, rows));
        // The cell alphabet has no digits, so no cell is a plain number and every formula-like one is disarmed.
        const disarmed = rows.map((r) => r.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c).replace(/\r\n/g, '\n')));
        expect(parsed.records.map((r) => r.values)).toEqual(disarmed);
      }),
      { numRuns: 300 },
    );
  });

  it('treats a lone CR as a line end', () => {
    const parsed = read('text,label\ra,1\rb,2');
    expect(parsed.records).toEqual([{ line: 2, values: ['a', '1'] }, { line: 3, values: ['b', '2'] }]);
  });

  it('reads a trailing delimiter as one more empty field', () => {
    expect(read('a,b\n1,\n').records).toEqual([{ line: 2, values: ['1', ''] }]);
  });
});
