import { describe, expect, it } from 'vitest';
import { decodableCausalCsv, effectDomain, layoutDecodableCausal, SERIES_STYLE, type DecodableCausalData } from '../../../src/ui/charts/decodableCausalLayout';

const data: DecodableCausalData = {
  baseline: 0.1,
  layers: [
    { layer: 0, probe: { mean: 0.9, std: 0.05 }, steerOneshot: 1, steerContinual: 1, bestAlpha: 0.5, ablation: 0.95, patching: 1 },
    { layer: 1, probe: { mean: 1, std: 0 }, steerOneshot: 0.2, steerContinual: null, bestAlpha: 8, ablation: null, patching: 0.1 },
    { layer: 2, probe: null, steerOneshot: 0.3, steerContinual: 0.4, bestAlpha: 2, ablation: 0.5, patching: 0 },
  ],
};
const byKey = (layout: ReturnType<typeof layoutDecodableCausal>, key: string) => layout.series.find((s) => s.key === key)!;

describe('layoutDecodableCausal', () => {
  const layout = layoutDecodableCausal(data, 600, 300, 0.5);

  it('maps [0, 1] onto the plot, bottom to top, when every value lies inside', () => {
    expect(layout.y.domain()).toEqual([0, 1]);
    expect(layout.y(0)).toBeCloseTo(layout.plot.top + layout.plot.height, 9);
    expect(layout.y(1)).toBeCloseTo(layout.plot.top, 9);
    expect(layout.yTicks[0].value).toBe(0);
    expect(layout.yTicks.at(-1)!.value).toBe(1);
  });

  it('draws one series per measure, each with its own colour, dash and marker', () => {
    expect(layout.series.map((s) => s.key)).toEqual(['probe', 'steerOneshot', 'steerContinual', 'ablation', 'patching']);
    for (const field of ['color', 'dash', 'marker'] as const) expect(new Set(SERIES_STYLE.map((s) => s[field])).size).toBe(SERIES_STYLE.length);
    expect(layout.legend.map((l) => l.label)).toEqual(SERIES_STYLE.map((s) => s.label));
  });

  it('puts markers at their values, near the layer centre, dodged apart so equal values stay visible', () => {
    const one = byKey(layout, 'steerOneshot').dots[0];
    const cont = byKey(layout, 'steerContinual').dots[0];
    expect(one.y).toBeCloseTo(layout.y(1), 9);
    expect(cont.y).toBeCloseTo(one.y, 9);
    expect(cont.x).toBeGreaterThan(one.x);
    const centre = layout.axis.columns[0].cx;
    for (const s of layout.series) expect(Math.abs(s.dots[0].x - centre)).toBeLessThan(layout.axis.columns[0].width / 4);
    expect(byKey(layout, 'probe').dots[1].y).toBeCloseTo(layout.y(1), 9);
  });

  it('leaves a gap where a value is missing: no marker there and a broken line', () => {
    expect(byKey(layout, 'probe').dots.map((d) => d.layer)).toEqual([0, 1]);
    const cont = byKey(layout, 'steerContinual');
    expect(cont.dots.map((d) => d.layer)).toEqual([0, 2]);
    expect(cont.line.match(/M/g)).toHaveLength(2);
    expect(byKey(layout, 'ablation').line.match(/M/g)).toHaveLength(2);
    expect(byKey(layout, 'patching').line.match(/M/g)).toHaveLength(1);
  });

  it('gives only the probe a ± std band, clipped to the axis', () => {
    expect(byKey(layout, 'probe').band).toMatch(/^M/);
    expect(layout.series.filter((s) => s.band !== null).map((s) => s.key)).toEqual(['probe']);
    const ys = byKey(layout, 'probe').band!.match(/-?\d+(\.\d+)?(?=[LZ]|$)/g)!.map(Number);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(layout.plot.top - 1e-9);
  });

  it('draws the chance and unsteered marks where their values fall, and none when absent', () => {
    expect(layout.chanceY).toBeCloseTo(layout.y(0.5), 9);
    expect(layout.baselineY).toBeCloseTo(layout.y(0.1), 9);
    const bare = layoutDecodableCausal({ ...data, baseline: null }, 600, 300, null);
    expect(bare.chanceY).toBeNull();
    expect(bare.baselineY).toBeNull();
  });

  it('widens the axis for a recovery outside [0, 1], but not for one within rounding of it', () => {
    const out = { ...data, layers: [{ ...data.layers[0], patching: -0.3 }, { ...data.layers[1], patching: 1.2 }] };
    const [lo, hi] = effectDomain(out, 0.5);
    expect(lo).toBeLessThanOrEqual(-0.3);
    expect(hi).toBeGreaterThanOrEqual(1.2);
    expect(effectDomain({ ...data, layers: [{ ...data.layers[0], patching: -0.002 }] }, 0.5)).toEqual([0, 1]);
  });

  it('wraps the legend into more rows on a narrow chart, pushing the plot down', () => {
    const narrow = layoutDecodableCausal(data, 260, 300);
    expect(new Set(narrow.legend.map((l) => l.y)).size).toBeGreaterThan(1);
    expect(narrow.plot.top).toBeGreaterThan(layout.plot.top);
  });
});

describe('decodableCausalCsv', () => {
  it('has one row per layer with every measure, empty where missing', () => {
    const rows = decodableCausalCsv(data).trim().split('\r\n');
    expect(rows[0]).toBe('layer,probe_mean,probe_std,steer_oneshot,steer_continual,best_alpha,ablation,patching,unsteered,chance');
    expect(rows[2]).toBe('1,1,0,0.2,,8,,0.1,0.1,0.5');
    expect(rows).toHaveLength(4);
  });
});
