// Lasso selection: which points lie inside a hand-drawn polygon (d3-polygon's even–odd test after
// a bounding-box check that rejects most points cheaply).
import { polygonContains } from 'd3';

export type Vertex = [number, number];

/** Indices (ascending, from `indices`) of the points whose pixel position lies inside `polygon`. */
export function pointsInPolygon(pixels: Float32Array, indices: ArrayLike<number>, polygon: readonly Vertex[]): number[] {
  if (polygon.length < 3) return [];
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of polygon) {
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  const poly = polygon as Vertex[];
  const out: number[] = [];
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    const x = pixels[2 * i], y = pixels[2 * i + 1];
    if (!(x >= x0 && x <= x1 && y >= y0 && y <= y1)) continue;
    if (polygonContains(poly, [x, y])) out.push(i);
  }
  return out.sort((a, b) => a - b);
}

/** SVG path data of a lasso in progress (open) or finished (closed). */
export function lassoPath(polygon: readonly Vertex[], closed: boolean): string {
  if (polygon.length === 0) return '';
  const body = polygon.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join('');
  return closed ? body + 'Z' : body;
}

/** Maps screen-space lasso vertices back through a zoom (screen = k·base + offset). */
export function unzoomPolygon(polygon: readonly Vertex[], t: { k: number; x: number; y: number }): Vertex[] {
  return polygon.map(([x, y]) => [(x - t.x) / t.k, (y - t.y) / t.k]);
}
