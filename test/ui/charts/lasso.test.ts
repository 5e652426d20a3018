import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lassoPath, pointsInPolygon, unzoomPolygon, type Vertex } from '../../../src/ui/charts/lasso';

/** Even–odd ray casting, written independently of d3 as the reference. */
function inside(poly: readonly Vertex[], x: number, y: number): boolean {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i], [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/** Distance from (x, y) to the segment a–b. */
function segmentDistance([ax, ay]: Vertex, [bx, by]: Vertex, x: number, y: number): number {
  const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}

/** Points on an edge are inside or outside by rounding alone, so the comparison leaves them out. */
const offEdges = (poly: readonly Vertex[], x: number, y: number) => poly.every((v, i) => segmentDistance(v, poly[(i + 1) % poly.length], x, y) > 1e-6);

const coord = fc.double({ min: 0, max: 500, noNaN: true });

describe('pointsInPolygon', () => {
  it('selects exactly the points a brute-force point-in-polygon test finds', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(coord, coord), { minLength: 3, maxLength: 30 }),
      fc.array(fc.tuple(coord, coord), { maxLength: 300 }),
      (poly, pts) => {
        const pixels = Float32Array.from(pts.flat());
        const idx = pts.map((_, i) => i).filter((i) => offEdges(poly, pixels[2 * i], pixels[2 * i + 1]));
        const expected = idx.filter((i) => inside(poly, pixels[2 * i], pixels[2 * i + 1]));
        expect(pointsInPolygon(pixels, idx, poly)).toEqual(expected);
      },
    ), { numRuns: 300 });
  });

  it('selects a square\'s interior and nothing outside it, among only the given indices', () => {
    const pixels = new Float32Array([5, 5, 15, 5, 5, 15, 50, 50, 6, 6]);
    const square: Vertex[] = [[0, 0], [10, 0], [10, 10], [0, 10]];
    expect(pointsInPolygon(pixels, [0, 1, 2, 3, 4], square)).toEqual([0, 4]);
    expect(pointsInPolygon(pixels, [3, 1, 0], square)).toEqual([0]);
  });

  it('selects nothing with fewer than three vertices', () => {
    expect(pointsInPolygon(new Float32Array([1, 1]), [0], [[0, 0], [2, 2]])).toEqual([]);
  });
});

describe('lasso helpers', () => {
  it('writes open and closed SVG paths', () => {
    expect(lassoPath([[0, 0], [10, 0], [10, 5]], false)).toBe('M0.0,0.0L10.0,0.0L10.0,5.0');
    expect(lassoPath([[0, 0], [1, 1]], true)).toBe('M0.0,0.0L1.0,1.0Z');
    expect(lassoPath([], true)).toBe('');
  });

  it('maps screen vertices back through a zoom', () => {
    expect(unzoomPolygon([[30, 50]], { k: 2, x: 10, y: 10 })).toEqual([[10, 20]]);
  });
});
