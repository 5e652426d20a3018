// Pure layout of a matrix heat map (CKA layer × layer, cosine of directions across layers): square
// cells, a colour-blind-safe sequential or diverging scale, and a colour legend with ticks.
import { format, scaleLinear } from 'd3';
import { divergingInterpolator, sequentialInterpolator, textColorOn, type SequentialName } from '../palette';
import { toCsv } from './csv';
import { linearTicks, plotRect, thinTicks, type Margin, type Rect, type Tick } from './scales';

export type HeatScale =
  | { kind: 'sequential'; scheme?: SequentialName; domain?: [number, number] }
  | { kind: 'diverging'; domain?: [number, number] };

export interface HeatCell {
  row: number;
  col: number;
  x: number;
  y: number;
  value: number;
  /** Fill colour; null for missing (non-finite) values. */
  fill: string | null;
  /** Colour for a number printed in the cell. */
  text: string;
}

export interface HeatmapLayout {
  grid: Rect;
  cell: number;
  cells: HeatCell[];
  domain: [number, number];
  rowTicks: Tick[];
  colTicks: Tick[];
  legend: { x: number; y: number; width: number; height: number; stops: { offset: number; color: string }[]; ticks: Tick[] };
  /** Whether cells are big enough for printed values. */
  roomForValues: boolean;
}

/** The right margin holds the colour legend: gap 14, bar 12, tick labels ~40, title ~18. */
export const HEATMAP_MARGIN: Margin = { top: 6, right: 86, bottom: 38, left: 52 };
/** Cells at least this many pixels wide get their value printed. */
const VALUE_MIN_CELL = 30;
const LEGEND_BAR = 12;

/** The scale's domain: given, or the data's range (sequential) or ±max|v| (diverging, centred on 0). */
export function heatDomain(scale: HeatScale, values: ArrayLike<number>): [number, number] {
  if (scale.domain) return scale.domain;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) { lo = Math.min(lo, values[i]); hi = Math.max(hi, values[i]); }
  }
  if (lo > hi) return scale.kind === 'diverging' ? [-1, 1] : [0, 1];
  if (scale.kind === 'diverging') {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    return [-m, m];
  }
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

/** Value → colour for a scale and domain; values outside the domain take the end colours. */
export function heatColor(scale: HeatScale, domain: [number, number]): (v: number) => string | null {
  const interp = scale.kind === 'diverging' ? divergingInterpolator() : sequentialInterpolator(scale.scheme ?? 'viridis');
  const [lo, hi] = domain;
  return (v) => (Number.isFinite(v) ? interp(Math.max(0, Math.min(1, (v - lo) / (hi - lo || 1)))) : null);
}

export function layoutHeatmap(values: ArrayLike<number>, rows: number, cols: number, rowLabels: readonly string[], colLabels: readonly string[], scale: HeatScale, width: number, height: number): HeatmapLayout {
  if (values.length !== rows * cols) throw new Error(`Heatmap: ${values.length} values for a ${rows}×${cols} matrix; pass rows·cols values, row-major`);
  const area = plotRect(width, height, HEATMAP_MARGIN);
  const cell = Math.max(1, Math.floor(Math.min(area.width / Math.max(1, cols), area.height / Math.max(1, rows))));
  const grid = { left: area.left, top: area.top, width: cell * cols, height: cell * rows };
  const domain = heatDomain(scale, values);
  const color = heatColor(scale, domain);
  const cells: HeatCell[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c], fill = color(v);
      cells.push({ row: r, col: c, x: grid.left + c * cell, y: grid.top + r * cell, value: v, fill, text: fill ? textColorOn(fill) : '#000000' });
    }
  }
  const labelTicks = (labels: readonly string[], start: number) => labels.map((label, i) => ({ value: i, pos: start + (i + 0.5) * cell, label }));
  return {
    grid, cell, cells, domain,
    rowTicks: thinTicks(labelTicks(rowLabels, grid.top), 14),
    colTicks: thinTicks(labelTicks(colLabels, grid.left), Math.max(22, Math.max(0, ...colLabels.map((l) => l.length)) * 6.5 + 6)),
    legend: colourLegend(scale, domain, grid),
    roomForValues: cell >= VALUE_MIN_CELL,
  };
}

function colourLegend(scale: HeatScale, domain: [number, number], grid: Rect): HeatmapLayout['legend'] {
  const color = heatColor(scale, domain);
  const x = grid.left + grid.width + 14, y = grid.top, h = grid.height;
  const stops = Array.from({ length: 11 }, (_, k) => ({ offset: k / 10, color: color(domain[1] - (k / 10) * (domain[1] - domain[0]))! }));
  const s = scaleLinear().domain(domain).range([y + h, y]);
  return { x, y, width: LEGEND_BAR, height: h, stops, ticks: linearTicks(s, Math.max(2, Math.min(6, Math.round(h / 40)))) };
}

const FMT2 = format('.2f');

/** The value printed inside a cell. */
export function cellLabel(v: number): string {
  return Number.isFinite(v) ? FMT2(v).replace('−', '-') : '–';
}

/** The matrix as CSV: a header of column labels, then one row per row label. */
export function heatmapCsv(values: ArrayLike<number>, rows: number, cols: number, rowLabels: readonly string[], colLabels: readonly string[]): string {
  const out = Array.from({ length: rows }, (_, r) => [rowLabels[r], ...Array.from({ length: cols }, (_, c) => values[r * cols + c])]);
  return toCsv(['', ...colLabels], out);
}

/** The cell an arrow, Home or End key moves to (clamped to the grid), or null for other keys. */
export function moveCell([r, c]: readonly [number, number], key: string, rows: number, cols: number): [number, number] | null {
  const moves: Record<string, [number, number]> = { ArrowUp: [r - 1, c], ArrowDown: [r + 1, c], ArrowLeft: [r, c - 1], ArrowRight: [r, c + 1], Home: [r, 0], End: [r, cols - 1] };
  const to = moves[key];
  return to ? [Math.max(0, Math.min(rows - 1, to[0])), Math.max(0, Math.min(cols - 1, to[1]))] : null;
}
