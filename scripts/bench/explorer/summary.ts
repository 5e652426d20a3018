// Pure helpers of the explorer benchmark: long tasks up to a moment, min/median/max of a figure over
// runs, and the report's tables (the static build against the dev server, first and returning visits).
import { median } from '../lib/stats';
import { formatNumber, formatTable } from '../lib/table';
import type { VisitFigures } from './visit';

export interface LongTaskSummary {
  count: number;
  over100: number;
  maxMs: number;
}

/** Long tasks ([start, duration] in ms) that started before `until`. */
export function summariseLongTasks(tasks: readonly (readonly [number, number])[], until: number): LongTaskSummary {
  const before = tasks.filter(([start]) => start < until).map(([, duration]) => duration);
  return { count: before.length, over100: before.filter((d) => d > 100).length, maxMs: Math.round(Math.max(0, ...before)) };
}

export interface Spread {
  min: number;
  median: number;
  max: number;
  /** How many runs had the figure. */
  n: number;
}

/** Min, median and max of the finite values; NaN for all three when there are none. */
export function spreadOf(values: readonly (number | null | undefined)[]): Spread {
  const finite = values.filter((v): v is number => v != null && Number.isFinite(v));
  if (finite.length === 0) return { min: NaN, median: NaN, max: NaN, n: 0 };
  return { min: Math.min(...finite), median: median(finite), max: Math.max(...finite), n: finite.length };
}

/** One load of the app in a fresh browser context, then a second one in the same context. */
export interface RunFigures {
  first: VisitFigures;
  returning: VisitFigures;
  /** One-minute load average before and after the run. */
  load: [number, number];
}

export type Visit = 'first' | 'returning';

export interface Figure {
  label: string;
  /** 'ms' figures are printed in seconds; 'count' as they are. */
  unit: 'ms' | 'count';
  of: (v: VisitFigures) => number | null;
}

export const FIGURES: readonly Figure[] = [
  { label: 'first impression', unit: 'ms', of: (v) => v.firstImpressionMs },
  { label: '  backend badge', unit: 'ms', of: (v) => v.partsMs.badge },
  { label: '  scatter with points', unit: 'ms', of: (v) => v.partsMs.scatter },
  { label: '  probe line', unit: 'ms', of: (v) => v.partsMs.probeLine },
  { label: '  probe baselines', unit: 'ms', of: (v) => v.partsMs.baselines },
  { label: 'DOMContentLoaded', unit: 'ms', of: (v) => v.domContentLoadedMs },
  { label: 'model ready', unit: 'ms', of: (v) => v.modelReadyMs },
  { label: 'probes job (in the worker)', unit: 'ms', of: (v) => v.probesJobMs },
  { label: 'engine idle', unit: 'ms', of: (v) => v.engineIdleMs },
  { label: 'long tasks to first impression', unit: 'count', of: (v) => v.longTasksToFirstImpression.count },
  { label: 'long tasks to engine idle', unit: 'count', of: (v) => v.longTasksToIdle.count },
  { label: '  of them over 100 ms', unit: 'count', of: (v) => v.longTasksToIdle.over100 },
  { label: '  longest (ms)', unit: 'count', of: (v) => v.longTasksToIdle.maxMs },
];

export function spreadOfFigure(runs: readonly RunFigures[], visit: Visit, figure: Figure): Spread {
  return spreadOf(runs.map((r) => figure.of(r[visit])));
}

function formatSpread(s: Spread, unit: Figure['unit']): string {
  if (s.n === 0) return '—';
  const f = (v: number) => (unit === 'ms' ? formatNumber(v / 1000) : String(Math.round(v)));
  return s.min === s.max ? f(s.median) : `${f(s.min)} / ${f(s.median)} / ${f(s.max)}`;
}

/** Ratio of medians, "0.45×"; "—" where either side is missing or zero. */
export function formatRatio(a: Spread, b: Spread): string {
  if (!(a.n > 0 && b.n > 0) || b.median === 0) return '—';
  return `${formatNumber(a.median / b.median)}×`;
}

/** One table per visit: each figure's min / median / max for the build and the dev server, and build ÷ dev. */
export function formatVisitTable(build: readonly RunFigures[], dev: readonly RunFigures[], visit: Visit): string {
  const columns = [
    { header: `${visit} visit (s, or count)` },
    { header: 'build min / median / max', align: 'right' as const },
    { header: 'dev min / median / max', align: 'right' as const },
    { header: 'build ÷ dev', align: 'right' as const },
  ];
  const rows = FIGURES.map((figure) => {
    const b = spreadOfFigure(build, visit, figure);
    const d = spreadOfFigure(dev, visit, figure);
    return [figure.label, formatSpread(b, figure.unit), formatSpread(d, figure.unit), figure.unit === 'ms' ? formatRatio(b, d) : ''];
  });
  return formatTable(columns, rows);
}

/** The goal (< 3 s to the first impression) for one server and visit, in one line. */
export function formatGoal(runs: readonly RunFigures[], visit: Visit, goalMs: number): string {
  const s = spreadOfFigure(runs, visit, FIGURES[0]);
  if (s.n === 0) return `${visit} visit: no figures`;
  const verdict = s.max < goalMs ? 'met in every run' : s.median < goalMs ? 'met at the median, missed in some runs' : 'missed';
  return `${visit} visit: median ${formatNumber(s.median / 1000)} s (max ${formatNumber(s.max / 1000)} s) → ${verdict}`;
}
