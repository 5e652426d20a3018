// Pure layout of the "decodable vs causal" chart: per layer on one axis, probe accuracy (± std band) beside
// steering success (one-shot, continual), ablation effect and patching recovery, with chance and unsteered marks.
import { area, line, scaleLinear, type ScaleLinear } from 'd3';
import { OKABE_ITO, SERIES_DASHES } from '../palette';
import { toCsv } from './csv';
import { LEGEND_ROW, layerAxis, legendRows, type LayerAxis } from './layerAxis';
import { linearTicks, plotRect, tickCount, type Margin, type Rect, type Tick } from './scales';

/** One layer's numbers; the same shape as the engine's LayerEffect (null: not measured). */
export interface LayerEffectPoint {
  layer: number;
  probe: { mean: number; std: number } | null;
  steerOneshot: number | null;
  steerContinual: number | null;
  bestAlpha: number | null;
  ablation: number | null;
  patching: number | null;
}

/** What the chart draws; a LayerEffectsResult fits it as it is. */
export interface DecodableCausalData {
  layers: readonly LayerEffectPoint[];
  /** Steering success with no steering (drawn as the "unsteered" mark); null: none. */
  baseline: number | null;
}

export type SeriesKey = 'probe' | 'steerOneshot' | 'steerContinual' | 'ablation' | 'patching';
export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross';

/** Label, colour (Okabe–Ito), dash and marker of each measure: they differ in all three, so no cue needs colour. */
export const SERIES_STYLE: readonly { key: SeriesKey; label: string; color: string; dash: string; marker: MarkerShape }[] = [
  { key: 'probe', label: 'probe accuracy ± std', color: OKABE_ITO[4], dash: SERIES_DASHES[0], marker: 'circle' },
  { key: 'steerOneshot', label: 'steering, one-shot', color: OKABE_ITO[0], dash: SERIES_DASHES[1], marker: 'square' },
  { key: 'steerContinual', label: 'steering, continual', color: OKABE_ITO[5], dash: SERIES_DASHES[2], marker: 'triangle' },
  { key: 'ablation', label: 'ablation', color: OKABE_ITO[2], dash: SERIES_DASHES[3], marker: 'diamond' },
  { key: 'patching', label: 'patching recovery', color: OKABE_ITO[3], dash: SERIES_DASHES[4], marker: 'cross' },
];

export interface EffectSeries {
  key: SeriesKey;
  label: string;
  color: string;
  dash: string;
  marker: MarkerShape;
  line: string;
  /** ± std band (probe only). */
  band: string | null;
  /** Finite values only; x is the layer centre shifted by the series' dodge. */
  dots: { layer: number; x: number; y: number; value: number }[];
}

export interface DecodableCausalLayout {
  plot: Rect;
  axis: LayerAxis;
  y: ScaleLinear<number, number>;
  yTicks: Tick[];
  series: EffectSeries[];
  /** Horizontal marks: probe chance and unsteered steering success (null: not drawn). */
  chanceY: number | null;
  baselineY: number | null;
  legend: { key: SeriesKey; label: string; color: string; dash: string; marker: MarkerShape; x: number; y: number }[];
}

export const EFFECT_MARGIN: Margin = { top: 26, right: 14, bottom: 36, left: 50 };
/** Values this far outside [0, 1] widen the y axis; closer ones are drawn where they fall. */
const DOMAIN_SLACK = 0.01;

const isNum = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

export function seriesValue(p: LayerEffectPoint, key: SeriesKey): number | null {
  const v = key === 'probe' ? p.probe?.mean : p[key];
  return isNum(v) ? v : null;
}

/** [0, 1], widened (to nice values) where a value or mark falls further outside, e.g. a negative recovery. */
export function effectDomain(data: DecodableCausalData, chance: number | null): [number, number] {
  let lo = 0, hi = 1;
  for (const p of data.layers) {
    for (const s of SERIES_STYLE) {
      const v = seriesValue(p, s.key);
      if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    }
  }
  for (const m of [data.baseline, chance]) if (isNum(m)) { lo = Math.min(lo, m); hi = Math.max(hi, m); }
  const domain: [number, number] = [lo < -DOMAIN_SLACK ? lo : 0, hi > 1 + DOMAIN_SLACK ? hi : 1];
  return domain[0] === 0 && domain[1] === 1 ? domain : (scaleLinear().domain(domain).nice().domain() as [number, number]);
}

/** Horizontal shift of series k so that equal values at a layer stay visible side by side. */
function dodge(k: number, columnWidth: number): number {
  return (k - (SERIES_STYLE.length - 1) / 2) * Math.min(5, columnWidth * 0.04);
}

function seriesOf(data: DecodableCausalData, k: number, axis: LayerAxis, y: ScaleLinear<number, number>): EffectSeries {
  const style = SERIES_STYLE[k];
  const idx = data.layers.map((_, i) => i);
  const value = (i: number) => seriesValue(data.layers[i], style.key);
  const x = (i: number) => axis.columns[i].cx + dodge(k, axis.columns[i].width);
  const ok = (i: number) => value(i) !== null;
  const [lo, hi] = y.domain();
  const sd = (i: number) => (isNum(data.layers[i].probe?.std) ? data.layers[i].probe!.std : 0);
  const band = style.key !== 'probe' ? null
    : area<number>().defined(ok).x(x).y0((i) => y(Math.max(lo, value(i)! - sd(i)))).y1((i) => y(Math.min(hi, value(i)! + sd(i))))(idx) ?? '';
  return {
    ...style,
    line: line<number>().defined(ok).x(x).y((i) => y(value(i)!))(idx) ?? '',
    band,
    dots: idx.filter(ok).map((i) => ({ layer: i, x: x(i), y: y(value(i)!), value: value(i)! })),
  };
}

/** Scales, paths, markers, marks and legend for a `width`×`height` drawing area; `chance` is the probe's chance level. */
export function layoutDecodableCausal(data: DecodableCausalData, width: number, height: number, chance: number | null = 0.5): DecodableCausalLayout {
  const places = legendRows(SERIES_STYLE.map((s) => s.label), width - EFFECT_MARGIN.left - EFFECT_MARGIN.right);
  const rows = 1 + Math.max(0, ...places.map((p) => p.row));
  const plot = plotRect(width, height, { ...EFFECT_MARGIN, top: EFFECT_MARGIN.top + (rows - 1) * LEGEND_ROW });
  const axis = layerAxis(data.layers.map((p) => String(p.layer)), plot);
  const y = scaleLinear().domain(effectDomain(data, chance)).range([plot.top + plot.height, plot.top]);
  return {
    plot, axis, y, yTicks: linearTicks(y, tickCount(plot.height, 40)),
    series: SERIES_STYLE.map((_, k) => seriesOf(data, k, axis, y)),
    chanceY: isNum(chance) ? y(chance) : null,
    baselineY: isNum(data.baseline) ? y(data.baseline) : null,
    legend: SERIES_STYLE.map((s, k) => ({ ...s, x: plot.left + places[k].x, y: 9 + places[k].row * LEGEND_ROW })),
  };
}

/** One row per layer with every measure, the one-shot α, and the two marks. */
export function decodableCausalCsv(data: DecodableCausalData, chance: number | null = 0.5): string {
  return toCsv(
    ['layer', 'probe_mean', 'probe_std', 'steer_oneshot', 'steer_continual', 'best_alpha', 'ablation', 'patching', 'unsteered', 'chance'],
    data.layers.map((p) => [p.layer, p.probe?.mean, p.probe?.std, p.steerOneshot, p.steerContinual, p.bestAlpha, p.ablation, p.patching, data.baseline, chance]),
  );
}
