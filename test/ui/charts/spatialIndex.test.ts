import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildPointGrid, nearestPoint, nearestPointBruteForce } from '../../../src/ui/charts/spatialIndex';

const pointsArb = fc.array(fc.tuple(fc.double({ min: -50, max: 650, noNaN: true }), fc.double({ min: -50, max: 450, noNaN: true })), { minLength: 0, maxLength: 400 });

describe('the point grid', () => {
  it('finds the same nearest point as a brute-force search, for any points, query and radius', () => {
    fc.assert(fc.property(
      pointsArb, fc.double({ min: -80, max: 700, noNaN: true }), fc.double({ min: -80, max: 500, noNaN: true }),
      fc.double({ min: 0.5, max: 40, noNaN: true }), fc.integer({ min: 2, max: 30 }),
      (pts, x, y, radius, cell) => {
        const pixels = Float32Array.from(pts.flat());
        const all = pts.map((_, i) => i);
        const grid = buildPointGrid(pixels, all, cell);
        expect(nearestPoint(grid, x, y, radius)).toBe(nearestPointBruteForce(pixels, all, x, y, radius));
      },
    ), { numRuns: 400 });
  });

  it('answers queries placed right on points, where ties and cell edges matter', () => {
    fc.assert(fc.property(pointsArb.filter((p) => p.length > 0), fc.nat(), (pts, k) => {
      // Duplicate points on a coarse lattice make exact ties.
      const pixels = Float32Array.from(pts.flatMap(([x, y]) => [Math.round(x / 8) * 8, Math.round(y / 8) * 8]));
      const all = pts.map((_, i) => i);
      const grid = buildPointGrid(pixels, all, 8);
      const q = k % pts.length;
      const hit = nearestPoint(grid, pixels[2 * q], pixels[2 * q + 1], 8);
      expect(hit).toBe(nearestPointBruteForce(pixels, all, pixels[2 * q], pixels[2 * q + 1], 8));
      expect(hit).toBeLessThanOrEqual(q);
    }), { numRuns: 200 });
  });

  it('indexes only the given points and skips non-finite positions', () => {
    const pixels = new Float32Array([10, 10, 11, 11, NaN, 12, 50, 50]);
    const grid = buildPointGrid(pixels, [1, 2, 3], 8);
    expect(grid.items.length).toBe(2);
    expect(nearestPoint(grid, 10, 10, 5)).toBe(1);
    expect(nearestPoint(grid, 30, 30, 5)).toBe(-1);
  });

  it('handles no points', () => {
    const grid = buildPointGrid(new Float32Array(0), [], 8);
    expect(nearestPoint(grid, 0, 0, 100)).toBe(-1);
  });

  it('grows its cells instead of allocating millions when points are far apart', () => {
    const pixels = new Float32Array([0, 0, 1e7, 1e7]);
    const grid = buildPointGrid(pixels, [0, 1], 8);
    expect(grid.cols * grid.rows).toBeLessThanOrEqual(4 * 2 + 1024);
    expect(nearestPoint(grid, 1e7, 1e7 + 3, 8)).toBe(1);
  });

  it('finds a point among 20,000 in well under a millisecond', () => {
    const n = 20_000;
    const pixels = Float32Array.from({ length: 2 * n }, (_, i) => ((i * 7919) % 600) + (i % 7) / 7);
    const grid = buildPointGrid(pixels, Array.from({ length: n }, (_, i) => i), 8);
    const t0 = performance.now();
    for (let q = 0; q < 1000; q++) nearestPoint(grid, (q * 37) % 600, (q * 53) % 600, 8);
    expect((performance.now() - t0) / 1000).toBeLessThan(0.5);
  });
});
