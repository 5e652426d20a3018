// Pure layout of a line chart over a numeric x axis (steering success vs α, recovery vs components
// patched, projection vs generated token): several series, reference marks and a legend.
import { line, scaleLinear, type ScaleLinear } from 'd3';
import { OKABE_ITO, SERIES_DASHES } from '../palette';
import { toCsv } from './csv';
import { LEGEND_ROW, legendRows } from './layerAxis';
import { linearTicks, paddedDomain, plotRect, tickCount, type Margin, type Rect, type Tick } from './scales';

export interface XYSeries {
  name: string;
  xs: readonly number[];
  /** One per x; null or NaN leaves a gap. */
  ys: readonly (number | null)[];
  /** Default: the series' Okabe–Ito colour and dash by index. */
  color?: string;
  dash?: string;
}

/** A reference line across the plot: horizontal at y = value, or vertical at x = value. */
export interface XYMark {
  axis: 'x' | 'y';
  value: number;
  label: string;
}

export interface XYOptions {
  xDomain?: [number, number];
  yDomain?: [number, number];
  marks?: readonly XYMark[];
  /** Integer x ticks only (token or component counts). */
  integerX?: boolean;
}

export interface XYPath {
  name: string;
  color: string;
  dash: string;
  line: string;
  dots: { x: number; y: number; at: number; value: number }[];
}

export interface XYLayout {
  plot: Rect;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  xTicks: Tick[];
  yTicks: Tick[];
  paths: XYPath[];
  /** Lines across the plot; a horizontal mark's `labelY` is pushed up when it would overlap the label below. */
  marks: (XYMark & { x1: number; x2: number; y1: number; y2: number; labelY: number })[];
  legend: { name: string; color: string; dash: string; x: number; y: number }[];
  /** Every distinct x of the data, ascending, with its pixel position (hover and keyboard stops). */
  stops: { value: number; pos: number }[];
}

export const XY_MARGIN: Margin = { top: 26, right: 14, bottom: 34, left: 48 };

const isNum = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

export function layoutXY(series: readonly XYSeries[], width: number, height: number, options: XYOptions = {}): XYLayout {
  for (const s of series) {
    if (s.xs.length !== s.ys.length) throw new Error(`XY chart: series "${s.name}" has ${s.xs.length} x values and ${s.ys.length} y values; give one y per x`);
  }
  const places = legendRows(series.map((s) => s.name), width - XY_MARGIN.left - XY_MARGIN.right);
  const rows = 1 + Math.max(0, ...places.map((p) => p.row));
  const plot = plotRect(width, height, { ...XY_MARGIN, top: XY_MARGIN.top + (rows - 1) * LEGEND_ROW });
  const marks = options.marks ?? [];
  const allX = series.flatMap((s) => s.xs).filter(isNum);
  const xd = options.xDomain ?? (allX.length ? paddedDomain(allX, 0.03) : [0, 1]);
  const yd = options.yDomain ?? paddedDomain([...series.flatMap((s) => s.ys.filter(isNum)), ...marks.filter((m) => m.axis === 'y').map((m) => m.value)], 0.05);
  const x = scaleLinear().domain(xd).range([plot.left, plot.left + plot.width]);
  const y = scaleLinear().domain(yd).range([plot.top + plot.height, plot.top]);
  const n = tickCount(plot.width, 60);
  const xTicks = options.integerX
    ? linearTicks(x, n).filter((t) => Number.isInteger(t.value)).map((t) => ({ ...t, label: String(t.value) }))
    : linearTicks(x, n);
  const paths = series.map((s, k) => xyPath(s, k, x, y));
  return {
    plot, x, y, xTicks, yTicks: linearTicks(y, tickCount(plot.height, 36)), paths,
    marks: placeMarks(marks, plot, x, y),
    legend: paths.map((p, k) => ({ name: p.name, color: p.color, dash: p.dash, x: plot.left + places[k].x, y: 9 + places[k].row * LEGEND_ROW })),
    stops: [...new Set(allX)].sort((a, b) => a - b).map((value) => ({ value, pos: x(value) })),
  };
}

/** Minimum vertical distance between the labels of horizontal marks, in px. */
const MARK_LABEL_GAP = 11;

function placeMarks(marks: readonly XYMark[], plot: Rect, x: ScaleLinear<number, number>, y: ScaleLinear<number, number>): XYLayout['marks'] {
  // From the lowest line up, each label sits just above its line or a gap above the previous label.
  let below = Infinity;
  const order = marks.map((_, i) => i).sort((a, b) => y(marks[b].value) - y(marks[a].value));
  const labelY: number[] = [];
  for (const i of order) {
    if (marks[i].axis === 'x') { labelY[i] = plot.top + 10; continue; }
    labelY[i] = below = Math.min(y(marks[i].value) - 3, below - MARK_LABEL_GAP);
  }
  return marks.map((m, i) => (m.axis === 'y'
    ? { ...m, x1: plot.left, x2: plot.left + plot.width, y1: y(m.value), y2: y(m.value), labelY: labelY[i] }
    : { ...m, x1: x(m.value), x2: x(m.value), y1: plot.top, y2: plot.top + plot.height, labelY: labelY[i] }));
}

function xyPath(s: XYSeries, k: number, x: ScaleLinear<number, number>, y: ScaleLinear<number, number>): XYPath {
  const idx = s.xs.map((_, i) => i).sort((a, b) => s.xs[a] - s.xs[b]);
  const ok = (i: number) => isNum(s.xs[i]) && isNum(s.ys[i]);
  const path = line<number>().defined(ok).x((i) => x(s.xs[i])).y((i) => y(s.ys[i] as number));
  return {
    name: s.name,
    color: s.color ?? OKABE_ITO[k % OKABE_ITO.length],
    dash: s.dash ?? SERIES_DASHES[k % SERIES_DASHES.length],
    line: path(idx) ?? '',
    dots: idx.filter(ok).map((i) => ({ x: x(s.xs[i]), y: y(s.ys[i] as number), at: s.xs[i], value: s.ys[i] as number })),
  };
}

/** The stop nearest to pixel `px` (index into layout.stops), or null when there are none. */
export function nearestStop(layout: XYLayout, px: number): number | null {
  let best: number | null = null;
  layout.stops.forEach((s, i) => {
    if (best === null || Math.abs(s.pos - px) < Math.abs(layout.stops[best].pos - px)) best = i;
  });
  return best;
}

/** Each series' y at x = `at` (null where it has none). */
export function valuesAt(series: readonly XYSeries[], at: number): (number | null)[] {
  return series.map((s) => {
    const i = s.xs.indexOf(at);
    return i < 0 || !isNum(s.ys[i]) ? null : (s.ys[i] as number);
  });
}

/** One row per distinct x, a column per series. */
export function xyCsv(xName: string, series: readonly XYSeries[]): string {
  const xs = [...new Set(series.flatMap((s) => s.xs))].sort((a, b) => a - b);
  return toCsv([xName, ...series.map((s) => s.name)], xs.map((at) => [at, ...valuesAt(series, at)]));
}
