// The held-out split behind the per-layer "decodable vs causal" summary: contrast pairs (or, without
// pairs, labelled prompts) are dealt by a seeded shuffle into a fit half, where directions are fitted, and
// an eval half, where steering, ablation and patching are scored, so no prompt is both fitted and scored.
import { createRng } from '../data/random';
import type { Pair } from './directions';
import { seededPermutation } from './folds';

export interface EffectsSplit {
  /** Rows the directions are fitted on (every labelled row outside the eval half). */
  fitRows: number[];
  /** Contrast pairs inside the fit rows (for pcadiff). */
  fitPairs: Pair[];
  /** Eval pairs [positive, negative]; empty when no pairs were given. */
  evalPairs: Pair[];
  /** Eval rows of each class. */
  evalPositive: number[];
  evalNegative: number[];
}

/** Class of each row: true = positive, false = the other class, null = unlabelled (left out everywhere). */
export type Side = boolean | null;

function checkPairs(pairs: readonly Pair[], side: readonly Side[]): void {
  pairs.forEach(([p, q], i) => {
    for (const r of [p, q]) {
      if (!Number.isInteger(r) || r < 0 || r >= side.length) throw new Error(`pair ${i} names row ${r}, outside 0 … ${side.length - 1}`);
    }
    if (side[p] !== true || side[q] !== false) {
      throw new Error(`pair ${i} is [${p}, ${q}]; each pair must be [positive row, negative row] of labelled prompts`);
    }
  });
}

/**
 * Halves by a seeded shuffle: with pairs, ⌊m/2⌋ pairs go to the eval half (at least one) and every other
 * labelled row is fit data; without pairs, each class's rows are shuffled and split the same way.
 */
export function splitForEffects(side: readonly Side[], pairs: readonly Pair[], seed: number): EffectsSplit {
  const rng = createRng(seed);
  if (pairs.length > 0) {
    checkPairs(pairs, side);
    if (pairs.length < 2) throw new Error('layer effects need at least two contrast pairs (one to fit on, one to score), or none at all');
    const order = seededPermutation(pairs.length, rng);
    const nEval = Math.floor(pairs.length / 2);
    const evalPairs = Array.from(order.subarray(0, nEval), (k) => pairs[k]);
    const held = new Set(evalPairs.flat());
    const fitPairs = Array.from(order.subarray(nEval), (k) => pairs[k]).filter(([p, q]) => !held.has(p) && !held.has(q));
    const fitRows = side.flatMap((s, i) => (s !== null && !held.has(i) ? [i] : []));
    return { fitRows, fitPairs, evalPairs, evalPositive: evalPairs.map((p) => p[0]), evalNegative: evalPairs.map((p) => p[1]) };
  }
  const halves = [true, false].map((cls) => {
    const rows = side.flatMap((s, i) => (s === cls ? [i] : []));
    if (rows.length < 2) throw new Error(`layer effects need at least two prompts of each class; the ${cls ? 'positive' : 'other'} class has ${rows.length}`);
    const order = Array.from(seededPermutation(rows.length, rng), (k) => rows[k]);
    const nEval = Math.floor(rows.length / 2);
    return { evalRows: order.slice(0, nEval).sort((a, b) => a - b), fitRows: order.slice(nEval) };
  });
  const fitRows = [...halves[0].fitRows, ...halves[1].fitRows].sort((a, b) => a - b);
  return { fitRows, fitPairs: [], evalPairs: [], evalPositive: halves[0].evalRows, evalNegative: halves[1].evalRows };
}

/** Whether a generation starts with the whole target sequence (a one-token target: its first token is the target). */
export function startsWithTarget(tokens: readonly number[], target: readonly number[]): boolean {
  if (target.length === 0 || tokens.length < target.length) return false;
  return target.every((t, i) => tokens[i] === t);
}

/** Share of generations that start with their target. */
export function successRate(generations: readonly (readonly number[])[], targets: readonly (readonly number[])[]): number {
  if (generations.length === 0) return NaN;
  let hits = 0;
  generations.forEach((g, i) => (hits += startsWithTarget(g, targets[i]) ? 1 : 0));
  return hits / generations.length;
}
