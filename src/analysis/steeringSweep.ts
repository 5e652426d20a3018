// Behaviour scores of steered generations (target probability, first-token and any-of-first-k hit rates)
// and the α sweep that draws one curve per mode, one-shot and continual, against one unsteered run.
import type { ModelCore } from '../model/cache';
import { steer, type SteeredRun, type SteeringSpec, type SteerMode, type SteerOptions, type TargetFn } from './steering';

export interface BehaviourScore {
  /** Share of prompts whose first generated token is a target token. */
  firstToken: number;
  /** Share of prompts with a target token among their first k generated tokens. */
  anyOfK: number;
  k: number;
  /** Mean P(target) at the answer position (NaN when the run had no target). */
  meanTargetProb: number;
  /** Mean projection on v̂ at each generation step. */
  meanProjection: Float32Array;
}

export interface SweepPoint {
  alpha: number;
  score: BehaviourScore;
}

export interface SweepResult {
  unsteered: BehaviourScore;
  curves: Record<SteerMode, SweepPoint[]>;
  /** The runs themselves, by mode, in alpha order, for showing continuations. */
  runs: { unsteered: SteeredRun } & Record<SteerMode, SteeredRun[]>;
}

function targetSet(target: TargetFn, i: number): Set<number> {
  const t = target(i);
  return new Set(typeof t === 'number' ? [t] : t);
}

/** Scores a run against the target: hit rates over the first token and the first k (default: all generated). */
export function scoreRun(run: SteeredRun, target: TargetFn, k = run.tokens[0]?.length ?? 0): BehaviourScore {
  const n = run.tokens.length;
  let first = 0;
  let any = 0;
  run.tokens.forEach((tokens, i) => {
    const wanted = targetSet(target, i);
    if (wanted.has(tokens[0])) first++;
    if (tokens.slice(0, k).some((t) => wanted.has(t))) any++;
  });
  const steps = run.projection[0]?.length ?? 0;
  const meanProjection = new Float32Array(steps);
  for (const p of run.projection) p.forEach((x, g) => (meanProjection[g] += x / n));
  const meanTargetProb = run.targetProb ? run.targetProb.reduce((s, x) => s + x, 0) / n : NaN;
  return { firstToken: n ? first / n : NaN, anyOfK: n ? any / n : NaN, k, meanTargetProb, meanProjection };
}

export interface SweepOptions extends Omit<SteerOptions, 'target' | 'onProgress'> {
  /** Called after every forward pass of the whole sweep. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Runs the prompts unsteered once, then steered at every α in both modes, and scores each run against
 * `target` (for truthworld: the true value of a liar's prompt, so the score is the share told truthfully).
 */
export async function steeringSweep(
  model: ModelCore,
  prompts: readonly (readonly number[])[],
  spec: Omit<SteeringSpec, 'alpha' | 'mode'>,
  alphas: readonly number[],
  target: TargetFn,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const runsTotal = 1 + 2 * alphas.length;
  let runsDone = 0;
  const run = async (alpha: number, mode: SteerMode): Promise<SteeredRun> => {
    const onProgress = (done: number, total: number) => options.onProgress?.(runsDone * total + done, runsTotal * total);
    const result = await steer(model, prompts, { ...spec, alpha, mode }, { ...options, target, onProgress });
    runsDone++;
    return result;
  };
  const unsteered = await run(0, 'oneshot');
  const runs: SweepResult['runs'] = { unsteered, oneshot: [], continual: [] };
  const curves: SweepResult['curves'] = { oneshot: [], continual: [] };
  for (const mode of ['oneshot', 'continual'] as const) {
    for (const alpha of alphas) {
      const r = await run(alpha, mode);
      runs[mode].push(r);
      curves[mode].push({ alpha, score: scoreRun(r, target) });
    }
  }
  return { unsteered: scoreRun(unsteered, target), curves, runs };
}

/** The sweep point with the highest first-token score (ties: the smallest |α|). */
export function bestPoint(curve: readonly SweepPoint[]): SweepPoint | null {
  let best: SweepPoint | null = null;
  for (const p of curve) {
    if (best === null || p.score.firstToken > best.score.firstToken || (p.score.firstToken === best.score.firstToken && Math.abs(p.alpha) < Math.abs(best.alpha))) best = p;
  }
  return best;
}
