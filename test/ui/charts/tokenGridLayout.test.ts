import { describe, expect, it } from 'vitest';
import { interpolateViridis } from 'd3';
import { linearColourKey, logColourKey } from '../../../src/ui/charts/colourKeyLayout';
import { clip, layoutTokenGrid, MAX_LABEL } from '../../../src/ui/charts/tokenGridLayout';

const fills = (n: number, blank: (i: number) => boolean = () => false) => Array.from({ length: n }, (_, i) => (blank(i) ? null : interpolateViridis(i / n)));

describe('layoutTokenGrid', () => {
  it('draws one cell per non-blank fill, row-major, inside the box', () => {
    const g = layoutTokenGrid({ rowLabels: ['0', '1'], colLabels: ['a', 'b', 'c'], fills: fills(6, (i) => i === 4), key: null, width: 300, height: 120 });
    expect(g.cells.map((c) => [c.row, c.col])).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 2]]);
    const c = g.cells[4];
    expect(c.x).toBe(g.grid.left + 2 * g.cellW);
    expect(c.y).toBe(g.grid.top + g.cellH);
    expect(c.fill).toBe(interpolateViridis(5 / 6));
    expect(g.grid.left + g.grid.width).toBeLessThanOrEqual(300);
    expect(g.grid.top + g.grid.height).toBeLessThanOrEqual(120);
  });

  it('keeps cells within the largest size and makes them square when asked', () => {
    const wide = layoutTokenGrid({ rowLabels: ['0'], colLabels: ['a'], fills: fills(1), key: null, width: 800, height: 600, maxCell: [60, 30] });
    expect([wide.cellW, wide.cellH]).toEqual([60, 30]);
    const sq = layoutTokenGrid({ rowLabels: ['0', '1'], colLabels: ['a', 'b', 'c', 'd'], fills: fills(8), key: null, width: 400, height: 100, square: true, maxCell: [80, 80] });
    expect(sq.cellW).toBe(sq.cellH);
  });

  it('writes column labels across when they fit and slants them when they would overlap', () => {
    const short = layoutTokenGrid({ rowLabels: ['0'], colLabels: ['a', 'b'], fills: fills(2), key: null, width: 300, height: 100 });
    expect(short.colAngle).toBe(0);
    const long = layoutTokenGrid({ rowLabels: ['0'], colLabels: Array(12).fill('antidisestablishment'), fills: fills(12), key: null, width: 300, height: 200 });
    expect(long.colAngle).toBe(-45);
    expect(long.colLabels.length).toBe(12);
    expect([...long.colLabels[0].label].length).toBe(MAX_LABEL);
    expect(long.colLabels[0].label.endsWith('…')).toBe(true);
  });

  it('prints as many text lines as the cell height allows, cut to its width', () => {
    const texts = [['Paris', '62%']];
    const tall = layoutTokenGrid({ rowLabels: ['0'], colLabels: ['a'], fills: fills(1), texts, key: null, width: 200, height: 200, maxCell: [60, 34] });
    expect(tall.cells[0].text).toEqual(['Paris', '62%']);
    const low = layoutTokenGrid({ rowLabels: ['0'], colLabels: ['a'], fills: fills(1), texts, key: null, width: 200, height: 200, maxCell: [60, 18] });
    expect(low.cells[0].text).toEqual(['Paris']);
    const narrow = layoutTokenGrid({ rowLabels: ['0'], colLabels: ['a'], fills: fills(1), texts: [['Constantinople']], key: null, width: 200, height: 200, maxCell: [40, 18] });
    expect(narrow.cells[0].text).toEqual(['Const…']);
    const tiny = layoutTokenGrid({ rowLabels: ['0'], colLabels: ['a'], fills: fills(1), texts, key: null, width: 200, height: 200, maxCell: [60, 8] });
    expect(tiny.cells[0].text).toEqual([]);
  });

  it('picks black or white text for each fill', () => {
    const g = layoutTokenGrid({ rowLabels: ['0'], colLabels: ['a', 'b'], fills: [interpolateViridis(0), interpolateViridis(1)], key: null, width: 200, height: 80 });
    expect(g.cells.map((c) => c.textColor)).toEqual(['#ffffff', '#000000']);
  });

  it('places the colour key right of the grid with ticks along its height', () => {
    const key = linearColourKey('p', [0, 1], interpolateViridis, 4);
    const g = layoutTokenGrid({ rowLabels: ['0', '1', '2'], colLabels: ['a', 'b'], fills: fills(6), key, width: 400, height: 300 });
    expect(g.key!.x).toBeGreaterThan(g.grid.left + g.grid.width);
    const ends = g.key!.ticks.map((t, i) => [t.label, g.key!.tickPos[i]]);
    expect(ends[0]).toEqual(['0.0', g.key!.y + g.key!.height]);
    expect(ends[ends.length - 1]).toEqual(['1.0', g.key!.y]);
  });

  it('rejects fills that do not match rows × cols', () => {
    expect(() => layoutTokenGrid({ rowLabels: ['0'], colLabels: ['a', 'b'], fills: fills(3), key: null, width: 100, height: 100 })).toThrow(/3 fills for 1×2 cells/);
  });

  it('clips strings by characters and marks the cut', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
    expect(clip('abc', 0)).toBe('');
  });
});

describe('colour keys', () => {
  it('runs a linear key from the top of the domain at offset 0 to the bottom at offset 1', () => {
    const k = linearColourKey('attention', [0, 1], interpolateViridis, 4);
    expect(k.stops[0].color).toBe(interpolateViridis(1));
    expect(k.stops[10].color).toBe(interpolateViridis(0));
    expect(k.ticks.map((t) => t.at)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('puts ticks of a log key at the powers of ten, rank 1 at the top', () => {
    const k = logColourKey('rank', 1, 5000, (v) => (v < 2 ? 'top' : 'low'));
    expect(k.ticks.map((t) => t.label)).toEqual(['1', '10', '100', '1k']);
    expect(k.ticks[0].at).toBeCloseTo(1);
    expect(k.ticks[3].at).toBeCloseTo(1 - 3 / Math.log10(5000));
    expect(k.stops[0].color).toBe('top');
    expect(k.stops[10].color).toBe('low');
  });
});
