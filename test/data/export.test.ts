// Tests for exports: RFC 4180 quoting, spreadsheet formula disarming that leaves numbers alone,
// coordinates with labels, .npy activations, and safe file names.
import { describe, expect, it } from 'vitest';
import { activationsToNpy, coordinatesToCsv, safeFileName, shortestFloat32, toCsv } from '../../src/data/export';
import { asMatrix } from '../../src/data/types';
import { readNpyFloat32 } from '../../src/data/npy';
import { parsePromptFile } from '../../src/data/promptFile';

describe('toCsv', () => {
  it('quotes fields with commas, quotes and line breaks, doubling quotes, with CRLF line ends', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['two\nlines', 'plain']])).toBe('a,b\r\n"x,y","say ""hi"""\r\n"two\nlines",plain\r\n');
  });

  it('disarms text a spreadsheet would run as a formula', () => {
    const csv = toCsv(['v'], [['=SUM(A1:A9)'], ['+cmd'], ['-2+3'], ['@risk'], ['\tx'], ['safe']]);
    expect(csv).toBe("v\r\n'=SUM(A1:A9)\r\n'+cmd\r\n'-2+3\r\n'@risk\r\n'\tx\r\nsafe\r\n");
  });

  it('leaves numbers as numbers, whether numbers or numeric text', () => {
    expect(toCsv(['n', 's'], [[-1.5, '-1.5'], [1e-7, '+3'], [NaN, '-0.25e3'], [-Infinity, '12']])).toBe('n,s\r\n-1.5,-1.5\r\n1e-7,+3\r\nNaN,-0.25e3\r\n-inf,12\r\n');
  });

  it('keeps a row whose only cell is empty', () => {
    expect(toCsv(['a'], [[''], ['x']])).toBe('a\r\n""\r\nx\r\n');
  });

  it('refuses a row of the wrong width, saying which', () => {
    expect(() => toCsv(['a', 'b'], [['1', '2'], ['3']])).toThrow('CSV row 2 has 1 cell but the header has 2; give every row one cell per column');
  });
});

describe('coordinatesToCsv', () => {
  it('writes each prompt with its labels, pair fields and coordinates, floats in short form', () => {
    const rows = parsePromptFile('text,label,pair\n"a, b",=1+1,p\nc,x,p\n', 'x.csv', { labelColumns: ['label'] }).rows;
    const csv = coordinatesToCsv(rows, asMatrix(new Float32Array([0.1, -2, 3.5, 1e-8]), 2, 2), ['label']);
    expect(csv).toBe('index,line,text,label,pair,role,group,pc1,pc2\r\n0,2,"a, b",\'=1+1,p,,,0.1,-2\r\n1,3,c,x,p,,,3.5,1e-8\r\n');
  });

  it('refuses coordinates for a different number of prompts', () => {
    const rows = parsePromptFile('a\nb\n', 'x.txt').rows;
    expect(() => coordinatesToCsv(rows, asMatrix(new Float32Array(2), 1, 2), [])).toThrow('the projection has 1 points for 2 prompts; export the projection of the current dataset');
  });
});

describe('shortestFloat32', () => {
  it('gives the shortest decimal that reads back as the same float32', () => {
    for (const v of [0.1, 1 / 3, -2.5e-7, 123456.789, 3.4e38]) {
      const f = Math.fround(v);
      const s = shortestFloat32(f);
      expect(Math.fround(s)).toBe(f);
      expect(String(s).replace(/^-|\.|e.*$/g, '').replace(/^0+/, '').length).toBeLessThanOrEqual(9);
    }
    expect(shortestFloat32(Math.fround(0.1))).toBe(0.1);
  });
});

describe('activationsToNpy', () => {
  it('writes a float32 .npy that numpy reads as prompts × width', () => {
    const m = asMatrix(new Float32Array([1, 2, 3, 4, 5, 6]), 2, 3);
    const back = readNpyFloat32(activationsToNpy(m));
    expect(back.shape).toEqual([2, 3]);
    expect(Array.from(back.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('safeFileName', () => {
  it('removes path separators, reserved and control characters', () => {
    expect(safeFileName('../secret/<set>:1?.csv', 'csv')).toBe('_secret_set_1_.csv.csv');
    expect(safeFileName('a\u0000b\u001fc', 'npy')).toBe('a_b_c.npy');
    expect(safeFileName('  ..  ', 'json')).toBe('repscope.json');
    expect(safeFileName('x'.repeat(300), 'csv')).toBe(`${'x'.repeat(100)}.csv`);
  });
});
