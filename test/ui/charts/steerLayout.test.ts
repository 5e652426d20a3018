import { describe, expect, it } from 'vitest';
import { behaviourCsv, behaviourRows, probeSeries } from '../../../src/ui/charts/ablationLayout';
import { CONTROL_STYLE, generationRows, layoutSteerProjection, layoutSteerSweep, percent, projectionSeries, scoresLine, sweepSeries } from '../../../src/ui/charts/steerLayout';
import { ablateResult, steerPrompts, steerResult, steerTargets } from './causalSynthetic';

describe('steering generations and scores', () => {
  it('puts each prompt beside its unsteered and steered generation with their hits', () => {
    const rows = generationRows(steerResult, steerPrompts, steerTargets);
    expect(rows.length).toBe(3);
    expect(rows[0]).toEqual({ prompt: steerPrompts[0], target: ' Yes', unsteered: ' No.', steered: ' Yes!', unsteeredHit: false, steeredHit: true });
    expect(rows[2].target).toBeNull();
    expect(rows[2].steeredHit).toBeNull();
  });

  it('says the scores in one sentence', () => {
    expect(scoresLine(steerResult.scores)).toBe('steered: 94% of prompts give their target (unsteered 0%, random direction 6%)');
    expect(percent(NaN)).toBe('–');
  });
});

describe('steering charts', () => {
  it('plots first-token success against α for both modes and the random control', () => {
    const series = sweepSeries(steerResult.sweep!);
    expect(series.map((s) => s.name)).toEqual(['one-shot', 'continual', 'random direction']);
    expect(series[1].ys).toEqual([0, 0.5, 0.9, 1]);
    expect([series[2].color, series[2].dash]).toEqual([CONTROL_STYLE.color, CONTROL_STYLE.dash]);
    const l = layoutSteerSweep(steerResult.sweep!, 400, 240, 8);
    expect(l.y.domain()).toEqual([0, 1]);
    expect(l.marks).toMatchObject([{ axis: 'x', value: 8, label: 'α = 8' }]);
    expect(l.paths[0].dots.map((d) => d.at)).toEqual([0, 4, 8, 16]);
    expect(layoutSteerSweep(steerResult.sweep!, 400, 240).marks).toEqual([]);
  });

  it('plots the mean projection per generated token, counted from 1', () => {
    const series = projectionSeries(steerResult.projection);
    expect(series.map((s) => s.name)).toEqual(['unsteered', 'one-shot', 'continual']);
    expect(series[2].xs).toEqual([1, 2, 3]);
    const l = layoutSteerProjection(steerResult.projection, 400, 240);
    expect(l.paths.map((p) => p.dots.length)).toEqual([3, 3, 3]);
    expect(l.xTicks.every((t) => Number.isInteger(t.value))).toBe(true);
    expect(l.y.domain()[1]).toBeGreaterThan(3.1);
  });
});

describe('ablation', () => {
  it('compares behaviour before and after', () => {
    const rows = behaviourRows(ablateResult);
    expect(rows.map((r) => r.name)).toEqual(['mean target probability', 'top-1 hit rate']);
    expect(rows[1].change).toBeCloseTo(-0.7);
    expect(behaviourCsv(ablateResult).split('\r\n')[1]).toBe('mean target probability,0.62,0.12,-0.5');
  });

  it('gives probe accuracy per layer before and after as two series with their spread', () => {
    const { layers, series } = probeSeries(ablateResult);
    expect(layers).toEqual(['0', '1', '2']);
    expect(series[0].values).toEqual([0.55, 0.8, 0.95]);
    expect(series[1].std).toEqual([0.03, 0.04, 0.05]);
  });
});
