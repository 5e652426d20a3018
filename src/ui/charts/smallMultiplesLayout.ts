// Pure layout of small multiples: one square cell per layer in the grid that makes cells largest,
// and each layer's points fitted into its cell (own domain, equal aspect, so shapes stay true).
import { toCsv } from './csv';
import { paddedDomain, type Rect } from './scales';
import { categoryOf } from './scatterLayout';

export interface MultipleCell extends Rect {
  layer: number;
  /** Where points go: the cell inset so that none touch the frame. */
  inner: Rect;
}

export interface SmallMultiplesLayout {
  cols: number;
  rows: number;
  size: number;
  cells: MultipleCell[];
}

/** Padding inside each cell, in pixels; the top leaves room for the layer name. */
const INSET = { top: 16, side: 5 };

/** The grid of `count` square cells separated by `gap` that fits `width`×`height` with the largest cells. */
export function layoutSmallMultiples(count: number, width: number, height: number, gap = 8): SmallMultiplesLayout {
  let best = { cols: 1, rows: Math.max(1, count), size: 0 };
  for (let cols = 1; cols <= Math.max(1, count); cols++) {
    const rows = Math.max(1, Math.ceil(count / cols));
    const size = Math.floor(Math.min((width - (cols - 1) * gap) / cols, (height - (rows - 1) * gap) / rows));
    if (size > best.size) best = { cols, rows, size };
  }
  const { cols, rows, size } = best;
  const cells = Array.from({ length: count }, (_, layer) => {
    const x = (layer % cols) * (size + gap), y = Math.floor(layer / cols) * (size + gap);
    const inner = { left: x + INSET.side, top: y + INSET.top, width: Math.max(0, size - 2 * INSET.side), height: Math.max(0, size - INSET.top - INSET.side) };
    return { layer, left: x, top: y, width: size, height: size, inner };
  });
  return { cols, rows, size: Math.max(0, size), cells };
}

/** Pixel positions of one layer's interleaved points inside `rect`, same scale on both axes. */
export function fitPointsToRect(points: Float32Array, rect: Rect): Float32Array {
  const dx = paddedDomain(points, 0.02, 2, 0), dy = paddedDomain(points, 0.02, 2, 1);
  const unit = Math.max((dx[1] - dx[0]) / Math.max(1, rect.width), (dy[1] - dy[0]) / Math.max(1, rect.height));
  const mx = (dx[0] + dx[1]) / 2, my = (dy[0] + dy[1]) / 2;
  const cx = rect.left + rect.width / 2, cy = rect.top + rect.height / 2;
  const out = new Float32Array(points.length);
  for (let i = 0; i + 1 < points.length; i += 2) {
    const ok = Number.isFinite(points[i]) && Number.isFinite(points[i + 1]);
    out[i] = ok ? cx + (points[i] - mx) / unit : NaN;
    out[i + 1] = ok ? cy - (points[i + 1] - my) / unit : NaN;
  }
  return out;
}

/** Arrow-key movement in a grid of `count` cells, `cols` wide; stays inside the grid. */
export function moveInGrid(at: number, key: string, cols: number, count: number): number {
  const moves: Record<string, number> = { ArrowLeft: at - 1, ArrowRight: at + 1, ArrowUp: at - cols, ArrowDown: at + cols, Home: 0, End: count - 1 };
  const to = moves[key];
  return to === undefined || to < 0 || to >= count ? at : to;
}

/** Every layer's points: layer, index, x, y, label. */
export function smallMultiplesCsv(projections: readonly Float32Array[], layerNames: readonly string[], categories: ArrayLike<number>, names: readonly string[]): string {
  const rows = function* () {
    for (let l = 0; l < projections.length; l++) {
      const p = projections[l];
      for (let i = 0; 2 * i + 1 < p.length; i++) {
        const c = categoryOf(categories, i);
        yield [layerNames[l], i, p[2 * i], p[2 * i + 1], c >= 0 ? names[c] ?? null : null];
      }
    }
  };
  return toCsv(['layer', 'index', 'x', 'y', 'label'], rows());
}
