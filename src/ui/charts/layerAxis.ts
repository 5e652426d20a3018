// The layer axis shared by the probe and line charts: one band per layer, its centre, a clickable
// column, and tick labels thinned so they never collide.
import { scaleBand } from 'd3';
import { thinTicks, type Rect, type Tick } from './scales';

export interface LayerColumn {
  /** Left edge and width of the layer's clickable column, and its centre. */
  x: number;
  width: number;
  cx: number;
}

export interface LayerAxis {
  columns: LayerColumn[];
  ticks: Tick[];
}

/** Bands across `plot` for layers named `labels` (index order); ticks keep ≥ `minSpacing` px apart. */
export function layerAxis(labels: readonly string[], plot: Rect, minSpacing = 28): LayerAxis {
  const band = scaleBand<number>().domain(labels.map((_, i) => i)).range([plot.left, plot.left + plot.width]).paddingInner(0).paddingOuter(0.25);
  const columns = labels.map((_, i) => {
    const x = band(i)!;
    return { x, width: band.bandwidth(), cx: x + band.bandwidth() / 2 };
  });
  const all = labels.map((label, i) => ({ value: i, pos: columns[i].cx, label }));
  const widest = Math.max(0, ...labels.map((l) => l.length)) * 6.5 + 6;
  return { columns, ticks: thinTicks(all, Math.max(minSpacing, widest)) };
}

/** Default layer names: "0", "1", …, or "embed" first when the first entry is the embedding. */
export function layerLabels(count: number, withEmbedding = false): string[] {
  return Array.from({ length: count }, (_, i) => (withEmbedding ? (i === 0 ? 'embed' : String(i - 1)) : String(i)));
}

/** Estimated width of a legend entry: line swatch and gap (22 px), ~6.2 px per character at 11 px, spacing 12 px. */
export function legendEntryWidth(label: string): number {
  return 22 + label.length * 6.2 + 12;
}

/** Height of one legend row in SVG legends, in px. */
export const LEGEND_ROW = 17;

/** Legend entries laid out left to right, wrapping to a new row where `width` runs out. */
export function legendRows(labels: readonly string[], width: number): { x: number; row: number }[] {
  let x = 0, row = 0;
  return labels.map((l) => {
    const w = legendEntryWidth(l);
    if (x > 0 && x + w - 12 > width) { x = 0; row++; }
    const at = { x, row };
    x += w;
    return at;
  });
}
