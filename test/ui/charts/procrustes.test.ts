import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alignProcrustes, alignSequence, applyProcrustes, fitProcrustes } from '../../../src/ui/charts/procrustes';
import { clusters } from './synthetic';

/** Applies [x y]·[[a, b], [c, d]] + t to interleaved points. */
function transform(p: Float32Array, m: [number, number, number, number], t: [number, number]): Float32Array {
  const out = new Float32Array(p.length);
  for (let i = 0; i < p.length; i += 2) {
    out[i] = p[i] * m[0] + p[i + 1] * m[2] + t[0];
    out[i + 1] = p[i] * m[1] + p[i + 1] * m[3] + t[1];
  }
  return out;
}
const rotation = (th: number): [number, number, number, number] => [Math.cos(th), Math.sin(th), -Math.sin(th), Math.cos(th)];
const reflection = (th: number): [number, number, number, number] => [Math.cos(th), Math.sin(th), Math.sin(th), -Math.cos(th)];
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('alignProcrustes', () => {
  const { points } = clusters(500, 4, 7);
  const n = 500;

  it('recovers a known rotation and shift exactly', () => {
    const moved = transform(points, rotation(1.234), [5, -3]);
    expect(maxDiff(alignProcrustes(points, moved, n), points)).toBeLessThan(1e-4);
    const fit = fitProcrustes(points, moved, n);
    expect(fit.reflection).toBe(false);
    // The fitted map is the inverse rotation: cos and sin of −1.234.
    expect(fit.matrix[0]).toBeCloseTo(Math.cos(1.234), 6);
    expect(fit.matrix[1]).toBeCloseTo(-Math.sin(1.234), 6);
  });

  it('recovers a reflection, since PCA axes have arbitrary signs', () => {
    const moved = transform(points, reflection(0.4), [0, 0]);
    expect(maxDiff(alignProcrustes(points, moved, n), points)).toBeLessThan(1e-4);
    expect(fitProcrustes(points, moved, n).reflection).toBe(true);
  });

  it('only rotates when reflections are not allowed', () => {
    const moved = transform(points, reflection(0.4), [0, 0]);
    const fit = fitProcrustes(points, moved, n, { allowReflection: false });
    expect(fit.reflection).toBe(false);
    expect(fit.matrix[0] * fit.matrix[3] - fit.matrix[1] * fit.matrix[2]).toBeCloseTo(1, 9);
  });

  it('never scales: distances between points are preserved for any input', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0.1, max: 10, noNaN: true }), (seed, scale) => {
      const a = clusters(40, 3, seed).points, b = clusters(40, 3, seed + 1).points.map((v) => v * scale);
      const out = alignProcrustes(a, b, 40);
      const d = (p: Float32Array, i: number, j: number) => Math.hypot(p[2 * i] - p[2 * j], p[2 * i + 1] - p[2 * j + 1]);
      for (let i = 1; i < 40; i++) expect(d(out, 0, i)).toBeCloseTo(d(b, 0, i), 2);
    }), { numRuns: 50 });
  });

  it('undoes any rotation or reflection with any shift (property)', () => {
    fc.assert(fc.property(fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }), fc.boolean(), fc.double({ min: -50, max: 50, noNaN: true }), (th, flip, shift) => {
      const moved = transform(points, flip ? reflection(th) : rotation(th), [shift, -shift]);
      expect(maxDiff(alignProcrustes(points, moved, n), points)).toBeLessThan(1e-3);
    }), { numRuns: 100 });
  });

  it('fits on finite points only and passes non-finite points through', () => {
    const moved = transform(points, rotation(2), [1, 1]);
    moved[0] = NaN;
    const out = alignProcrustes(points, moved, n);
    expect(Number.isNaN(out[0])).toBe(true);
    expect(maxDiff(out.subarray(2), points.subarray(2))).toBeLessThan(1e-4);
  });

  it('returns the points shifted, unrotated, when there is nothing to fit', () => {
    const one = new Float32Array([1, 2]), other = new Float32Array([5, 5]);
    expect([...alignProcrustes(one, other, 1)]).toEqual([1, 2]);
    const fit = fitProcrustes(new Float32Array(0), new Float32Array(0), 0);
    expect(fit.matrix).toEqual([1, 0, -0, 1]);
    expect(applyProcrustes(fit, new Float32Array(0), 0).length).toBe(0);
  });

  it('says what shape it needs when the arrays are too short', () => {
    expect(() => alignProcrustes(new Float32Array(4), new Float32Array(2), 2)).toThrow(/two interleaved arrays of 4 numbers/);
  });
});

describe('alignSequence', () => {
  it('keeps the first projection and chains each next one onto the aligned previous one', () => {
    const base = clusters(200, 3, 3).points;
    const seq = [base, transform(base, rotation(0.7), [2, 0]), transform(base, reflection(2.1), [0, 9])];
    const out = alignSequence(seq, 200);
    expect(out[0]).not.toBe(base);
    expect([...out[0]]).toEqual([...base]);
    for (const p of out) expect(maxDiff(p, base)).toBeLessThan(1e-4);
  });
});
