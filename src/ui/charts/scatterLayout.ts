// Pure layout of the scatter plot: data → pixel positions, scales, zoomed ticks, visible points and
// categories. Pixels are in the chart's SVG coordinates; a zoom maps them to screen = k·p + (x, y).
import { scaleLinear, type ScaleLinear } from 'd3';
import { linearTicks, paddedDomain, plotRect, tickCount, type Margin, type Rect, type Tick } from './scales';

export interface ZoomTransform {
  k: number;
  x: number;
  y: number;
}

export const IDENTITY: ZoomTransform = { k: 1, x: 0, y: 0 };
export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 400;
export const SCATTER_MARGIN: Margin = { top: 10, right: 14, bottom: 40, left: 52 };

export interface ScatterLayout {
  width: number;
  height: number;
  plot: Rect;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** Interleaved pixel positions of every point at zoom 1 (NaN for non-finite data). */
  pixels: Float32Array;
  count: number;
}

export interface ScatterLayoutOptions {
  width: number;
  height: number;
  margin?: Margin;
  /** One data unit is as long on both axes, so distances and angles are true. Default false. */
  equalAspect?: boolean;
  /** Fraction of the span added on each side of the data. Default 0.04. */
  padding?: number;
}

/** Scales and pixel positions for interleaved points [x0, y0, x1, y1, …]. */
export function layoutScatter(points: Float32Array, options: ScatterLayoutOptions): ScatterLayout {
  const { width, height, padding = 0.04 } = options;
  const plot = plotRect(width, height, options.margin ?? SCATTER_MARGIN);
  let dx = paddedDomain(points, padding, 2, 0), dy = paddedDomain(points, padding, 2, 1);
  if (options.equalAspect) [dx, dy] = equalise(dx, dy, plot);
  const x = scaleLinear().domain(dx).range([plot.left, plot.left + plot.width]);
  const y = scaleLinear().domain(dy).range([plot.top + plot.height, plot.top]);
  const count = Math.floor(points.length / 2);
  const pixels = new Float32Array(2 * count);
  for (let i = 0; i < count; i++) {
    const px = points[2 * i], py = points[2 * i + 1];
    const ok = Number.isFinite(px) && Number.isFinite(py);
    pixels[2 * i] = ok ? x(px) : NaN;
    pixels[2 * i + 1] = ok ? y(py) : NaN;
  }
  return { width, height, plot, x, y, pixels, count };
}

/** Widens the shorter domain so that units per pixel match on both axes. */
function equalise(dx: [number, number], dy: [number, number], plot: Rect): [[number, number], [number, number]] {
  const ux = (dx[1] - dx[0]) / Math.max(1, plot.width), uy = (dy[1] - dy[0]) / Math.max(1, plot.height);
  const u = Math.max(ux, uy);
  const grow = (d: [number, number], px: number): [number, number] => {
    const mid = (d[0] + d[1]) / 2, half = (u * Math.max(1, px)) / 2;
    return [mid - half, mid + half];
  };
  return [grow(dx, plot.width), grow(dy, plot.height)];
}

/** The axes' scales after a zoom: the data range now visible inside the plot. */
export function zoomedScales(layout: ScatterLayout, t: ZoomTransform): { x: ScaleLinear<number, number>; y: ScaleLinear<number, number> } {
  const { plot } = layout;
  const x0 = layout.x.invert((plot.left - t.x) / t.k), x1 = layout.x.invert((plot.left + plot.width - t.x) / t.k);
  const y0 = layout.y.invert((plot.top + plot.height - t.y) / t.k), y1 = layout.y.invert((plot.top - t.y) / t.k);
  return {
    x: scaleLinear().domain([x0, x1]).range([plot.left, plot.left + plot.width]),
    y: scaleLinear().domain([y0, y1]).range([plot.top + plot.height, plot.top]),
  };
}

/** Tick marks for both axes at a zoom, spaced for the plot's size. */
export function scatterTicks(layout: ScatterLayout, t: ZoomTransform): { x: Tick[]; y: Tick[] } {
  const s = zoomedScales(layout, t);
  return { x: linearTicks(s.x, tickCount(layout.plot.width, 80)), y: linearTicks(s.y, tickCount(layout.plot.height, 60)) };
}

/** Zooms by `factor` keeping screen point (cx, cy) fixed, within [MIN_ZOOM, MAX_ZOOM]. */
export function zoomAround(t: ZoomTransform, cx: number, cy: number, factor: number): ZoomTransform {
  const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, t.k * factor));
  const r = k / t.k;
  return { k, x: cx - (cx - t.x) * r, y: cy - (cy - t.y) * r };
}

/** Indices of the points that are drawn: finite and not in a hidden category (−1 = unlabelled). */
export function visibleIndices(layout: ScatterLayout, categories: ArrayLike<number>, hidden: ReadonlySet<number>): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < layout.count; i++) {
    if (!Number.isFinite(layout.pixels[2 * i])) continue;
    if (hidden.size > 0 && hidden.has(categoryOf(categories, i))) continue;
    out.push(i);
  }
  return Int32Array.from(out);
}

/** Category of point i, −1 when it has none. */
export function categoryOf(categories: ArrayLike<number>, i: number): number {
  const c = categories[i];
  return c === undefined || c < 0 || !Number.isFinite(c) ? -1 : c;
}

/** Category indices and names from string labels; null becomes −1 (unlabelled). Names keep first-seen order. */
export function categorize(labels: readonly (string | null)[]): { categories: Int32Array; names: string[] } {
  const names: string[] = [];
  const index = new Map<string, number>();
  const categories = new Int32Array(labels.length);
  labels.forEach((l, i) => {
    if (l === null) { categories[i] = -1; return; }
    let c = index.get(l);
    if (c === undefined) { c = names.length; index.set(l, c); names.push(l); }
    categories[i] = c;
  });
  return { categories, names };
}

/** Points per category; the last entry counts the unlabelled. */
export function categoryCounts(categories: ArrayLike<number>, n: number, categoryCount: number): number[] {
  const counts = new Array<number>(categoryCount + 1).fill(0);
  for (let i = 0; i < n; i++) {
    const c = categoryOf(categories, i);
    counts[c < 0 || c >= categoryCount ? categoryCount : c]++;
  }
  return counts;
}

/** The visible indices grouped by category, so drawing sets each colour once. */
export function groupByCategory(indices: Int32Array, categories: ArrayLike<number>): Map<number, Int32Array> {
  const groups = new Map<number, number[]>();
  for (const i of indices) {
    const c = categoryOf(categories, i);
    let g = groups.get(c);
    if (!g) groups.set(c, (g = []));
    g.push(i);
  }
  return new Map([...groups].sort(([a], [b]) => a - b).map(([c, g]) => [c, Int32Array.from(g)]));
}
