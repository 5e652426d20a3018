import { describe, expect, it } from 'vitest';
import { fitPointsToRect, layoutSmallMultiples, moveInGrid, smallMultiplesCsv } from '../../../src/ui/charts/smallMultiplesLayout';

describe('layoutSmallMultiples', () => {
  it('chooses the column count that makes cells largest', () => {
    const l = layoutSmallMultiples(12, 1200, 200, 8);
    expect(l.cols).toBe(6);
    expect(l.rows).toBe(2);
    expect(l.size).toBe(96);
    const wide = layoutSmallMultiples(13, 1200, 120, 8);
    expect(wide.rows).toBe(1);
  });

  it('keeps every cell inside the box without overlaps', () => {
    const l = layoutSmallMultiples(25, 700, 400, 6);
    for (const a of l.cells) {
      expect(a.left + a.width).toBeLessThanOrEqual(700);
      expect(a.top + a.height).toBeLessThanOrEqual(400);
      for (const b of l.cells) {
        if (a === b) continue;
        const apart = a.left + a.width <= b.left || b.left + b.width <= a.left || a.top + a.height <= b.top || b.top + b.height <= a.top;
        expect(apart).toBe(true);
      }
    }
  });
});

describe('fitPointsToRect', () => {
  it('fits points inside the rectangle with the same scale on both axes', () => {
    const rect = { left: 10, top: 20, width: 100, height: 50 };
    const px = fitPointsToRect(new Float32Array([0, 0, 4, 1, 2, 0.5, NaN, 3]), rect);
    for (let i = 0; i < 3; i++) {
      expect(px[2 * i]).toBeGreaterThanOrEqual(10);
      expect(px[2 * i]).toBeLessThanOrEqual(110);
      expect(px[2 * i + 1]).toBeGreaterThanOrEqual(20);
      expect(px[2 * i + 1]).toBeLessThanOrEqual(70);
    }
    // 4 data units across and 1 up: the pixel ratio is the same 4:1.
    expect((px[2] - px[0]) / (px[1] - px[3])).toBeCloseTo(4, 4);
    expect(Number.isNaN(px[6])).toBe(true);
  });
});

describe('moveInGrid', () => {
  it('moves with arrow keys and stays inside the grid', () => {
    expect(moveInGrid(0, 'ArrowRight', 4, 10)).toBe(1);
    expect(moveInGrid(1, 'ArrowDown', 4, 10)).toBe(5);
    expect(moveInGrid(8, 'ArrowDown', 4, 10)).toBe(8);
    expect(moveInGrid(0, 'ArrowLeft', 4, 10)).toBe(0);
    expect(moveInGrid(3, 'End', 4, 10)).toBe(9);
    expect(moveInGrid(3, 'x', 4, 10)).toBe(3);
  });
});

describe('smallMultiplesCsv', () => {
  it('lists every point of every layer with its label', () => {
    const csv = smallMultiplesCsv([new Float32Array([1, 2, 3, 4]), new Float32Array([5, 6, 7, 8])], ['0', '1'], [0, -1], ['yes']);
    expect(csv).toBe('layer,index,x,y,label\r\n0,0,1,2,yes\r\n0,1,3,4,\r\n1,0,5,6,yes\r\n1,1,7,8,\r\n');
  });
});
