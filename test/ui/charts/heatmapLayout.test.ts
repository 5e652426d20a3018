import { describe, expect, it } from 'vitest';
import { interpolateRdBu, interpolateViridis, interpolateCividis } from 'd3';
import { cellLabel, heatColor, heatDomain, heatmapCsv, layoutHeatmap } from '../../../src/ui/charts/heatmapLayout';
import { layerLabels } from '../../../src/ui/charts/layerAxis';
import { ckaMatrix, cosineMatrix } from './synthetic';

const labels = layerLabels(12);

describe('heat-map colour scales', () => {
  it('maps a sequential domain onto viridis end to end, clamping outside values', () => {
    const c = heatColor({ kind: 'sequential' }, [0, 1]);
    expect(c(0)).toBe(interpolateViridis(0));
    expect(c(1)).toBe(interpolateViridis(1));
    expect(c(0.25)).toBe(interpolateViridis(0.25));
    expect(c(7)).toBe(interpolateViridis(1));
    expect(c(NaN)).toBeNull();
    expect(heatColor({ kind: 'sequential', scheme: 'cividis' }, [0, 2])(1)).toBe(interpolateCividis(0.5));
  });

  it('centres a diverging scale on zero: negative blue, zero neutral, positive red', () => {
    const c = heatColor({ kind: 'diverging' }, [-1, 1]);
    expect(c(0)).toBe(interpolateRdBu(0.5));
    expect(c(-1)).toBe(interpolateRdBu(1));
    expect(c(1)).toBe(interpolateRdBu(0));
  });

  it('takes the data range for sequential scales and a symmetric one for diverging scales', () => {
    expect(heatDomain({ kind: 'sequential' }, [0.2, 0.9, NaN])).toEqual([0.2, 0.9]);
    expect(heatDomain({ kind: 'diverging' }, [-0.3, 0.8])).toEqual([-0.8, 0.8]);
    expect(heatDomain({ kind: 'diverging', domain: [-1, 1] }, [0.1])).toEqual([-1, 1]);
    expect(heatDomain({ kind: 'diverging' }, [])).toEqual([-1, 1]);
    expect(heatDomain({ kind: 'sequential' }, [0.5, 0.5])).toEqual([0, 1]);
  });
});

describe('layoutHeatmap', () => {
  const cka = ckaMatrix(12);
  const layout = layoutHeatmap(cka, 12, 12, labels, labels, { kind: 'sequential', domain: [0, 1] }, 420, 360);

  it('lays out square cells row-major, inside the box', () => {
    expect(layout.cells.length).toBe(144);
    const c = layout.cells[1 * 12 + 3];
    expect([c.row, c.col]).toEqual([1, 3]);
    expect(c.x).toBe(layout.grid.left + 3 * layout.cell);
    expect(c.y).toBe(layout.grid.top + layout.cell);
    expect(layout.grid.width).toBe(layout.grid.height);
    expect(layout.legend.x + layout.legend.width).toBeLessThan(420);
    expect(layout.grid.top + layout.grid.height).toBeLessThanOrEqual(360);
  });

  it('colours cells by value and picks readable text on each', () => {
    const diag = layout.cells[0];
    expect(diag.fill).toBe(interpolateViridis(1));
    expect(diag.text).toBe('#000000');
    const dark = layoutHeatmap([0], 1, 1, ['a'], ['a'], { kind: 'sequential', domain: [0, 1] }, 200, 200).cells[0];
    expect(dark.text).toBe('#ffffff');
  });

  it('has a colour legend running from the top of the domain down to the bottom, with ticks on it', () => {
    const { stops, ticks } = layout.legend;
    expect(stops[0]).toEqual({ offset: 0, color: interpolateViridis(1) });
    expect(stops[stops.length - 1]).toEqual({ offset: 1, color: interpolateViridis(0) });
    expect(ticks.map((t) => t.value)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    for (const t of ticks) {
      expect(t.pos).toBeGreaterThanOrEqual(layout.legend.y - 1e-9);
      expect(t.pos).toBeLessThanOrEqual(layout.legend.y + layout.legend.height + 1e-9);
    }
  });

  it('prints values only when cells are large enough', () => {
    expect(layout.roomForValues).toBe(false);
    expect(layoutHeatmap(ckaMatrix(12), 12, 12, labels, labels, { kind: 'sequential' }, 520, 460).roomForValues).toBe(true);
    expect(layoutHeatmap(ckaMatrix(48), 48, 48, layerLabels(48), layerLabels(48), { kind: 'sequential' }, 420, 360).roomForValues).toBe(false);
    expect(cellLabel(-0.456)).toBe('-0.46');
    expect(cellLabel(NaN)).toBe('–');
  });

  it('marks missing values and explains a wrong-sized matrix', () => {
    const l = layoutHeatmap([NaN, 1, 1, 1], 2, 2, ['a', 'b'], ['a', 'b'], { kind: 'diverging' }, 200, 200);
    expect(l.cells[0].fill).toBeNull();
    expect(() => layoutHeatmap([1, 2, 3], 2, 2, ['a', 'b'], ['a', 'b'], { kind: 'diverging' }, 200, 200)).toThrow(/3 values for a 2×2 matrix/);
  });

  it('thins long label lists', () => {
    const l = layoutHeatmap(cosineMatrix(48, 1), 48, 48, layerLabels(48), layerLabels(48), { kind: 'diverging' }, 420, 360);
    expect(l.colTicks.length).toBeLessThan(48);
    expect(l.colTicks[0].label).toBe('0');
  });
});

describe('heatmapCsv', () => {
  it('writes the matrix with row and column labels', () => {
    expect(heatmapCsv([1, 0.5, 0.5, 1], 2, 2, ['a', 'b'], ['a', 'b'])).toBe(',a,b\r\na,1,0.5\r\nb,0.5,1\r\n');
  });
});
