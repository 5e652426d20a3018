// Pure layout of the probe chart: accuracy per layer (mean ± std over folds) against majority,
// shuffled-label and control-task baselines, and a lower panel of selectivity (probe − control).
import { area, line, scaleLinear, type ScaleLinear } from 'd3';
import { toCsv } from './csv';
import { LEGEND_ROW, layerAxis, legendRows, type LayerAxis } from './layerAxis';
import { linearTicks, plotRect, tickCount, type Margin, type Rect, type Tick } from './scales';

/** Mean and standard deviation over cross-validation folds. */
export interface Score {
  mean: number;
  std: number;
}

export interface ProbeChartData {
  /** One name per layer, e.g. ["embed", "0", "1", …]. */
  layers: readonly string[];
  /** Probe accuracy per layer. */
  probe: readonly Score[];
  /** Accuracy of the same probe on a control task (random labels per word type, Hewitt & Liang). */
  control?: readonly Score[] | null;
  /** Accuracy with labels shuffled across prompts: what the probe reaches by memorising. */
  shuffled?: readonly Score[] | null;
  /** Accuracy of always answering the most common class. */
  majority?: number | null;
}

export interface SeriesPaths {
  line: string;
  band: string;
}

export interface ProbeLayout {
  plot: Rect;
  /** Selectivity panel under the accuracy panel; null without a control task. */
  selPlot: Rect | null;
  axis: LayerAxis;
  y: ScaleLinear<number, number>;
  yTicks: Tick[];
  sel: ScaleLinear<number, number> | null;
  selTicks: Tick[];
  probe: SeriesPaths;
  control: SeriesPaths | null;
  shuffled: SeriesPaths | null;
  majorityY: number | null;
  /** Probe − control per layer (null where either is missing). */
  selectivity: (number | null)[];
  bars: { x: number; y: number; width: number; height: number; value: number }[];
  legend: { key: LegendKey; label: string; x: number; y: number }[];
}

export type LegendKey = 'probe' | 'control' | 'shuffled' | 'majority';

/** Margins; the top one grows by a legend row for each row the legend wraps to. */
export const PROBE_MARGIN: Margin = { top: 26, right: 12, bottom: 34, left: 48 };
/** Share of the height given to the selectivity panel, and the gap above it. */
const SEL_SHARE = 0.24;
const SEL_GAP = 14;

/** Accuracy domain: from a tenth below the lowest mean − std or baseline, to 1. */
export function accuracyDomain(data: ProbeChartData): [number, number] {
  let lo = 1;
  for (const s of [data.probe, data.control ?? [], data.shuffled ?? []]) {
    for (const v of s) if (Number.isFinite(v.mean)) lo = Math.min(lo, v.mean - (Number.isFinite(v.std) ? v.std : 0));
  }
  if (data.majority != null && Number.isFinite(data.majority)) lo = Math.min(lo, data.majority);
  return [Math.max(0, Math.floor((lo - 0.02) * 10) / 10), 1];
}

function seriesPaths(scores: readonly Score[], cx: number[], y: ScaleLinear<number, number>): SeriesPaths {
  const ok = (s: Score) => Number.isFinite(s.mean);
  const sd = (s: Score) => (Number.isFinite(s.std) ? s.std : 0);
  const l = line<Score>().defined(ok).x((_, i) => cx[i]).y((s) => y(s.mean));
  const a = area<Score>().defined(ok).x((_, i) => cx[i]).y0((s) => y(Math.max(0, s.mean - sd(s)))).y1((s) => y(Math.min(1, s.mean + sd(s))));
  return { line: l(scores as Score[]) ?? '', band: a(scores as Score[]) ?? '' };
}

export function selectivityOf(data: ProbeChartData): (number | null)[] {
  return data.probe.map((p, i) => {
    const c = data.control?.[i];
    return c && Number.isFinite(p.mean) && Number.isFinite(c.mean) ? p.mean - c.mean : null;
  });
}

