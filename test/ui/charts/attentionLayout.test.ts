import { describe, expect, it } from 'vitest';
import { interpolateViridis } from 'd3';
import { attentionCellText, attentionCsv, headPattern, headStatsRows, layoutAttention } from '../../../src/ui/charts/attentionLayout';
import { attentionResult } from './causalSynthetic';

describe('attention pattern layout', () => {
  it("reads one head's query × key matrix out of the layer's data", () => {
    const { pos, values } = headPattern(attentionResult, 0, 1);
    expect(pos).toBe(4);
    expect(values[1 * 4 + 0]).toBeCloseTo(0.8);
    expect(values[3 * 4 + 0]).toBeCloseTo(0.8);
    expect(headPattern(attentionResult, 1, 0).values[2 * 4 + 2]).toBeCloseTo(0.7);
  });

  it('draws the lower triangle only, leaving keys after the query blank', () => {
    const g = layoutAttention(attentionResult, 0, 0, 400, 400);
    expect(g.cells.length).toBe(10);
    expect(g.cells.every((c) => c.col <= c.row)).toBe(true);
    expect(g.cellW).toBe(g.cellH);
    const prev = g.cells.find((c) => c.row === 2 && c.col === 1)!;
    expect(prev.fill).toBe(interpolateViridis(Math.fround(0.9)));
    expect(g.cells.find((c) => c.row === 0 && c.col === 0)!.fill).toBe(interpolateViridis(1));
    expect(g.rowLabels.map((l) => l.label)).toEqual(['<s>', 'cat', 'sat', 'down']);
    expect(g.colLabels.map((l) => l.label)).toEqual(['<s>', 'cat', 'sat', 'down']);
  });

  it('rejects a head or layer that the result does not have', () => {
    expect(() => headPattern(attentionResult, 0, 2)).toThrow(/layer 0 has heads 0–1, not 2/);
    expect(() => headPattern(attentionResult, 5, 0)).toThrow(/no layer at index 5/);
  });

  it('describes a cell by query and key', () => {
    expect(attentionCellText(attentionResult, 0, 0, 3, 2)).toBe('query 3 down → key 2 sat: 0.900');
  });

  it('exports the pattern with blanks where keys are masked', () => {
    const rows = attentionCsv(attentionResult, 0, 1).trim().split('\r\n');
    expect(rows[0]).toBe('query \\ key,0:<s>,1:cat,2:sat,3:down');
    expect(rows[1]).toBe('0:<s>,1,,,');
    expect(rows[2].split(',').slice(3)).toEqual(['', '']);
  });
});

describe('head statistics', () => {
  it('gives one row per layer and head with its summaries', () => {
    const rows = headStatsRows(attentionResult);
    expect(rows.map((r) => [r.layer, r.head])).toEqual([[0, 0], [0, 1], [2, 0], [2, 1]]);
    expect(rows[0]).toMatchObject({ layerIndex: 0, prevToken: 0.9, bos: 0.05, self: 0.03, entropy: 0.4 });
    expect(rows[3]).toMatchObject({ layerIndex: 1, prevToken: 0.6, entropy: 1.1 });
  });

  it('leaves statistics missing from the result as NaN', () => {
    const rows = headStatsRows({ ...attentionResult, stats: attentionResult.stats.slice(0, 1) });
    expect(Number.isNaN(rows[2].prevToken)).toBe(true);
  });
});
