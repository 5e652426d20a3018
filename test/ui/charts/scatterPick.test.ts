import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { layoutScatter, visibleIndices, zoomAround, IDENTITY } from '../../../src/ui/charts/scatterLayout';
import { inRect, lassoPick, pickPoint, screenOf } from '../../../src/ui/charts/scatterPick';
import { buildPointGrid, nearestPointBruteForce } from '../../../src/ui/charts/spatialIndex';
import { moveCell } from '../../../src/ui/charts/heatmapLayout';
import { arrowStep } from '../../../src/ui/charts/focusNav';
import { clusters } from './synthetic';

const { points, categories } = clusters(3000, 3, 9);
const layout = layoutScatter(points, { width: 640, height: 480 });
const visible = visibleIndices(layout, categories, new Set([2]));
const grid = buildPointGrid(layout.pixels, visible, 8);

describe('picking under a zoom', () => {
  it('finds the same point as a brute-force search in screen space, for any zoom and cursor', () => {
    fc.assert(fc.property(
      fc.double({ min: 0.5, max: 50, noNaN: true }), fc.double({ min: 0, max: 640, noNaN: true }), fc.double({ min: 0, max: 480, noNaN: true }),
      fc.double({ min: 0, max: 640, noNaN: true }), fc.double({ min: 0, max: 480, noNaN: true }),
      (k, zx, zy, x, y) => {
        const t = zoomAround(IDENTITY, zx, zy, k);
        const screen = new Float32Array(layout.pixels.length);
        for (let i = 0; i < layout.count; i++) [screen[2 * i], screen[2 * i + 1]] = screenOf(layout, t, i);
        const expected = inRect(layout.plot, x, y) ? nearestPointBruteForce(screen, visible, x, y, 8) : -1;
        const got = pickPoint(layout, grid, t, x, y, 8);
        // Float32 rounding of zoomed positions can flip exact ties; distances must agree.
        if (got === null) expect(expected).toBe(-1);
        else expect(Math.hypot(screen[2 * got] - x, screen[2 * got + 1] - y)).toBeCloseTo(Math.hypot(screen[2 * expected] - x, screen[2 * expected + 1] - y), 3);
      },
    ), { numRuns: 200 });
  });

  it('never picks outside the plot or a hidden class', () => {
    expect(pickPoint(layout, grid, IDENTITY, 1, 1, 8)).toBeNull();
    const i = [...Array(layout.count).keys()].find((j) => categories[j] === 2)!;
    const [x, y] = screenOf(layout, IDENTITY, i);
    const p = pickPoint(layout, grid, IDENTITY, x, y, 8);
    expect(p === null || categories[p] !== 2).toBe(true);
  });

  it('lassos only visible points that are inside the plot after a zoom', () => {
    const t = zoomAround(IDENTITY, 320, 240, 3);
    const { left, top, width, height } = layout.plot;
    // A polygon larger than the plot: everything visible on screen, nothing panned out of view.
    const all = lassoPick(layout, visible, t, [[-100, -100], [900, -100], [900, 900], [-100, 900]]);
    const expected = [...visible].filter((i) => {
      const [x, y] = screenOf(layout, t, i);
      return x >= left && x <= left + width && y >= top && y <= top + height;
    });
    expect(all).toEqual(expected);
    expect(all.length).toBeLessThan(visible.length);
  });
});

describe('keyboard movement', () => {
  it('moves a heat-map cell with arrows, Home and End, clamped to the grid', () => {
    expect(moveCell([0, 0], 'ArrowUp', 3, 4)).toEqual([0, 0]);
    expect(moveCell([0, 0], 'ArrowDown', 3, 4)).toEqual([1, 0]);
    expect(moveCell([2, 1], 'End', 3, 4)).toEqual([2, 3]);
    expect(moveCell([2, 1], 'Enter', 3, 4)).toBeNull();
  });

  it('reads arrow keys as steps', () => {
    expect(['ArrowDown', 'ArrowRight', 'ArrowUp', 'ArrowLeft', 'Tab'].map(arrowStep)).toEqual([1, 1, -1, -1, 0]);
  });
});
