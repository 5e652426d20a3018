import { describe, expect, it } from 'vitest';
import { interpolateViridis } from 'd3';
import { formatProb, layoutLensGrid, layoutLensTarget, lensCellText, lensCsv, lensRowLabels, lensTargetCsv, rankColor } from '../../../src/ui/charts/lensLayout';
import { lensResult } from './causalSynthetic';

describe('logit lens grid', () => {
  it('names the embedding row "embed" and blocks by number', () => {
    expect(lensRowLabels([-1, 0, 1, 11])).toEqual(['embed', '0', '1', '11']);
  });

  it('prints probabilities in a few characters', () => {
    expect([formatProb(0.624), formatProb(0.01), formatProb(0.004), formatProb(0.0002), formatProb(NaN)]).toEqual(['62%', '1%', '0.4%', '<0.1%', '–']);
  });

  it('shades each cell by its top-1 probability and prints the token and probability', () => {
    const g = layoutLensGrid(lensResult, 600, 300, (t) => t.trim());
    expect(g.cells.length).toBe(9);
    const last = g.cells[8];
    expect([last.row, last.col]).toEqual([2, 2]);
    expect(last.fill).toBe(interpolateViridis(0.75));
    expect(last.text).toEqual(['Paris', '75%']);
    expect(g.rowLabels.map((l) => l.label)).toEqual(['embed', '0', '1']);
    expect(g.colLabels.map((l) => l.label)).toEqual(['The', 'capital', 'is']);
  });

  it('rejects a result whose grid does not match layers × positions', () => {
    expect(() => layoutLensGrid({ ...lensResult, top: lensResult.top.slice(0, 2) }, 600, 300)).toThrow(/top should be 3 layers × 3 positions/);
  });
});

describe('logit lens target', () => {
  it('colours rank 1 brightest and the worst rank darkest, on a log scale', () => {
    expect(rankColor(1, 1000)).toBe(interpolateViridis(1));
    expect(rankColor(1000, 1000)).toBe(interpolateViridis(0));
    expect(rankColor(10, 1000)).toBe(interpolateViridis(1 - 1 / 3));
  });

  it('lays out ranks with a log key, or probabilities with a linear one', () => {
    const rank = layoutLensTarget(lensResult, 'rank', 600, 240)!;
    expect(rank.cells.length).toBe(9);
    expect(rank.cells[8].fill).toBe(interpolateViridis(1));
    expect(rank.cells[0].fill).toBe(interpolateViridis(0));
    expect(rank.cells[8].text).toEqual(['#1']);
    expect(rank.key!.ticks.map((t) => t.label)).toEqual(['1', '10', '100', '1k']);
    const prob = layoutLensTarget(lensResult, 'prob', 600, 240)!;
    expect(prob.cells[8].fill).toBe(interpolateViridis(0.75));
    expect(prob.cells[8].text).toEqual(['75%']);
  });

  it('has no target grid without a target', () => {
    expect(layoutLensTarget({ ...lensResult, targetRank: null, targetProb: null }, 'rank', 600, 240)).toBeNull();
  });
});

describe('logit lens text', () => {
  it('describes a cell with its top-k and the target', () => {
    expect(lensCellText(lensResult, 2, 2)).toBe('layer 1 · after  is:  Paris 75%,  London 13%,  the 13% · target rank 1 (75%)');
    expect(lensCellText(lensResult, 0, 0, (t) => t.trim())).toMatch(/^embed · after The: The 20%, a 40%, A 40%/);
  });

  it('exports the top-k in long form and the target grid', () => {
    const rows = lensCsv(lensResult).trim().split('\r\n');
    expect(rows.length).toBe(1 + 3 * 3 * 3);
    expect(rows[0]).toBe('layer,position,token,k,next_token,prob');
    expect(rows[1]).toBe('embed,0,The,1," The",0.2');
    const target = lensTargetCsv(lensResult).trim().split('\r\n');
    expect(target[9]).toBe('1,2," is",1,0.75');
  });
});
