import { describe, expect, it } from 'vitest';
import { chartBodySize, FRAME, formatValue, paddedDomain, plotRect, thinTicks } from '../../../src/ui/charts/scales';
import { toCsv } from '../../../src/ui/charts/csv';
import { snippet } from '../../../src/ui/charts/snippet';
import { easeInOut, lerpPixels } from '../../../src/ui/charts/useTweenedPixels';
import { layerAxis, layerLabels, legendRows } from '../../../src/ui/charts/layerAxis';

describe('layout helpers', () => {
  it('pads a domain by a fraction of its span and ignores non-finite values', () => {
    expect(paddedDomain([0, 10, NaN, Infinity], 0.1)).toEqual([-1, 11]);
    expect(paddedDomain([1, 100, 3, 200], 0, 2, 1)).toEqual([100, 200]);
    expect(paddedDomain([], 0.1)).toEqual([0, 1]);
    expect(paddedDomain([4, 4], 0.1)).toEqual([3.5, 4.5]);
  });

  it('never gives a negative plot size', () => {
    expect(plotRect(10, 10, { top: 20, right: 20, bottom: 20, left: 20 })).toEqual({ left: 20, top: 20, width: 0, height: 0 });
  });

  it('leaves the chart body as the outer box minus the frame\'s chrome', () => {
    const b = chartBodySize(600, 400);
    expect(b.width + 2 * (FRAME.border + FRAME.padX)).toBe(600);
    expect(b.height + 2 * (FRAME.border + FRAME.padY) + FRAME.header + FRAME.readout).toBe(400);
  });

  it('thins ticks so that labels keep their distance', () => {
    const ticks = Array.from({ length: 48 }, (_, i) => ({ pos: i * 10 }));
    const kept = thinTicks(ticks, 25);
    expect(kept.length).toBe(16);
    expect(kept[1].pos - kept[0].pos).toBeGreaterThanOrEqual(25);
  });

  it('formats readout numbers with three decimals or three significant digits', () => {
    expect(formatValue(0.91234)).toBe('0.912');
    expect(formatValue(-0.5)).toBe('-0.500');
    expect(formatValue(1234.5)).toBe('1.23k');
    expect(formatValue(null)).toBe('–');
    expect(formatValue(NaN)).toBe('–');
  });
});

describe('the layer axis', () => {
  const plot = { left: 40, top: 0, width: 480, height: 100 };

  it('puts layers in equal columns whose centres step evenly across the plot', () => {
    const { columns } = layerAxis(layerLabels(12), plot);
    const step = columns[1].cx - columns[0].cx;
    columns.forEach((c, i) => {
      expect(c.cx).toBeCloseTo(columns[0].cx + i * step, 9);
      expect(c.x + c.width / 2).toBeCloseTo(c.cx, 9);
    });
    expect(columns[0].x).toBeGreaterThan(plot.left);
    expect(columns[11].x + columns[11].width).toBeLessThan(plot.left + plot.width);
  });

  it('labels every layer when there is room and every k-th when there is not', () => {
    expect(layerAxis(layerLabels(12), plot).ticks.length).toBe(12);
    const many = layerAxis(layerLabels(48), plot).ticks;
    expect(many.length).toBeLessThan(48);
    expect(many[1].pos - many[0].pos).toBeGreaterThanOrEqual(28);
  });

  it('names layers, with the embedding first when asked', () => {
    expect(layerLabels(3)).toEqual(['0', '1', '2']);
    expect(layerLabels(3, true)).toEqual(['embed', '0', '1']);
  });

  it('wraps legend entries onto new rows when the width runs out', () => {
    expect(legendRows(['a', 'bb'], 500)).toEqual([{ x: 0, row: 0 }, { x: 40.2, row: 0 }]);
    const wrapped = legendRows(['mean difference', 'PCA of differences', 'probe weights'], 270);
    expect(wrapped.map((p) => p.row)).toEqual([0, 0, 1]);
    expect(wrapped[2].x).toBe(0);
  });
});

describe('toCsv', () => {
  it('quotes cells with commas, quotes, newlines or edge spaces and empties missing numbers', () => {
    const csv = toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['line\nbreak', ' pad'], [1.5, NaN], [null, undefined], [true, 0]]);
    expect(csv).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak"," pad"\r\n1.5,\r\n,\r\ntrue,0\r\n');
  });
});

describe('snippet', () => {
  it('keeps a short prompt whole and splits it around the read token', () => {
    expect(snippet('The cat sat', [4, 7])).toEqual({ before: 'The ', mark: 'cat', after: ' sat', cutStart: false, cutEnd: false });
  });

  it('cuts a long prompt but keeps the read token and more context before it than after', () => {
    const text = 'a'.repeat(500) + 'TOKEN' + 'b'.repeat(500);
    const s = snippet(text, [500, 505], 100);
    expect(s.mark).toBe('TOKEN');
    expect(s.before.length + s.mark.length + s.after.length).toBe(100);
    expect(s.before.length).toBeGreaterThan(s.after.length);
    expect(s.cutStart && s.cutEnd).toBe(true);
  });

  it('clamps a highlight that runs past the text and handles none', () => {
    expect(snippet('abc', [2, 99]).mark).toBe('c');
    expect(snippet('abc', null)).toMatchObject({ before: 'abc', mark: '', after: '' });
  });
});

describe('tweening between projections', () => {
  it('eases from 0 to 1 symmetrically', () => {
    expect(easeInOut(0)).toBe(0);
    expect(easeInOut(1)).toBe(1);
    expect(easeInOut(0.5)).toBeCloseTo(0.5, 12);
    expect(easeInOut(0.25) + easeInOut(0.75)).toBeCloseTo(1, 12);
  });

  it('interpolates positions and jumps where either end is missing', () => {
    const out = lerpPixels(new Float32Array([0, 10, NaN]), new Float32Array([10, 20, 5]), 0.5, new Float32Array(3));
    expect([...out]).toEqual([5, 15, 5]);
  });
});
