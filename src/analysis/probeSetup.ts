// Everything a probe run decides before training: options with defaults, labels, folds (stratified,
// or the caller's), baseline labels and the inner folds for choosing C, so all layers share them.
import type { Matrix } from '../data/types';
import { explicitFolds, foldRows, stratifiedFolds, type Folds } from './folds';
import { checkC, DEFAULT_C } from './logistic';
import type { SoftmaxOptions } from './logisticBatch';
import { controlLabels, sampleGroups, shuffledLabels } from './probeControl';
import type { DriveOptions } from './probeDriver';
import { assertLayers, assertTwoClasses, encodeLabels, type EncodedLabels } from './probeLabels';

/** Inner folds for choosing C when ProbeOptions.cGrid is given. */
export const DEFAULT_INNER_FOLDS = 3;

export interface ProbeOptions extends SoftmaxOptions, DriveOptions<ProbeProgress> {
  /** Number of stratified folds; default 5 (fewer, with a note, when a class is smaller). */
  folds?: number;
  /** Explicit fold id (0 … k−1) per sample; overrides folds and seed for the split. */
  foldIds?: ArrayLike<number>;
  /** Seed for the folds (seed), shuffled labels (seed + 1), control labels (seed + 2), inner folds (seed + 3 + fold); default 0. */
  seed?: number;
  /** Inverse L2 strength (scikit-learn's C); default 1. Ignored when cGrid is given. */
  C?: number;
  /** Candidate C values, chosen per outer fold by inner stratified CV on its training rows (ties: the first listed). */
  cGrid?: readonly number[];
  /** Inner folds for cGrid; default 3. */
  innerFolds?: number;
  /**
   * Group of each sample for the control task (e.g. token id, prompt id): each group gets one random
   * label. Default: samples whose rows are identical in every layer form a group; all-distinct rows
   * make the control task random labels drawn from the label distribution.
   */
  groups?: ArrayLike<string | number>;
  /** Train the shuffled-label and control-task baselines too (majority is always reported); default true. */
  baselines?: boolean;
}

export interface ProbeProgress {
  /** Layer being trained (0-based) of `layers`. */
  layer: number;
  layers: number;
  phase: 'choose C' | 'train';
  /** L-BFGS iteration of the current batch, and its unfinished fits. */
  iteration: number;
  active: number;
  /** Rough fraction of the whole run done, 0 … 1. */
  fraction: number;
}

export interface ProbeSetup {
  labels: EncodedLabels;
  folds: Folds;
  train: Int32Array[];
  test: Int32Array[];
  shuffled: Int32Array | null;
  control: Int32Array | null;
  C: number;
  cGrid: readonly number[] | null;
  /** Per outer fold: inner fold id of each of its training rows (same order as train[f]). */
  inner: Folds[] | null;
  softmax: SoftmaxOptions;
  notes: string[];
}

/** Validates inputs and fixes every random choice of the run. */
export function prepareProbe(layers: readonly Matrix[], labelValues: ArrayLike<string | number>, options: ProbeOptions): ProbeSetup {
  const labels = encodeLabels(labelValues);
  assertTwoClasses(labels);
  assertLayers(layers, labels.index.length);
  const seed = options.seed ?? 0;
  const folds = options.foldIds !== undefined
    ? explicitFolds(options.foldIds, labels.index.length)
    : stratifiedFolds(labels.index, { k: options.folds, seed });
  const rows = Array.from({ length: folds.k }, (_, f) => foldRows(folds.foldIds, f));
  const baselines = options.baselines ?? true;
  const C = options.C ?? DEFAULT_C;
  checkC(C);
  const cGrid = options.cGrid ?? null;
  cGrid?.forEach(checkC);
  if (cGrid !== null && cGrid.length === 0) throw new Error('cGrid is empty; list at least one C, or leave cGrid out');
  const { tol, ftol, maxIter, standardize } = options;
  return {
    labels, folds,
    train: rows.map((r) => r.train),
    test: rows.map((r) => r.test),
    shuffled: baselines ? shuffledLabels(labels.index, seed + 1) : null,
    control: baselines ? controlLabels(labels.index, sampleGroups(layers, options.groups), seed + 2) : null,
    C, cGrid,
    inner: cGrid === null ? null : rows.map((r, f) => innerFolds(labels.index, r.train, options.innerFolds ?? DEFAULT_INNER_FOLDS, seed + 3 + f)),
    softmax: { tol, ftol, maxIter, standardize },
    notes: [...folds.notes],
  };
}

function innerFolds(index: Int32Array, train: Int32Array, k: number, seed: number): Folds {
  try {
    return stratifiedFolds(Int32Array.from(train, (i) => index[i]), { k, seed });
  } catch (error) {
    throw new Error(`choosing C by inner cross-validation failed: ${(error as Error).message}; or give one C instead of cGrid`);
  }
}