export function layoutProbeChart(data: ProbeChartData, width: number, height: number): ProbeLayout {
  checkLengths(data);
  const hasSel = !!data.control && data.control.length > 0;
  const keys: [LegendKey, string, boolean][] = [
    ['probe', 'probe ± std', true], ['control', 'control task', !!data.control], ['shuffled', 'shuffled labels', !!data.shuffled],
    ['majority', 'majority class', data.majority != null],
  ];
  const shown = keys.filter((k) => k[2]);
  const places = legendRows(shown.map((k) => k[1]), width - PROBE_MARGIN.left - PROBE_MARGIN.right);
  const rows = 1 + Math.max(0, ...places.map((p) => p.row));
  const outer = plotRect(width, height, { ...PROBE_MARGIN, top: PROBE_MARGIN.top + (rows - 1) * LEGEND_ROW });
  const selH = hasSel ? Math.round(outer.height * SEL_SHARE) : 0;
  const plot = { ...outer, height: outer.height - (hasSel ? selH + SEL_GAP : 0) };
  const selPlot = hasSel ? { ...outer, top: plot.top + plot.height + SEL_GAP, height: selH } : null;
  const axis = layerAxis(data.layers, plot);
  const cx = axis.columns.map((c) => c.cx);
  const y = scaleLinear().domain(accuracyDomain(data)).range([plot.top + plot.height, plot.top]);
  const selectivity = selectivityOf(data);
  const { sel, selTicks, bars } = selectivityPanel(selectivity, selPlot, axis);
  return {
    plot, selPlot, axis, y, yTicks: linearTicks(y, tickCount(plot.height, 36)), sel, selTicks,
    probe: seriesPaths(data.probe, cx, y),
    control: data.control ? seriesPaths(data.control, cx, y) : null,
    shuffled: data.shuffled ? seriesPaths(data.shuffled, cx, y) : null,
    majorityY: data.majority != null && Number.isFinite(data.majority) ? y(data.majority) : null,
    selectivity, bars,
    legend: shown.map(([key, label], i) => ({ key, label, x: plot.left + places[i].x, y: 9 + places[i].row * LEGEND_ROW })),
  };
}

function selectivityPanel(values: (number | null)[], selPlot: Rect | null, axis: LayerAxis) {
  if (!selPlot) return { sel: null, selTicks: [] as Tick[], bars: [] as ProbeLayout['bars'] };
  const finite = values.filter((v): v is number => v !== null);
  const lo = Math.min(0, ...finite), hi = Math.max(0.05, ...finite);
  const sel = scaleLinear().domain([lo, hi]).nice(3).range([selPlot.top + selPlot.height, selPlot.top]);
  const zero = sel(0);
  const bars = values.flatMap((v, i) => {
    if (v === null) return [];
    const c = axis.columns[i], w = Math.max(2, c.width * 0.55);
    return [{ x: c.cx - w / 2, y: Math.min(zero, sel(v)), width: w, height: Math.abs(sel(v) - zero), value: v }];
  });
  return { sel, selTicks: linearTicks(sel, 2), bars };
}

function checkLengths(data: ProbeChartData): void {
  const n = data.layers.length;
  for (const [name, s] of [['probe', data.probe], ['control', data.control], ['shuffled', data.shuffled]] as const) {
    if (s && s.length !== n) throw new Error(`ProbeChart: ${name} has ${s.length} scores for ${n} layers; give one score per layer`);
  }
}

/** One row per layer with every series and the selectivity. */
export function probeCsv(data: ProbeChartData): string {
  const sel = selectivityOf(data);
  return toCsv(
    ['layer', 'probe_mean', 'probe_std', 'control_mean', 'control_std', 'shuffled_mean', 'shuffled_std', 'majority', 'selectivity'],
    data.layers.map((layer, i) => [
      layer, data.probe[i].mean, data.probe[i].std, data.control?.[i]?.mean, data.control?.[i]?.std,
      data.shuffled?.[i]?.mean, data.shuffled?.[i]?.std, data.majority ?? null, sel[i],
    ]),
  );
}
