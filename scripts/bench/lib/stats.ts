// Timing loops shared by every benchmark, in Node and in the page alike: warm up, then repeat until
// a count or a time budget runs out, so slow cases cost a few runs and fast ones get many.

export interface RepeatPlan {
  /** Untimed runs first, so shader compilation and first allocations are not what we measure. */
  warmup: number;
  /** Timed runs stop at this count… */
  maxReps: number;
  /** …or when the next run would likely pass this many ms of timed work (but never before minReps). */
  budgetMs: number;
  minReps: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function timeOnce(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** Whether another timed run fits: a run is assumed to take as long as the last one did. */
function wantsMore(times: readonly number[], plan: RepeatPlan): boolean {
  if (times.length < plan.minReps) return true;
  if (times.length >= plan.maxReps) return false;
  const spent = times.reduce((a, b) => a + b, 0);
  return spent + times[times.length - 1] <= plan.budgetMs;
}

/** Milliseconds of each timed run of `run`, after the plan's warm-up. */
export async function timeRepeated(run: () => Promise<unknown>, plan: RepeatPlan, done: number[] = []): Promise<number[]> {
  for (let i = 0; i < plan.warmup; i++) await run();
  const times = [...done];
  while (wantsMore(times, plan)) times.push(await timeOnce(run));
  return times;
}

/**
 * Times `a` and `b` alternately (a, b, a, b, …) so that drift in the machine's speed hits both
 * alike; the budget counts the pair. Returns each one's run times.
 */
export async function timePaired(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  plan: RepeatPlan,
): Promise<{ a: number[]; b: number[] }> {
  for (let i = 0; i < plan.warmup; i++) {
    await a();
    await b();
  }
  const times = { a: [] as number[], b: [] as number[] };
  const pairs: number[] = [];
  while (wantsMore(pairs, plan)) {
    const ta = await timeOnce(a);
    const tb = await timeOnce(b);
    times.a.push(ta);
    times.b.push(tb);
    pairs.push(ta + tb);
  }
  return times;
}
