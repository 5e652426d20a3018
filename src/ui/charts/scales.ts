// Layout helpers shared by every chart: plot rectangles, padded domains, ticks and number formats.
import { format, scaleLinear, type ScaleLinear } from 'd3';

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** A tick mark: its value, its position in pixels and its printed label. */
export interface Tick {
  value: number;
  pos: number;
  label: string;
}

/** The plotting area left inside a `width`×`height` box by `margin`; never negative. */
export function plotRect(width: number, height: number, margin: Margin): Rect {
  return {
    left: margin.left,
    top: margin.top,
    width: Math.max(0, width - margin.left - margin.right),
    height: Math.max(0, height - margin.top - margin.bottom),
  };
}

/**
 * [min, max] of the finite values, widened by `pad` × span on each side so points never sit on the
 * frame; a single value gets a unit-wide domain around it, no values give [0, 1].
 */
export function paddedDomain(values: ArrayLike<number>, pad = 0.05, stride = 1, offset = 0): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = offset; i < values.length; i += stride) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return [0, 1];
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  const span = hi - lo;
  return [lo - pad * span, hi + pad * span];
}

/** A tick count that leaves about `spacing` pixels between labels. */
export function tickCount(pixels: number, spacing = 70): number {
  return Math.max(2, Math.round(pixels / spacing));
}

/** Ticks of a linear scale with d3's nice values and matching precision. */
export function linearTicks(scale: ScaleLinear<number, number>, count: number): Tick[] {
  const fmt = scale.tickFormat(count);
  return scale.ticks(count).map((value) => ({ value, pos: scale(value), label: fmt(value).replace('−', '-') }));
}

/** A linear scale over `domain` onto `range`, for callers that do not want to import d3. */
export function linear(domain: [number, number], range: [number, number]): ScaleLinear<number, number> {
  return scaleLinear().domain(domain).range(range);
}

const FIXED3 = format('.3f');
const SIG3 = format('.3~s');

/** Numbers in readouts and CSV-like text: three decimals in [−10, 10], else three significant digits with an SI suffix (1.23k). */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return Math.abs(v) < 10 ? FIXED3(v).replace('−', '-') : SIG3(v).replace('−', '-');
}

/** The frame around every chart (ChartFrame): border, padding, title row and readout row, in px. */
export const FRAME = { border: 1, padX: 12, padY: 8, header: 28, readout: 18 } as const;

/** The drawing area left inside a chart's outer `width`×`height` box. */
export function chartBodySize(width: number, height: number): { width: number; height: number } {
  return {
    width: Math.max(0, width - 2 * (FRAME.border + FRAME.padX)),
    height: Math.max(0, height - 2 * (FRAME.border + FRAME.padY) - FRAME.header - FRAME.readout),
  };
}

/** Every k-th tick, with k the smallest step that leaves `minSpacing` px between labels. */
export function thinTicks<T extends { pos: number }>(ticks: readonly T[], minSpacing: number): T[] {
  if (ticks.length < 2) return [...ticks];
  const step = Math.abs(ticks[1].pos - ticks[0].pos);
  const k = step <= 0 ? 1 : Math.max(1, Math.ceil(minSpacing / step));
  return ticks.filter((_, i) => i % k === 0);
}
