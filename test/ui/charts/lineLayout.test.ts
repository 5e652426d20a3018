import { describe, expect, it } from 'vitest';
import { layoutLineChart, lineCsv, lineDomain, type LineSeries } from '../../../src/ui/charts/lineLayout';
import { layerLabels } from '../../../src/ui/charts/layerAxis';

const layers = layerLabels(6);
const series: LineSeries[] = [
  { name: 'mean-difference', values: [0.5, 0.6, 0.8, 0.9, 0.92, 0.9], std: [0.01, 0.02, 0.02, 0.01, 0.01, 0.01] },
  { name: 'PCA of differences', values: [0.5, 0.55, null, 0.85, 0.9, 0.88] },
];

describe('layoutLineChart', () => {
  const layout = layoutLineChart(layers, series, 500, 300, { baseline: 0.5 });

  it('covers every value ± std and the baseline, padded', () => {
    const [lo, hi] = layout.y.domain();
    expect(lo).toBeLessThan(0.49);
    expect(hi).toBeGreaterThan(0.93);
    expect(lineDomain(series, { yDomain: [0, 1] })).toEqual([0, 1]);
  });

  it('gives each series its own colour and dash, so lines differ without colour vision', () => {
    const [a, b] = layout.paths;
    expect(a.color).not.toBe(b.color);
    expect(a.dash).not.toBe(b.dash);
  });

  it('breaks a line at missing values and marks only finite ones', () => {
    expect(layout.paths[1].line.match(/M/g)!.length).toBe(2);
    expect(layout.paths[1].dots.map((d) => d.layer)).toEqual([0, 1, 3, 4, 5]);
    expect(layout.paths[1].band).toBeNull();
    expect(layout.paths[0].band).not.toBeNull();
  });

  it('places markers at layer centres and values', () => {
    const d = layout.paths[0].dots[2];
    expect(d.x).toBeCloseTo(layout.axis.columns[2].cx, 9);
    expect(d.y).toBeCloseTo(layout.y(0.8), 9);
    expect(layout.baselineY).toBeCloseTo(layout.y(0.5), 9);
  });

  it('says which series has the wrong number of values', () => {
    expect(() => layoutLineChart(layers, [{ name: 'short', values: [1] }], 500, 300)).toThrow(/series "short" has 1 values for 6 layers/);
  });
});

describe('lineCsv', () => {
  it('has a column per series and per std', () => {
    const rows = lineCsv(layers, series).trim().split('\r\n');
    expect(rows[0]).toBe('layer,mean-difference,mean-difference_std,PCA of differences');
    expect(rows[3]).toBe('2,0.8,0.02,');
  });
});
