// Pure picking for the scatter under a zoom: the point under the cursor, the points inside a lasso,
// where a point is on screen. Shared by the component and its tests.
import { pointsInPolygon, unzoomPolygon, type Vertex } from './lasso';
import type { Rect } from './scales';
import type { ScatterLayout, ZoomTransform } from './scatterLayout';
import { nearestPoint, type PointGrid } from './spatialIndex';

export function inRect(r: Rect, x: number, y: number): boolean {
  return x >= r.left && x <= r.left + r.width && y >= r.top && y <= r.top + r.height;
}

/** Where point i is drawn under zoom t. */
export function screenOf(layout: ScatterLayout, t: ZoomTransform, i: number): [number, number] {
  return [t.k * layout.pixels[2 * i] + t.x, t.k * layout.pixels[2 * i + 1] + t.y];
}

/** The visible point nearest to screen (x, y) within `radius` screen pixels, or null (also outside the plot). */
export function pickPoint(layout: ScatterLayout, grid: PointGrid, t: ZoomTransform, x: number, y: number, radius: number): number | null {
  if (!inRect(layout.plot, x, y)) return null;
  const i = nearestPoint(grid, (x - t.x) / t.k, (y - t.y) / t.k, radius / t.k);
  return i >= 0 ? i : null;
}

/** Visible points inside a screen-space lasso and inside the plot (points panned out of view are not chosen). */
export function lassoPick(layout: ScatterLayout, visible: Int32Array, t: ZoomTransform, polygon: readonly Vertex[]): number[] {
  return pointsInPolygon(layout.pixels, visible, unzoomPolygon(polygon, t)).filter((i) => inRect(layout.plot, ...screenOf(layout, t, i)));
}
