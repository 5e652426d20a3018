import { describe, expect, it } from 'vitest';
import {
  categorize, categoryCounts, groupByCategory, layoutScatter, MAX_ZOOM, MIN_ZOOM, scatterTicks, SCATTER_MARGIN,
  visibleIndices, zoomAround, zoomedScales, IDENTITY,
} from '../../../src/ui/charts/scatterLayout';

const pts = new Float32Array([0, 0, 10, 5, 5, 2.5, NaN, 1]);

describe('layoutScatter', () => {
  const layout = layoutScatter(pts, { width: 500, height: 400 });

  it('pads the data domain by 4% on each side so no point sits on the frame', () => {
    expect(layout.x.domain()).toEqual([-0.4, 10.4]);
    expect(layout.y.domain()).toEqual([-0.2, 5.2]);
  });

  it('maps data into the plot rectangle, y upwards, and non-finite points to NaN', () => {
    const { plot, pixels } = layout;
    expect(plot).toEqual({ left: SCATTER_MARGIN.left, top: SCATTER_MARGIN.top, width: 500 - SCATTER_MARGIN.left - SCATTER_MARGIN.right, height: 400 - SCATTER_MARGIN.top - SCATTER_MARGIN.bottom });
    for (let i = 0; i < 3; i++) {
      expect(pixels[2 * i]).toBeGreaterThan(plot.left);
      expect(pixels[2 * i]).toBeLessThan(plot.left + plot.width);
    }
    expect(pixels[1]).toBeGreaterThan(pixels[3]);
    expect(pixels[4]).toBeCloseTo((pixels[0] + pixels[2]) / 2, 3);
    expect(Number.isNaN(pixels[6])).toBe(true);
    expect(layout.count).toBe(4);
  });

  it('gives both axes the same units per pixel when asked for an equal aspect', () => {
    const eq = layoutScatter(pts, { width: 500, height: 400, equalAspect: true });
    const ux = (eq.x.domain()[1] - eq.x.domain()[0]) / eq.plot.width;
    const uy = (eq.y.domain()[1] - eq.y.domain()[0]) / eq.plot.height;
    expect(ux).toBeCloseTo(uy, 9);
    expect(eq.x.domain()[0]).toBeLessThanOrEqual(0);
    expect(eq.y.domain()[1]).toBeGreaterThanOrEqual(5);
  });

  it('gives a unit domain around a single value and [0, 1] without data', () => {
    expect(layoutScatter(new Float32Array([3, 3]), { width: 300, height: 300 }).x.domain()).toEqual([2.5, 3.5]);
    expect(layoutScatter(new Float32Array(0), { width: 300, height: 300 }).x.domain()).toEqual([0, 1]);
  });

  it('has zoom-1 scales equal to the base scales, and ticks inside the plot', () => {
    const z = zoomedScales(layout, IDENTITY);
    expect(z.x.domain()[0]).toBeCloseTo(-0.4, 9);
    expect(z.y.domain()[1]).toBeCloseTo(5.2, 9);
    const t = scatterTicks(layout, IDENTITY);
    expect(t.x.length).toBeGreaterThanOrEqual(3);
    for (const tick of t.x) expect(tick.pos).toBeGreaterThanOrEqual(layout.plot.left - 1e-9);
    expect(t.x.map((k) => k.label)).toContain('0');
  });

  it('shows a narrower data range after zooming in, centred where the zoom was', () => {
    const cx = layout.x(5), cy = layout.y(2.5);
    const t = zoomAround(IDENTITY, cx, cy, 4);
    const z = zoomedScales(layout, t);
    const span = z.x.domain()[1] - z.x.domain()[0];
    expect(span).toBeCloseTo(10.8 / 4, 6);
    expect(z.x.invert(cx)).toBeCloseTo(5, 6);
    expect(z.y.invert(cy)).toBeCloseTo(2.5, 6);
  });
});

describe('zoomAround', () => {
  it('keeps the zoom centre fixed on screen and clamps the zoom level', () => {
    const t = zoomAround({ k: 2, x: 10, y: -5 }, 100, 80, 3);
    // The base point under (100, 80) before is still under it after.
    const base = [(100 - 10) / 2, (80 + 5) / 2];
    expect(t.k * base[0] + t.x).toBeCloseTo(100, 9);
    expect(t.k * base[1] + t.y).toBeCloseTo(80, 9);
    expect(zoomAround(IDENTITY, 0, 0, 1e9).k).toBe(MAX_ZOOM);
    expect(zoomAround(IDENTITY, 0, 0, 1e-9).k).toBe(MIN_ZOOM);
  });
});

describe('categories', () => {
  it('turns string labels into indices in first-seen order, null into −1', () => {
    const { categories, names } = categorize(['b', 'a', null, 'b']);
    expect(names).toEqual(['b', 'a']);
    expect([...categories]).toEqual([0, 1, -1, 0]);
  });

  it('counts points per category with the unlabelled last', () => {
    expect(categoryCounts([0, 1, -1, 0, 7], 5, 2)).toEqual([2, 1, 2]);
  });

  it('leaves hidden categories and non-finite points out of the visible points', () => {
    const layout = layoutScatter(pts, { width: 300, height: 300 });
    expect([...visibleIndices(layout, [0, 1, 0, 0], new Set())]).toEqual([0, 1, 2]);
    expect([...visibleIndices(layout, [0, 1, 0, 0], new Set([0]))]).toEqual([1]);
    expect([...visibleIndices(layout, [0, -1, 0, 0], new Set([-1]))]).toEqual([0, 2]);
  });

  it('groups visible points by category in category order', () => {
    const g = groupByCategory(Int32Array.from([0, 1, 2, 3]), [2, -1, 2, 0]);
    expect([...g.keys()]).toEqual([-1, 0, 2]);
    expect([...g.get(2)!]).toEqual([0, 2]);
  });
});
