// Ridge-regression probes for numeric labels on every layer of a hook site: k-fold R² (mean ± std)
// on shared seeded folds; ridgeSteps is the stepper (one fold fit per step) for workers.
import type { Matrix } from '../data/types';
import { explicitFolds, foldRows, kFolds, summarize, type Score } from './folds';
import { driveSteps, type DriveOptions } from './probeDriver';
import { assertLayers } from './probeLabels';
import { applyRidge, assertTargets, fitRidge, r2Score, type RidgeOptions } from './ridge';

export interface RidgeProgress {
  layer: number;
  layers: number;
  fold: number;
  /** Fraction of the run done, 0 … 1. */
  fraction: number;
}

export interface RidgeProbeOptions extends RidgeOptions, DriveOptions<RidgeProgress> {
  /** Number of shuffled (unstratified) folds; default 5. */
  folds?: number;
  /** Explicit fold id (0 … k−1) per sample; overrides folds and seed. */
  foldIds?: ArrayLike<number>;
  /** Seed of the fold shuffle; default 0. */
  seed?: number;
}

export interface RidgeLayerResult {
  layer: number;
  /** Held-out R² per fold (scikit-learn's r2_score), mean and std (ddof 0). */
  r2: Score;
  /** Held-out Pearson correlation of predictions and targets, per fold. */
  correlation: Score;
}

export interface RidgeReport {
  foldIds: Int32Array;
  k: number;
  layers: RidgeLayerResult[];
  notes: string[];
}

/** Ridge probes on every layer; see RidgeProbeOptions for the defaults. */
export function ridgeProbeLayers(layers: readonly Matrix[], targets: ArrayLike<number>, options: RidgeProbeOptions = {}): Promise<RidgeReport> {
  return driveSteps(ridgeSteps(layers, targets, options), options);
}

/** The same run as a generator yielding after each fold fit; the return value is the report. */
export function* ridgeSteps(layers: readonly Matrix[], targets: ArrayLike<number>, options: RidgeProbeOptions = {}): Generator<RidgeProgress, RidgeReport, void> {
  assertTargets(targets);
  assertLayers(layers, targets.length);
  const folds = options.foldIds !== undefined
    ? explicitFolds(options.foldIds, targets.length)
    : kFolds(targets.length, { k: options.folds, seed: options.seed ?? 0 });
  const splits = Array.from({ length: folds.k }, (_, f) => foldRows(folds.foldIds, f));
  const results: RidgeLayerResult[] = [];
  for (let l = 0; l < layers.length; l++) {
    const r2: number[] = [];
    const correlation: number[] = [];
    for (let f = 0; f < folds.k; f++) {
      const { train, test } = splits[f];
      const fit = fitRidge(layers[l], targets, options, train);
      const testRows = { data: gatherRows(layers[l], test), rows: test.length, cols: layers[l].cols };
      const predicted = applyRidge(fit, testRows);
      const truth = Array.from(test, (i) => targets[i]);
      r2.push(r2Score(truth, predicted));
      correlation.push(pearson(truth, predicted));
      yield { layer: l, layers: layers.length, fold: f, fraction: (l * folds.k + f + 1) / (layers.length * folds.k) };
    }
    results.push({ layer: l, r2: summarize(r2), correlation: summarize(correlation) });
  }
  return { foldIds: folds.foldIds, k: folds.k, layers: results, notes: folds.notes };
}

function gatherRows(x: Matrix, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * x.cols);
  rows.forEach((i, r) => out.set(x.data.subarray(i * x.cols, (i + 1) * x.cols), r * x.cols));
  return out;
}

/** Pearson correlation; 0 when either side is constant. */
function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) [ma, mb] = [ma + a[i] / n, mb + b[i] / n];
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}
