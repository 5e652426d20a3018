import { describe, expect, it } from 'vitest';
import { accuracyDomain, layoutProbeChart, probeCsv, PROBE_MARGIN, selectivityOf } from '../../../src/ui/charts/probeLayout';
import { probeData } from './synthetic';

const data = probeData(13, 5);

describe('layoutProbeChart', () => {
  const layout = layoutProbeChart(data, 600, 320);

  it('centres one band per layer, evenly spaced, inside the plot', () => {
    const cols = layout.axis.columns;
    expect(cols.length).toBe(13);
    const step = cols[1].cx - cols[0].cx;
    for (let i = 1; i < cols.length; i++) expect(cols[i].cx - cols[i - 1].cx).toBeCloseTo(step, 9);
    expect(cols[0].x).toBeGreaterThanOrEqual(layout.plot.left);
    expect(cols[12].x + cols[12].width).toBeLessThanOrEqual(layout.plot.left + layout.plot.width + 1e-9);
    expect(layout.plot.left).toBe(PROBE_MARGIN.left);
  });

  it('spans accuracy from below every band and baseline up to 1', () => {
    const [lo, hi] = layout.y.domain();
    expect(hi).toBe(1);
    const lows = [...data.probe, ...data.control!, ...data.shuffled!].map((s) => s.mean - s.std);
    expect(lo).toBeLessThanOrEqual(Math.min(...lows, data.majority!));
    expect(lo * 10).toBeCloseTo(Math.round(lo * 10), 9);
  });

  it('draws the majority baseline at its accuracy', () => {
    expect(layout.majorityY).toBeCloseTo(layout.y(0.52), 9);
  });

  it('puts the selectivity panel under the accuracy panel, with one bar per layer from zero', () => {
    const sel = layout.selPlot!;
    expect(sel.top).toBeGreaterThan(layout.plot.top + layout.plot.height);
    expect(sel.top + sel.height).toBeCloseTo(320 - PROBE_MARGIN.bottom, 9);
    expect(layout.bars.length).toBe(13);
    layout.bars.forEach((b, i) => {
      expect(b.value).toBeCloseTo(data.probe[i].mean - data.control![i].mean, 12);
      expect(b.x + b.width / 2).toBeCloseTo(layout.axis.columns[i].cx, 9);
      expect(b.height).toBeCloseTo(Math.abs(layout.sel!(b.value) - layout.sel!(0)), 9);
    });
  });

  it('draws lines and std bands through every layer and lists only the series given', () => {
    expect(layout.probe.line.match(/[ML]/g)!.length).toBe(13);
    expect(layout.probe.band.startsWith('M')).toBe(true);
    expect(layout.legend.map((l) => l.key)).toEqual(['probe', 'control', 'shuffled', 'majority']);
    const bare = layoutProbeChart({ layers: data.layers, probe: data.probe }, 600, 320);
    expect(bare.selPlot).toBeNull();
    expect(bare.control).toBeNull();
    expect(bare.legend.map((l) => l.key)).toEqual(['probe']);
  });

  it('wraps a legend that does not fit onto a second row and moves the plot down for it', () => {
    const narrow = layoutProbeChart(data, 330, 320);
    expect(Math.max(...narrow.legend.map((l) => l.y))).toBeGreaterThan(narrow.legend[0].y);
    expect(narrow.plot.top).toBeGreaterThan(layout.plot.top);
    for (const l of narrow.legend) expect(l.x).toBeLessThan(330);
  });

  it('leaves a gap where a layer has no score', () => {
    const gap = { ...data, probe: data.probe.map((s, i) => (i === 5 ? { mean: NaN, std: NaN } : s)) };
    const l = layoutProbeChart(gap, 600, 320);
    expect(l.probe.line.match(/M/g)!.length).toBe(2);
    expect(selectivityOf(gap)[5]).toBeNull();
  });

  it('says how to fix scores that do not match the layers', () => {
    expect(() => layoutProbeChart({ ...data, control: data.control!.slice(1) }, 600, 320)).toThrow(/control has 12 scores for 13 layers/);
  });
});

describe('accuracyDomain', () => {
  it('never goes below 0', () => {
    expect(accuracyDomain({ layers: ['0'], probe: [{ mean: 0.01, std: 0.2 }] })).toEqual([0, 1]);
  });
});

describe('probeCsv', () => {
  it('writes one row per layer with every series and the selectivity', () => {
    const rows = probeCsv(data).trim().split('\r\n');
    expect(rows[0]).toBe('layer,probe_mean,probe_std,control_mean,control_std,shuffled_mean,shuffled_std,majority,selectivity');
    expect(rows.length).toBe(14);
    const first = rows[1].split(',');
    expect(first[0]).toBe('embed');
    expect(Number(first[8])).toBeCloseTo(data.probe[0].mean - data.control![0].mean, 12);
  });
});
