// Cross-validation folds as one fold id per sample: stratified (probes), plain k-fold (ridge, pairs) or
// explicit ids from the caller, so every probe and baseline of a run is scored on exactly the same split.
import { createRng, type Rng } from '../data/random';

/** Folds used when the caller does not say. */
export const DEFAULT_FOLDS = 5;

export interface FoldOptions {
  /** Number of folds; default DEFAULT_FOLDS (5). */
  k?: number;
  /** Seed of the shuffle before dealing samples to folds; default 0. */
  seed?: number;
}

export interface Folds {
  /** Fold id (0 … k−1) of each sample. */
  foldIds: Int32Array;
  k: number;
  /** Why k differs from the one asked for, if it does. */
  notes: string[];
}

/** Fisher–Yates shuffle of 0 … n−1 driven by `rng`. */
export function seededPermutation(n: number, rng: Rng): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 2) throw new Error(`cross-validation needs at least 2 folds (a whole number), got ${k}`);
}

/**
 * Stratified k-fold: each class's samples, shuffled, are dealt to the folds in turn, the deal
 * continuing across classes so that fold sizes differ by at most one. When the smallest class has
 * fewer samples than folds, k drops to that size (with a note); a class of one sample is an error.
 */
export function stratifiedFolds(classIndex: ArrayLike<number>, options: FoldOptions = {}): Folds {
  const asked = options.k ?? DEFAULT_FOLDS;
  checkK(asked);
  const members = new Map<number, number[]>();
  for (let i = 0; i < classIndex.length; i++) {
    const list = members.get(classIndex[i]) ?? [];
    list.push(i);
    members.set(classIndex[i], list);
  }
  const classes = [...members.keys()].sort((a, b) => a - b);
  const smallest = Math.min(...classes.map((c) => members.get(c)!.length));
  const notes: string[] = [];
  if (smallest < 2) {
    throw new Error('a class has only one sample, so it cannot appear in both a training and a test fold; ' +
      'add samples of that class or drop it');
  }
  const k = Math.min(asked, smallest);
  if (k < asked) {
    notes.push(`used ${k} folds instead of ${asked}: the smallest class has only ${smallest} samples ` +
      '(add samples of each class to use more folds)');
  }
  const rng = createRng(options.seed ?? 0);
  const foldIds = new Int32Array(classIndex.length);
  let next = 0;
  for (const c of classes) {
    const list = members.get(c)!;
    for (const i of seededPermutation(list.length, rng)) foldIds[list[i]] = next++ % k;
  }
  return { foldIds, k, notes };
}

/** Plain shuffled k-fold over n samples (no classes to balance): fold sizes differ by at most one. */
export function kFolds(n: number, options: FoldOptions = {}): Folds {
  const asked = options.k ?? DEFAULT_FOLDS;
  checkK(asked);
  if (n < 2) throw new Error(`cross-validation needs at least 2 samples, got ${n}`);
  const k = Math.min(asked, n);
  const notes = k < asked ? [`used ${k} folds instead of ${asked}: there are only ${n} samples`] : [];
  const foldIds = new Int32Array(n);
  seededPermutation(n, createRng(options.seed ?? 0)).forEach((sample, rank) => (foldIds[sample] = rank % k));
  return { foldIds, k, notes };
}

/** Validates caller-given fold ids (whole numbers 0 … k−1, each fold non-empty, k ≥ 2); returns them as Folds. */
export function explicitFolds(ids: ArrayLike<number>, n: number): Folds {
  if (ids.length !== n) throw new Error(`fold ids: got ${ids.length} for ${n} samples; give one fold id per sample`);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(ids[i]) || ids[i] < 0) {
      throw new Error(`fold ids must be whole numbers ≥ 0; sample ${i} has ${ids[i]}`);
    }
    k = Math.max(k, ids[i] + 1);
  }
  checkK(k);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[ids[i]]++;
  const empty = sizes.indexOf(0);
  if (empty >= 0) throw new Error(`fold ids skip fold ${empty}; number the folds 0 … ${k - 1} without gaps`);
  return { foldIds: Int32Array.from(ids), k, notes: [] };
}

/** The training and test sample indices of fold `f` (test = samples whose id is f). */
export function foldRows(foldIds: Int32Array, f: number): { train: Int32Array; test: Int32Array } {
  let testCount = 0;
  for (let i = 0; i < foldIds.length; i++) if (foldIds[i] === f) testCount++;
  const train = new Int32Array(foldIds.length - testCount);
  const test = new Int32Array(testCount);
  let a = 0;
  let b = 0;
  for (let i = 0; i < foldIds.length; i++) {
    if (foldIds[i] === f) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}

/** Mean and standard deviation (population, ddof 0, as numpy's default) of per-fold scores. */
export interface Score {
  mean: number;
  std: number;
  perFold: number[];
}

export function summarize(perFold: number[]): Score {
  const mean = perFold.reduce((a, b) => a + b, 0) / perFold.length;
  const variance = perFold.reduce((a, b) => a + (b - mean) * (b - mean), 0) / perFold.length;
  return { mean, std: Math.sqrt(variance), perFold };
}
