// Pair reading accuracy per layer: a direction fitted on the training pairs of each fold is scored on
// the held-out pairs (the fraction whose positive member projects higher), so the score is not
// trivially 1. Folds are over pairs, so both members of a pair are always on the same side.
import type { Matrix } from '../data/types';
import { explicitFolds, foldRows, kFolds, summarize, type Folds, type Score } from './folds';
import { meanDifference, pairDifferences, pcaDifference, probeDirection, type Direction, type DirectionMethod, type Pair } from './directions';
import type { LogisticOptions } from './logistic';
import { driveSteps, type DriveOptions } from './probeDriver';
import { assertLayers } from './probeLabels';

export interface PairReadingProgress {
  layer: number;
  layers: number;
  fraction: number;
}

export interface PairReadingOptions extends DriveOptions<PairReadingProgress> {
  /** How each fold's direction is found; default 'pcadiff'. */
  method?: DirectionMethod;
  /** Folds over pairs; default 5 (fewer, with a note, when there are fewer pairs). */
  folds?: number;
  /** Explicit fold id per pair; overrides folds and seed. */
  foldIds?: ArrayLike<number>;
  /** Seed of the fold shuffle; default 0. */
  seed?: number;
  /** Options of the probe for method 'probe'. */
  probe?: LogisticOptions;
}

export interface PairReadingLayer {
  layer: number;
  /** Held-out pairs whose positive member projects higher (ties count one half), per fold. */
  accuracy: Score;
  /** The direction fitted on all pairs, for plotting and for cosine similarity across layers. */
  direction: Direction;
}

export interface PairReadingReport {
  /** Fold id of each pair. */
  foldIds: Int32Array;
  k: number;
  layers: PairReadingLayer[];
  notes: string[];
}

/** Pair reading accuracy for every layer; see PairReadingOptions for the defaults. */
export function pairReadingAccuracy(layers: readonly Matrix[], pairs: readonly Pair[], options: PairReadingOptions = {}): Promise<PairReadingReport> {
  return driveSteps(pairReadingSteps(layers, pairs, options), options);
}

/** The same run as a generator yielding after each layer; the return value is the report. */
export function* pairReadingSteps(layers: readonly Matrix[], pairs: readonly Pair[], options: PairReadingOptions = {}): Generator<PairReadingProgress, PairReadingReport, void> {
  if (layers.length === 0) throw new Error('no layers given; pass at least one activation matrix');
  assertLayers(layers, layers[0].rows);
  if (pairs.length < 2) throw new Error(`pair reading accuracy needs at least 2 pairs to hold some out, got ${pairs.length}`);
  const folds: Folds = options.foldIds !== undefined
    ? explicitFolds(options.foldIds, pairs.length)
    : kFolds(pairs.length, { k: options.folds, seed: options.seed ?? 0 });
  const method = options.method ?? 'pcadiff';
  const results: PairReadingLayer[] = [];
  for (let l = 0; l < layers.length; l++) {
    const x = layers[l];
    const perFold = Array.from({ length: folds.k }, (_, f) => {
      const { train, test } = foldRows(folds.foldIds, f);
      const direction = fitOnPairs(x, Array.from(train, (p) => pairs[p]), method, options.probe);
      return readingScore(x, Array.from(test, (p) => pairs[p]), direction.vector);
    });
    results.push({ layer: l, accuracy: summarize(perFold), direction: fitOnPairs(x, pairs, method, options.probe) });
    yield { layer: l, layers: layers.length, fraction: (l + 1) / layers.length };
  }
  return { foldIds: folds.foldIds, k: folds.k, layers: results, notes: folds.notes };
}

/** A direction from pairs: pcadiff directly; meandiff and probe on the pairs' rows labelled positive/negative. */
export function fitOnPairs(x: Matrix, pairs: readonly Pair[], method: DirectionMethod, probe: LogisticOptions = {}): Direction {
  if (method === 'pcadiff') return pcaDifference(x, pairs);
  const rows = [...new Set(pairs.flat())].sort((a, b) => a - b);
  const where = new Map(rows.map((r, i) => [r, i]));
  const positive = new Uint8Array(rows.length);
  for (const [p] of pairs) positive[where.get(p)!] = 1;
  for (const [, q] of pairs) {
    if (positive[where.get(q)!] === 1) throw new Error(`row ${q} is positive in one pair and negative in another; a row can only play one side`);
  }
  const d = x.cols;
  const data = new Float32Array(rows.length * d);
  rows.forEach((r, i) => data.set(x.data.subarray(r * d, (r + 1) * d), i * d));
  const subset = { data, rows: rows.length, cols: d };
  if (method === 'meandiff') return meanDifference(subset, positive);
  if (method === 'probe') return probeDirection(subset, positive, probe);
  throw new Error(`unknown direction method ${JSON.stringify(method)}; use meandiff, pcadiff or probe`);
}

/** Fraction of pairs whose positive member projects higher on v (ties one half). */
export function readingScore(x: Matrix, pairs: readonly Pair[], v: Float32Array): number {
  const diffs = pairDifferences(x, pairs);
  const d = x.cols;
  let score = 0;
  for (let i = 0; i < pairs.length; i++) {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += diffs[i * d + j] * v[j];
    score += sum > 0 ? 1 : sum === 0 ? 0.5 : 0;
  }
  return score / pairs.length;
}
