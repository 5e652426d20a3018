// Principal component analysis: fitPca finds the top-k directions of variance of centred (optionally
// standardised) rows, exact to a full SVD up to rounding; applyPca projects rows onto them.
// Synchronous: it reads tfjs results with dataSync, so call it in a worker or in Node, not on the app's main thread.
import * as tf from '@tensorflow/tfjs';
import type { Matrix } from '../data/types';
import { assertFinite, assertShape, centreColumns, columnMeans, columnSquaredDeviations } from './matrix';
import { readTidy } from './linalgTf';
import { principalDirections, type Directions } from './pcaCore';

/** Components kept when options.k is not given (fewer when the data's rank is lower). */
export const PCA_DEFAULT_COMPONENTS = 50;
/**
 * Directions whose variance is below this fraction of the first's count as rank deficiency, not
 * signal: a standard deviation under 1e-5 of the first's is within ~100× of float32 rounding.
 */
export const PCA_RANK_TOLERANCE = 1e-10;

export interface PcaOptions {
  /** Components to keep; default min(50, rank). More than the rank returns the rank, with a note. */
  k?: number;
  /**
   * Divide each centred column by its standard deviation (population, ddof 0, as scikit-learn's
   * StandardScaler) before the fit; default false. Zero-variance columns get scale 1, so they stay 0.
   */
  standardize?: boolean;
  /** Seed of the eigensolver's random start; default 0. Results differ only by rounding across seeds. */
  seed?: number;
}

export interface PcaFit {
  /** Column means of the training rows. */
  mean: Float32Array;
  /** Column scales divided out after centring (standardize), or null. */
  scale: Float32Array | null;
  /**
   * k×d, orthonormal rows, by decreasing variance. Sign convention: the entry of largest |value| in
   * each row is positive (the first such entry on ties), so a fit is reproducible; scikit-learn fixes
   * signs differently (svd_flip), so compare with it up to sign.
   */
  components: Matrix;
  /** Variance along each component (divisor n − 1, as scikit-learn). */
  explainedVariance: Float64Array;
  /** explainedVariance ÷ totalVariance. */
  explainedVarianceRatio: Float64Array;
  /** Sum of the (scaled) column variances, divisor n − 1. */
  totalVariance: number;
  nSamples: number;
  /** Human-readable remarks, e.g. that fewer components than asked were returned and why. */
  notes: string[];
}

/** Fits PCA to the rows of `x` (n samples × d features); see PcaOptions for the defaults. */
export function fitPca(x: Matrix, options: PcaOptions = {}): PcaFit {
  assertShape(x, 2, 'PCA input', 'PCA');
  assertFinite(x, 'PCA input');
  const requested = options.k;
  if (requested !== undefined && !(Number.isInteger(requested) && requested >= 1)) {
    throw new Error(`PCA k must be a whole number ≥ 1, got ${requested}`);
  }
  const { rows: n, cols: d } = x;
  const stats = columnStatistics(x, options.standardize === true);
  const ceiling = Math.min(n - 1, d);
  const k = Math.min(requested ?? PCA_DEFAULT_COMPONENTS, ceiling);
  const found = principalDirections(centreColumns(x, stats.mean, stats.scale), k, options.seed ?? 0);
  const kept = keepAboveRank(found, d);
  flipSigns(kept.components, kept.count, d);
  const explainedVariance = kept.sumSquares.map((s) => s / (n - 1));
  const totalVariance = stats.sumSquares / (n - 1);
  return {
    mean: Float32Array.from(stats.mean),
    scale: stats.scale === null ? null : Float32Array.from(stats.scale),
    components: { data: kept.components, rows: kept.count, cols: d },
    explainedVariance,
    explainedVarianceRatio: explainedVariance.map((v) => v / totalVariance),
    totalVariance,
    nSamples: n,
    notes: fitNotes(found.converged, requested, kept.count, ceiling),
  };
}

/** Projects the rows of `x` onto the fitted components: (x − mean) / scale · componentsᵀ, n×k. */
export function applyPca(fit: PcaFit, x: Matrix): Matrix {
  const { components } = fit;
  assertShape(x, 0, 'PCA projection input');
  if (x.cols !== components.cols) {
    throw new Error(`PCA was fitted on ${components.cols} columns but this input has ${x.cols}; project data from the same site`);
  }
  assertFinite(x, 'PCA projection input');
  const k = components.rows;
  if (x.rows === 0 || k === 0) return { data: new Float32Array(x.rows * k), rows: x.rows, cols: k };
  const centred = centreColumns(x, fit.mean, fit.scale);
  const data = readTidy(() => {
    const basis = tf.transpose(tf.tensor2d(components.data, [k, components.cols])); // [d, k]
    return tf.matMul(tf.tensor2d(centred.data, [x.rows, x.cols]), basis);
  });
  return { data, rows: x.rows, cols: k };
}

interface ColumnStatistics {
  mean: Float64Array;
  /** Standard deviations (1 where a column is constant), or null without standardize. */
  scale: Float64Array | null;
  /** Σ over columns of the (scaled) sums of squared deviations: the trace of the scatter matrix. */
  sumSquares: number;
}

function columnStatistics(x: Matrix, standardize: boolean): ColumnStatistics {
  const mean = columnMeans(x);
  const squares = columnSquaredDeviations(x, mean);
  const scale = standardize ? squares.map((s) => (s > 0 ? Math.sqrt(s / x.rows) : 1)) : null;
  const sumSquares = squares.reduce((sum, s, j) => sum + (scale === null ? s : s / (scale[j] * scale[j])), 0);
  if (!(sumSquares > 0)) throw new Error('PCA input has no variance (every row is the same); pass samples that differ');
  return { mean, scale, sumSquares };
}

function fitNotes(converged: boolean, requested: number | undefined, rank: number, ceiling: number): string[] {
  const notes: string[] = [];
  if (!converged) notes.push('the eigensolver hit its iteration cap; trailing components may be inexact');
  if (requested !== undefined && rank < requested) {
    const bound = rank === ceiling ? ` (at most min(n − 1, d) = ${ceiling})` : '';
    notes.push(`asked for ${requested} components but the data has rank ${rank}${bound}; returned ${rank}`);
  }
  return notes;
}

/** Drops trailing directions whose variance is below the rank tolerance (they arrive sorted). */
function keepAboveRank(found: Directions, d: number): { components: Float32Array; sumSquares: Float64Array; count: number } {
  const top = found.sumSquares[0];
  let count = 0;
  while (count < found.sumSquares.length && found.sumSquares[count] > PCA_RANK_TOLERANCE * top) count++;
  return { components: found.components.slice(0, count * d), sumSquares: found.sumSquares.slice(0, count), count };
}

/** Makes the largest-|value| entry of each row positive (the first one on exact ties). */
function flipSigns(components: Float32Array, k: number, d: number): void {
  for (let i = 0; i < k; i++) {
    const row = components.subarray(i * d, (i + 1) * d);
    let best = 0;
    for (let j = 1; j < d; j++) if (Math.abs(row[j]) > Math.abs(row[best])) best = j;
    if (row[best] < 0) for (let j = 0; j < d; j++) row[j] = -row[j];
  }
}
