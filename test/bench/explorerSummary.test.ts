// The explorer benchmark's pure summaries (scripts/bench/explorer/summary.ts): long tasks up to a moment,
// min / median / max over runs, the build ÷ dev ratio and the goal line. No timing is measured here.
import { describe, expect, it } from 'vitest';
import { formatGoal, formatRatio, formatVisitTable, spreadOf, summariseLongTasks, type RunFigures } from '../../scripts/bench/explorer/summary';
import type { VisitFigures } from '../../scripts/bench/explorer/visit';

function visitAt(firstImpressionMs: number, longTasks: [number, number][] = []): VisitFigures {
  return {
    firstImpressionMs,
    partsMs: { badge: firstImpressionMs / 4, scatter: firstImpressionMs / 2, probeLine: firstImpressionMs, baselines: firstImpressionMs },
    modelReadyMs: null, probesJobMs: null, engineIdleMs: firstImpressionMs + 100, domContentLoadedMs: 150,
    longTasksToFirstImpression: summariseLongTasks(longTasks, firstImpressionMs),
    longTasksToIdle: summariseLongTasks(longTasks, firstImpressionMs + 100),
    backend: 'wasm', backendReason: 'auto: wasm fastest correct', marks: [],
  };
}

const run = (first: number, returning: number): RunFigures => ({ first: visitAt(first), returning: visitAt(returning), load: [1, 1] });

describe('explorer benchmark summaries', () => {
  it('counts the long tasks that started before a moment, with those over 100 ms and the longest', () => {
    const tasks: [number, number][] = [[10, 60], [200, 140], [900, 300]];
    expect(summariseLongTasks(tasks, 500)).toEqual({ count: 2, over100: 1, maxMs: 140 });
    expect(summariseLongTasks(tasks, 5)).toEqual({ count: 0, over100: 0, maxMs: 0 });
    expect(summariseLongTasks([], 1000)).toEqual({ count: 0, over100: 0, maxMs: 0 });
  });

  it('takes min, median and max over the runs that have the figure', () => {
    expect(spreadOf([3, 1, 2, 10])).toEqual({ min: 1, median: 2.5, max: 10, n: 4 });
    expect(spreadOf([5, null, NaN, undefined])).toEqual({ min: 5, median: 5, max: 5, n: 1 });
    expect(spreadOf([]).n).toBe(0);
    expect(Number.isNaN(spreadOf([null]).median)).toBe(true);
  });

  it('divides medians for the ratio, and prints a dash without both sides', () => {
    expect(formatRatio(spreadOf([1000, 2000, 3000]), spreadOf([4000]))).toBe('0.50×');
    expect(formatRatio(spreadOf([]), spreadOf([4000]))).toBe('—');
    expect(formatRatio(spreadOf([1]), spreadOf([0]))).toBe('—');
  });

  it('says whether the goal was met in every run, at the median only, or missed', () => {
    expect(formatGoal([run(2000, 1000), run(2500, 1200)], 'first', 3000)).toMatch(/median 2\.25 s \(max 2\.50 s\) → met in every run/);
    expect(formatGoal([run(2000, 1), run(2500, 1), run(4000, 1)], 'first', 3000)).toMatch(/met at the median, missed in some runs/);
    expect(formatGoal([run(3500, 1)], 'first', 3000)).toMatch(/→ missed$/);
    expect(formatGoal([], 'returning', 3000)).toBe('returning visit: no figures');
  });

  it('tabulates each figure for the build and the dev server, in seconds, with build ÷ dev', () => {
    const table = formatVisitTable([run(1000, 500), run(3000, 700)], [run(4000, 2000)], 'first');
    const line = table.split('\n').find((l) => l.startsWith('first impression'))!;
    expect(line).toMatch(/1\.00 \/ 2\.00 \/ 3\.00\s+4\.00\s+0\.50×$/);
    const noDev = formatVisitTable([run(1000, 500)], [], 'returning');
    expect(noDev.split('\n').find((l) => l.startsWith('first impression'))).toMatch(/0\.50\s+—\s+—$/);
  });
});
