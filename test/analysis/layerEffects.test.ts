// The pure parts of the per-layer effects summary: the held-out split, target matching and the choice of α.
import { describe, expect, it } from 'vitest';
import { bestAlpha } from '../../src/analysis/layerEffects';
import { patchIndex } from '../../src/analysis/layerEffectsPatch';
import { splitForEffects, startsWithTarget, successRate, type Side } from '../../src/analysis/layerEffectsSplit';
import type { Pair } from '../../src/analysis/directions';

const side: Side[] = Array.from({ length: 20 }, (_, i) => (i === 19 ? null : i % 2 === 0));
const pairs: Pair[] = Array.from({ length: 9 }, (_, k) => [2 * k, 2 * k + 1]);

describe('splitForEffects', () => {
  it('puts half the pairs in the eval half and fits on every other labelled row, never on a scored one', () => {
    const s = splitForEffects(side, pairs, 3);
    expect(s.evalPairs).toHaveLength(4);
    expect(s.fitPairs).toHaveLength(5);
    const scored = new Set([...s.evalPositive, ...s.evalNegative]);
    expect(s.fitRows.some((r) => scored.has(r))).toBe(false);
    expect(s.fitRows).not.toContain(19);
    expect(s.fitRows.length + scored.size).toBe(19);
    expect(s.evalPositive.every((r) => side[r] === true) && s.evalNegative.every((r) => side[r] === false)).toBe(true);
  });

  it('is fixed by the seed and changes with it', () => {
    expect(splitForEffects(side, pairs, 3)).toEqual(splitForEffects(side, pairs, 3));
    expect(splitForEffects(side, pairs, 3).evalPairs).not.toEqual(splitForEffects(side, pairs, 4).evalPairs);
  });

  it('halves each class when there are no pairs', () => {
    const s = splitForEffects(side, [], 1);
    expect(s.evalPairs).toEqual([]);
    expect(s.evalPositive).toHaveLength(5);
    expect(s.evalNegative).toHaveLength(4);
    expect(s.fitRows).toHaveLength(10);
  });

  it('refuses pairs that are not [positive, negative] and too few pairs', () => {
    expect(() => splitForEffects(side, [[1, 0], [2, 3]], 0)).toThrow('pair 0 is [1, 0]; each pair must be [positive row, negative row]');
    expect(() => splitForEffects(side, [[0, 1]], 0)).toThrow('at least two contrast pairs');
    expect(() => splitForEffects(side, [[0, 40], [2, 3]], 0)).toThrow('pair 0 names row 40');
  });
});

describe('target matching and the best α', () => {
  it('counts a generation a success only when it starts with the whole target', () => {
    expect(startsWithTarget([5, 6, 7], [5, 6])).toBe(true);
    expect(startsWithTarget([5, 7, 6], [5, 6])).toBe(false);
    expect(startsWithTarget([6, 5], [5])).toBe(false);
    expect(startsWithTarget([5], [])).toBe(false);
    expect(successRate([[1, 2], [3, 4], [1, 9]], [[1], [1], [1, 9]])).toBeCloseTo(2 / 3, 12);
  });

  it('picks the α with the highest success, the smallest |α| on ties', () => {
    expect(bestAlpha([4, 1, 2, -1], [0.5, 0.9, 0.9, 0.9])).toEqual({ alpha: 1, success: 0.9 });
    expect(bestAlpha([8, 4], [0, 0])).toEqual({ alpha: 4, success: 0 });
  });

  it('patches the last token, a given index, or nothing for positions that are not one token', () => {
    expect(patchIndex('last', 6)).toBe(5);
    expect(patchIndex(1, 6)).toBe(1);
    expect(patchIndex(-2, 6)).toBe(4);
    expect(patchIndex(9, 6)).toBeNull();
    expect(patchIndex('mean', 6)).toBeNull();
  });
});
