import { describe, expect, it } from 'vitest';
import { interpolateRdBu } from 'd3';
import { densityCsv, layoutPatchDensity, neededText } from '../../../src/ui/charts/patchDensityLayout';
import { layoutPatchGrid, patchCellText, patchColor, patchColumnLabels, patchCsv, patchHeader, patchTokenLabels } from '../../../src/ui/charts/patchLayout';
import { patchResult } from './causalSynthetic';

const [resid, heads] = patchResult.heatmaps;

describe('patching heat map', () => {
  it('labels positions with the token, or clean→corrupt where the prompts differ', () => {
    expect(patchTokenLabels(['When', 'ann', 'met'], ['When', 'bob', 'met'])).toEqual(['When', 'ann→bob', 'met']);
    expect(patchColumnLabels(resid, patchResult.tokens)).toEqual(['When', 'ann→bob', 'met', 'her']);
    expect(patchColumnLabels(resid, patchResult.tokens, (t) => `[${t}]`)[1]).toBe('[ann]→[bob]');
  });

  it("keeps a map's own column labels for heads", () => {
    expect(patchColumnLabels(heads, patchResult.tokens)).toEqual(['H0', 'H1', 'H2']);
  });

  it('colours recovery on a diverging scale centred on 0: 1 (the clean run) red, −1 blue, beyond clamped', () => {
    expect(patchColor(0)).toBe(interpolateRdBu(0.5));
    expect(patchColor(1)).toBe(interpolateRdBu(0));
    expect(patchColor(-1)).toBe(interpolateRdBu(1));
    expect(patchColor(2.5)).toBe(interpolateRdBu(0));
    expect(patchColor(NaN)).toBeNull();
  });

  it('draws every finite value as a cell, with the recovery colour key', () => {
    const g = layoutPatchGrid(resid, patchColumnLabels(resid, patchResult.tokens), 500, 260);
    expect(g.cells.length).toBe(12);
    expect(g.cells[1].fill).toBe(interpolateRdBu(0));
    expect(g.cells[5].fill).toBe(patchColor(0.5));
    expect(g.key!.title).toMatch(/recovery/);
    expect(g.key!.ticks.map((t) => t.label)).toContain('-1.0');
    const gap = layoutPatchGrid({ ...heads, values: [0.1, NaN, 0, 0, 0, 0] }, ['H0', 'H1', 'H2'], 300, 200);
    expect(gap.cells.length).toBe(5);
  });

  it('rejects a map whose values do not fill rows × cols', () => {
    expect(() => layoutPatchGrid({ ...heads, values: [1, 2] }, ['a', 'b', 'c'], 300, 200)).toThrow(/"heads": 2 values for 2×3/);
  });

  it('reads a cell, heads the view with the metric, and exports the matrix', () => {
    const labels = patchColumnLabels(resid, patchResult.tokens);
    expect(patchCellText(resid, labels, 0, 1)).toBe('layer 0 × ann→bob: recovery 1.000');
    expect(patchCellText(heads, ['H0', 'H1', 'H2'], 1, 0)).toBe('layer 1 × H0: recovery -0.200');
    expect(patchHeader(patchResult)).toBe('metric: clean 3.250 · corrupt -1.500 (difference 4.750)');
    expect(patchCsv(heads, ['H0', 'H1', 'H2'])).toBe(',H0,H1,H2\r\n0,0.1,0.7,0\r\n1,-0.2,0,0.4\r\n');
  });
});

describe('patching density', () => {
  const density = resid.density!;

  it('says how many components each fraction needs, the unit on the first count', () => {
    expect(neededText(density.needed)).toBe('50 %: 1 component, 80 %: 2, 90 %: —');
    expect(neededText([{ fraction: 0.5, components: 3 }, { fraction: 0.9, components: 7 }])).toBe('50 %: 3 components, 90 %: 7');
    expect(neededText([{ fraction: 0.5, components: null }])).toBe('50 %: —');
  });

  it('plots recovery against the number of components, with a mark per fraction', () => {
    const l = layoutPatchDensity(density, 300, 200);
    expect(l.paths[0].dots.map((d) => d.at)).toEqual([1, 2, 3, 4]);
    expect(l.paths[0].dots[1].y).toBeCloseTo(l.y(0.85));
    expect(l.marks.map((m) => [m.axis, m.value, m.label])).toEqual([['y', 0.5, '50 %'], ['y', 0.8, '80 %'], ['y', 0.9, '90 %']]);
    expect(l.y.domain()).toEqual([0, 1]);
    expect(layoutPatchDensity({ recovery: [-0.2, 1.3], needed: [] }, 300, 200).y.domain()).toEqual([-0.2, 1.3]);
  });

  it('exports the curve as CSV', () => {
    expect(densityCsv(density)).toBe('components,recovery\r\n1,0.6\r\n2,0.85\r\n3,0.88\r\n4,0.89\r\n');
  });
});
