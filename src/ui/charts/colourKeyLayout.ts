// The colour key beside a grid chart, as plain data: gradient stops and tick labels along the bar, for a
// linear scale (recovery, probability, attention) or a logarithmic one (token ranks).
import { scaleLinear, scaleLog } from 'd3';

export interface ColourKey {
  title: string;
  /** Gradient stops from the top of the bar (offset 0) to its bottom (offset 1). */
  stops: { offset: number; color: string }[];
  /** Tick labels by height on the bar: 0 = bottom, 1 = top. */
  ticks: { at: number; label: string }[];
}

const STOPS = 11;

/** A key for a linear scale over `domain`; `labels` may rename ticks (e.g. 1 → "1 clean"). */
export function linearColourKey(title: string, domain: [number, number], color: (v: number) => string, count = 5, labels: Record<number, string> = {}): ColourKey {
  const [lo, hi] = domain;
  const s = scaleLinear().domain(domain);
  const fmt = s.tickFormat(count);
  return {
    title,
    stops: Array.from({ length: STOPS }, (_, k) => ({ offset: k / (STOPS - 1), color: color(hi - (k / (STOPS - 1)) * (hi - lo)) })),
    ticks: s.ticks(count).map((v) => ({ at: (v - lo) / (hi - lo || 1), label: labels[v] ?? fmt(v).replace('−', '-') })),
  };
}

/**
 * A key for a log scale from `best` (top of the bar) to `worst` (bottom), e.g. ranks 1 … 5000, with
 * ticks at the powers of ten in between; `color` takes the value itself.
 */
export function logColourKey(title: string, best: number, worst: number, color: (v: number) => string): ColourKey {
  const s = scaleLog().domain([Math.max(best, 1e-12), Math.max(worst, best * 10)]).range([1, 0]);
  const [lo, hi] = s.domain();
  const powers: number[] = [];
  for (let p = Math.ceil(Math.log10(lo)); 10 ** p <= hi; p++) powers.push(10 ** p);
  return {
    title,
    stops: Array.from({ length: STOPS }, (_, k) => ({ offset: k / (STOPS - 1), color: color(s.invert(1 - k / (STOPS - 1))) })),
    ticks: powers.map((v) => ({ at: s(v), label: v >= 1000 ? `${v / 1000}k` : String(v) })),
  };
}
