// Ridge regression (scikit-learn's objective ‖y − Xw − b‖² + α‖w‖², intercept free) on standardised
// features, for probing numeric labels. The Gram matrix comes from one float32 tfjs matmul; a float64
// Cholesky of it preconditions conjugate gradients on the exact system, so the answer is float64-accurate.
import * as tf from '@tensorflow/tfjs';
import type { Matrix } from '../data/types';
import { cholesky } from './linalg';
import { readTidy } from './linalgTf';
import { assertFinite, transposeMatrix } from './matrix';

/** scikit-learn's Ridge default. */
export const DEFAULT_ALPHA = 1;
const PCG_TOLERANCE = 1e-10;
const PCG_MAX_ITERATIONS = 200;

export interface RidgeOptions {
  /** L2 strength α > 0; default DEFAULT_ALPHA (1). */
  alpha?: number;
  /** Standardise features by the training rows' mean and std (ddof 0), as StandardScaler; default true. */
  standardize?: boolean;
}

export interface RidgeFit {
  /** Weights on (x − mean)/scale. */
  coef: Float64Array;
  intercept: number;
  mean: Float64Array;
  scale: Float64Array;
  alpha: number;
  /** Conjugate-gradient iterations the exact solve took (usually 1–4). */
  iterations: number;
}

/** Fits rows `rows` of x (default: all) to targets y; see RidgeOptions for the defaults. */
export function fitRidge(x: Matrix, y: ArrayLike<number>, options: RidgeOptions = {}, rows?: Int32Array): RidgeFit {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new Error(`ridge alpha must be a finite number > 0, got ${alpha}`);
  if (y.length !== x.rows) throw new Error(`ridge: ${y.length} targets for ${x.rows} rows; give one target per row`);
  assertTargets(y);
  if (rows === undefined) assertFinite(x, 'ridge input');
  const use = rows ?? Int32Array.from({ length: x.rows }, (_, i) => i);
  if (use.length < 2) throw new Error(`ridge needs at least 2 training rows, got ${use.length}`);
  const { mean, scale } = columnScaler(x, use, options.standardize ?? true);
  const u = designMatrix(x, use, mean, scale);
  let yMean = 0;
  for (const i of use) yMean += y[i];
  yMean /= use.length;
  const yc = Float64Array.from(use, (i) => y[i] - yMean);
  const { coef, iterations } = u.rows >= u.cols ? solvePrimal(u, yc, alpha) : solveDual(u, yc, alpha);
  return { coef, intercept: yMean, mean, scale, alpha, iterations };
}

/** Throws when a target is not a finite number, naming the sample. */
export function assertTargets(y: ArrayLike<number>): void {
  for (let i = 0; i < y.length; i++) {
    if (typeof y[i] !== 'number' || !Number.isFinite(y[i])) {
      throw new Error(`target of sample ${i} is ${String(y[i])}; ridge probes need a finite number for every sample`);
    }
  }
}

/** Predictions for the rows of x. */
export function applyRidge(fit: RidgeFit, x: Matrix): Float64Array {
  const d = fit.coef.length;
  if (x.cols !== d) throw new Error(`the ridge probe was fitted on ${d} features but this input has ${x.cols}; use activations from the same site`);
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let sum = fit.intercept;
    for (let j = 0; j < d; j++) sum += ((x.data[i * d + j] - fit.mean[j]) / fit.scale[j]) * fit.coef[j];
    out[i] = sum;
  }
  return out;
}

/** Coefficient of determination, as scikit-learn's r2_score (constant truth: 1 if predicted exactly, else 0). */
export function r2Score(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < truth.length; i++) mean += truth[i];
  mean /= truth.length;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < truth.length; i++) {
    residual += (truth[i] - predicted[i]) ** 2;
    total += (truth[i] - mean) ** 2;
  }
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}

/** Mean and scale over `rows` (scale 1 for constant columns, scikit-learn's rule; all 1 without standardising). */
function columnScaler(x: Matrix, rows: Int32Array, standardize: boolean): { mean: Float64Array; scale: Float64Array } {
  const d = x.cols;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d).fill(1);
  for (const i of rows) for (let j = 0; j < d; j++) mean[j] += x.data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= rows.length;
  if (!standardize) return { mean, scale };
  const squares = new Float64Array(d);
  for (const i of rows) for (let j = 0; j < d; j++) squares[j] += (x.data[i * d + j] - mean[j]) ** 2;
  const eps = 2.220446049250313e-16;
  const n = rows.length;
  for (let j = 0; j < d; j++) {
    const variance = squares[j] / n;
    if (variance > n * eps * variance + (n * mean[j] * eps) ** 2) scale[j] = Math.sqrt(variance);
  }
  return { mean, scale };
}

