// Pure layout of the per-layer line chart (e.g. reading accuracy of several direction methods):
// one line per series with an optional ± std band, distinct colour and dash, and a baseline.
import { area, line, scaleLinear, type ScaleLinear } from 'd3';
import { OKABE_ITO, SERIES_DASHES } from '../palette';
import { toCsv } from './csv';
import { LEGEND_ROW, layerAxis, legendRows, type LayerAxis } from './layerAxis';
import { linearTicks, paddedDomain, plotRect, tickCount, type Margin, type Rect, type Tick } from './scales';

export interface LineSeries {
  name: string;
  /** One value per layer; null (or NaN) leaves a gap. */
  values: readonly (number | null)[];
  /** Optional spread per layer, drawn as a band. */
  std?: readonly (number | null)[];
}

export interface LineLayoutOptions {
  /** Fixed y domain, e.g. [0.5, 1] for accuracy; default: the data (and baseline) padded. */
  yDomain?: [number, number];
  /** A horizontal reference, e.g. chance accuracy. */
  baseline?: number | null;
}

export interface LinePath {
  name: string;
  color: string;
  dash: string;
  line: string;
  band: string | null;
  /** Marker positions (finite values only). */
  dots: { layer: number; x: number; y: number }[];
}

export interface LineLayout {
  plot: Rect;
  axis: LayerAxis;
  y: ScaleLinear<number, number>;
  yTicks: Tick[];
  paths: LinePath[];
  baselineY: number | null;
  legend: { name: string; color: string; dash: string; x: number; y: number }[];
}

/** Margins; the top one grows by a legend row for each row the legend wraps to. */
export const LINE_MARGIN: Margin = { top: 26, right: 12, bottom: 34, left: 48 };

const isNum = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

/** The y domain: the given one, or every value ± std and the baseline, padded 5%. */
export function lineDomain(series: readonly LineSeries[], options: LineLayoutOptions = {}): [number, number] {
  if (options.yDomain) return options.yDomain;
  const vals: number[] = [];
  for (const s of series) {
    s.values.forEach((v, i) => {
      if (!isNum(v)) return;
      const sd = s.std?.[i];
      vals.push(v - (isNum(sd) ? sd : 0), v + (isNum(sd) ? sd : 0));
    });
  }
  if (isNum(options.baseline)) vals.push(options.baseline);
  return paddedDomain(vals, 0.05);
}

export function layoutLineChart(layers: readonly string[], series: readonly LineSeries[], width: number, height: number, options: LineLayoutOptions = {}): LineLayout {
  for (const s of series) {
    if (s.values.length !== layers.length) throw new Error(`LineChart: series "${s.name}" has ${s.values.length} values for ${layers.length} layers; give one per layer (null for none)`);
  }
  const places = legendRows(series.map((s) => s.name), width - LINE_MARGIN.left - LINE_MARGIN.right);
  const rows = 1 + Math.max(0, ...places.map((p) => p.row));
  const plot = plotRect(width, height, { ...LINE_MARGIN, top: LINE_MARGIN.top + (rows - 1) * LEGEND_ROW });
  const axis = layerAxis(layers, plot);
  const y = scaleLinear().domain(lineDomain(series, options)).range([plot.top + plot.height, plot.top]);
  const cx = axis.columns.map((c) => c.cx);
  const paths = series.map((s, k) => seriesPath(s, k, cx, y));
  return {
    plot, axis, y, yTicks: linearTicks(y, tickCount(plot.height, 40)), paths,
    baselineY: isNum(options.baseline) ? y(options.baseline) : null,
    legend: paths.map((p, k) => ({ name: p.name, color: p.color, dash: p.dash, x: plot.left + places[k].x, y: 9 + places[k].row * LEGEND_ROW })),
  };
}

function seriesPath(s: LineSeries, k: number, cx: number[], y: ScaleLinear<number, number>): LinePath {
  const idx = s.values.map((_, i) => i);
  const ok = (i: number) => isNum(s.values[i]);
  const sd = (i: number) => (isNum(s.std?.[i]) ? (s.std![i] as number) : 0);
  const l = line<number>().defined(ok).x((i) => cx[i]).y((i) => y(s.values[i] as number));
  const a = area<number>().defined(ok).x((i) => cx[i]).y0((i) => y((s.values[i] as number) - sd(i))).y1((i) => y((s.values[i] as number) + sd(i)));
  return {
    name: s.name,
    color: OKABE_ITO[k % OKABE_ITO.length],
    dash: SERIES_DASHES[k % SERIES_DASHES.length],
    line: l(idx) ?? '',
    band: s.std ? a(idx) ?? '' : null,
    dots: idx.filter(ok).map((i) => ({ layer: i, x: cx[i], y: y(s.values[i] as number) })),
  };
}

/** One row per layer, a column per series (and its std when given). */
export function lineCsv(layers: readonly string[], series: readonly LineSeries[]): string {
  const header = ['layer', ...series.flatMap((s) => (s.std ? [s.name, `${s.name}_std`] : [s.name]))];
  return toCsv(header, layers.map((layer, i) => [layer, ...series.flatMap((s) => (s.std ? [s.values[i], s.std[i]] : [s.values[i]]))]));
}