function designMatrix(x: Matrix, rows: Int32Array, mean: Float64Array, scale: Float64Array): Matrix {
  const d = x.cols;
  const data = new Float32Array(rows.length * d);
  rows.forEach((i, r) => {
    for (let j = 0; j < d; j++) data[r * d + j] = (x.data[i * d + j] - mean[j]) / scale[j];
  });
  return { data, rows: rows.length, cols: d };
}

/** u·v (n) in float64. */
function times(u: Matrix, v: Float64Array): Float64Array {
  const out = new Float64Array(u.rows);
  for (let i = 0; i < u.rows; i++) {
    let sum = 0;
    for (let j = 0; j < u.cols; j++) sum += u.data[i * u.cols + j] * v[j];
    out[i] = sum;
  }
  return out;
}

/** uᵀ·v (d) in float64. */
function timesTransposed(u: Matrix, v: Float64Array): Float64Array {
  const out = new Float64Array(u.cols);
  for (let i = 0; i < u.rows; i++) {
    const vi = v[i];
    for (let j = 0; j < u.cols; j++) out[j] += u.data[i * u.cols + j] * vi;
  }
  return out;
}

/** n ≥ d: (UᵀU + αI)w = Uᵀy with the d×d Gram matrix. */
function solvePrimal(u: Matrix, y: Float64Array, alpha: number): { coef: Float64Array; iterations: number } {
  const ut = transposeMatrix(u);
  const gram = readTidy(() => tf.matMul(tf.tensor2d(ut.data, [ut.rows, ut.cols]), tf.tensor2d(u.data, [u.rows, u.cols])));
  const apply = (v: Float64Array) => addScaled(timesTransposed(u, times(u, v)), alpha, v);
  return conjugateGradients(apply, timesTransposed(u, y), choleskyOf(gram, u.cols, alpha));
}

/** n < d: w = Uᵀa with (UUᵀ + αI)a = y, the n×n Gram matrix (cheaper when samples are fewer than features). */
function solveDual(u: Matrix, y: Float64Array, alpha: number): { coef: Float64Array; iterations: number } {
  const ut = transposeMatrix(u);
  const gram = readTidy(() => tf.matMul(tf.tensor2d(u.data, [u.rows, u.cols]), tf.tensor2d(ut.data, [ut.rows, ut.cols])));
  const apply = (a: Float64Array) => addScaled(times(u, timesTransposed(u, a)), alpha, a);
  const { coef: a, iterations } = conjugateGradients(apply, y, choleskyOf(gram, u.rows, alpha));
  return { coef: timesTransposed(u, a), iterations };
}

function addScaled(out: Float64Array, a: number, v: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] += a * v[i];
  return out;
}

/** Cholesky factor of gram + αI, with extra diagonal when float32 rounding makes it indefinite. */
function choleskyOf(gram: Float32Array, n: number, alpha: number): Float64Array {
  let trace = 0;
  for (let i = 0; i < n; i++) trace += gram[i * n + i];
  for (let jitter = 0; ; jitter = jitter === 0 ? 1e-7 * (trace / n + alpha) : jitter * 10) {
    const a = Float64Array.from(gram);
    for (let i = 0; i < n; i++) a[i * n + i] += alpha + jitter;
    const l = cholesky(a, n);
    if (l !== null) return l;
  }
}

/** Solves L·Lᵀ·z = r. */
function choleskySolve(l: Float64Array, r: Float64Array): Float64Array {
  const n = r.length;
  const z = Float64Array.from(r);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) z[i] -= l[i * n + k] * z[k];
    z[i] /= l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) z[i] -= l[k * n + i] * z[k];
    z[i] /= l[i * n + i];
  }
  return z;
}

/** Preconditioned conjugate gradients for the SPD system apply(x) = b, preconditioned by (L·Lᵀ)⁻¹. */
function conjugateGradients(apply: (v: Float64Array) => Float64Array, b: Float64Array, l: Float64Array): { coef: Float64Array; iterations: number } {
  const x = new Float64Array(b.length);
  const r = Float64Array.from(b);
  const bNorm = Math.sqrt(dot(b, b));
  if (bNorm === 0) return { coef: x, iterations: 0 };
  let z = choleskySolve(l, r);
  const p = Float64Array.from(z);
  let rz = dot(r, z);
  for (let iteration = 1; iteration <= PCG_MAX_ITERATIONS; iteration++) {
    const ap = apply(p);
    const step = rz / dot(p, ap);
    addScaled(x, step, p);
    addScaled(r, -step, ap);
    if (Math.sqrt(dot(r, r)) <= PCG_TOLERANCE * bNorm) return { coef: x, iterations: iteration };
    z = choleskySolve(l, r);
    const rzNext = dot(r, z);
    for (let i = 0; i < p.length; i++) p[i] = z[i] + (rzNext / rz) * p[i];
    rz = rzNext;
  }
  return { coef: x, iterations: PCG_MAX_ITERATIONS };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
