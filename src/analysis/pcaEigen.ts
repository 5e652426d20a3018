// Top eigenpairs of a symmetric positive semi-definite matrix held as a tfjs tensor, by block subspace
// iteration with Rayleigh–Ritz: the m×m products run on tfjs (2-D, untransposed, so wasm takes its fast
// path), the p×p eigenproblems and Cholesky factors in float64 JS (linalg.ts).
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../data/random';
import { cholesky, invertLower, orthonormalizeRows } from './linalg';
import { symmetricEigen } from './linalgEigen';
import { readTidy, using } from './linalgTf';

/** A symmetric positive semi-definite m×m matrix M, given by how it multiplies. */
export interface SymmetricOperator {
  size: number;
  /** V·M for the [p, m] rows of v (= (M·Vᵀ)ᵀ, M being symmetric), as a new tensor. */
  apply(v: tf.Tensor2D): tf.Tensor2D;
}

/** The operator of an explicit m×m tensor (which the caller keeps and disposes). */
export function matrixOperator(m: tf.Tensor2D): SymmetricOperator {
  return { size: m.shape[0], apply: (v) => tf.matMul(v, m) as tf.Tensor2D };
}

export interface TopEigenOptions {
  /** How many eigenpairs to return (≤ the matrix size). */
  k: number;
  /** Width of the iterated block; default blockWidth(k, m). Wider converges in fewer steps. */
  blockSize?: number;
  /** Seed of the random starting block; default 0. */
  seed?: number;
  /** Rows (of length m, row-major) to start from, e.g. an unfinished attempt's vectors; the rest of the block is random. */
  start?: Float32Array;
  /**
   * Stop when every wanted residual ‖M·v − θ·v‖ is at most tolerance · θ₁ (default 1e-5; the float32
   * floor is ≈ 1e-6) or GAP_FRACTION of θ − θ_p, its gap to the block's last Ritz value (which bounds
   * the angle to the block's span, where flat spectra make θ₁ too strict a scale).
   */
  tolerance?: number;
  /** Give up (converged: false) after this many iterations; default 400. */
  maxIterations?: number;
}

export interface TopEigen {
  /** The k largest Ritz values, descending. */
  values: Float64Array;
  /** k×m, row i the unit eigenvector of values[i]. */
  vectors: Float32Array;
  iterations: number;
  converged: boolean;
}

const DEFAULT_TOLERANCE = 1e-5;
const DEFAULT_MAX_ITERATIONS = 400;
/** See TopEigenOptions.tolerance: a residual this fraction of the gap leaves directions within ~1e-3 rad. */
const GAP_FRACTION = 1e-3;
/** Ritz values below this fraction of the largest are treated as null space when rescaling. */
const NULL_FRACTION = 1e-7;
/**
 * Rayleigh–Ritz (a p×p eigenproblem, the costliest JS step) and the convergence test run only now
 * and then: first after this many iterations, later when the residuals' geometric decay predicts
 * convergence (at most MAX_CHECK_GAP iterations on). In between, a Cholesky solve rescales the block.
 */
const FIRST_CHECK = 3;
const MAX_CHECK_GAP = 6;
/** Ridge added to Vᵀ·M·V, relative to its largest diagonal entry, so null directions do not break Cholesky. */
const RIDGE = 1e-6;

/** The default block width for k wanted eigenpairs of an m×m matrix. */
export function blockWidth(k: number, size: number): number {
  return Math.min(size, k + Math.max(10, k));
}

/** The k largest eigenpairs of the symmetric operator `m`. */
export function topEigen(m: SymmetricOperator, options: TopEigenOptions): TopEigen {
  const size = m.size;
  const k = options.k;
  if (!(Number.isInteger(k) && k >= 1 && k <= size)) throw new Error(`topEigen: k must be in 1…${size}, got ${k}`);
  const p = Math.min(size, options.blockSize ?? blockWidth(k, size));
  if (p >= size) return denseTopEigen(m, k);
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  let v = startingBlock(p, size, options.seed ?? 0, options.start);
  let schedule: CheckSchedule = { next: Math.min(FIRST_CHECK, maxIterations) };
  try {
    for (let iteration = 1; ; iteration++) {
      const step = subspaceStep(m, v, iteration >= schedule.next);
      if (step.ritz !== undefined) {
        const excess = residualExcess(step.residuals!, step.values!, k, tolerance);
        if (excess <= 1 || iteration >= maxIterations) {
          step.next.dispose();
          const vectors = using(step.ritz, (ritz) => readTidy(() => ritz.slice([0, 0], [k, size])));
          return { values: step.values!.slice(0, k), vectors, iterations: iteration, converged: excess <= 1 };
        }
        step.ritz.dispose();
        schedule = nextCheck(schedule, iteration, excess, maxIterations);
      }
      v.dispose();
      v = using(step.next, orthonormalizeBlock);
    }
  } finally {
    v.dispose();
  }
}

interface CheckSchedule {
  /** Iteration of the next convergence test. */
  next: number;
  /** The last test: its iteration and residual excess (converged at ≤ 1). */
  last?: { iteration: number; residual: number };
}

/** The largest ratio of a wanted residual to what the tolerance allows it (see TopEigenOptions.tolerance). */
function residualExcess(residuals: Float64Array, values: Float64Array, k: number, tolerance: number): number {
  const floor = tolerance * Math.abs(values[0]);
  const last = values[values.length - 1];
  let excess = 0;
  for (let i = 0; i < k; i++) excess = Math.max(excess, residuals[i] / Math.max(floor, GAP_FRACTION * (values[i] - last)));
  return excess;
}

/** Plans the next test from the decay rate of the residual between the last two tests. */
function nextCheck(schedule: CheckSchedule, iteration: number, residual: number, maxIterations: number): CheckSchedule {
  let gap = FIRST_CHECK;
  const last = schedule.last;
  if (last !== undefined && residual < last.residual) {
    const rate = (residual / last.residual) ** (1 / (iteration - last.iteration));
    gap = Math.ceil(Math.log(1 / residual) / Math.log(rate));
  }
  const next = iteration + Math.min(MAX_CHECK_GAP, Math.max(1, gap));
  return { next: Math.min(next, maxIterations), last: { iteration, residual } };
}

interface Step {
  /** p×m block whose rows span M·V, scaled so that its rows are nearly orthonormal already. */
  next: tf.Tensor2D;
  /** When Rayleigh–Ritz ran: the p×m Ritz vectors, their values (descending) and residual norms. */
  ritz?: tf.Tensor2D;
  values?: Float64Array;
  /** ‖M·u − θ·u‖ of each Ritz pair. */
  residuals?: Float64Array;
}

/**
 * One step of subspace iteration from the orthonormal rows of v. The next block is (VᵀMV)⁻¹·V·M: for
 * an invariant subspace that is V itself, so its Gram matrix stays near I and Cholesky QR is stable.
 */
function subspaceStep(m: SymmetricOperator, v: tf.Tensor2D, check: boolean): Step {
  const p = v.shape[0];
  const z = m.apply(v); // [p, m]: row i is M·v_i
  try {
    const b = symmetrize(readTidy(() => tf.matMul(v, tf.transpose(z))), p); // [p, p] = Vᵀ M V
    const inverse = check ? null : ridgeInverse(b, p);
    if (inverse !== null) return { next: tf.tidy(() => tf.matMul(tf.tensor2d(inverse, [p, p]), z) as tf.Tensor2D) };
    return ritzStep(v, z, b);
  } finally {
    z.dispose();
  }
}

/** (B + ridge·I)⁻¹ through Cholesky, as float32; null when B is not numerically positive definite. */
function ridgeInverse(b: Float64Array, p: number): Float32Array | null {
  let largest = 0;
  for (let i = 0; i < p; i++) largest = Math.max(largest, b[i * p + i]);
  const shifted = Float64Array.from(b);
  for (let i = 0; i < p; i++) shifted[i * p + i] += RIDGE * largest;
  const l = cholesky(shifted, p);
  if (l === null) return null;
  const li = invertLower(l, p); // B⁻¹ = L⁻ᵀ·L⁻¹
  const out = new Float32Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let t = i; t < p; t++) sum += li[t * p + i] * li[t * p + j];
      out[i * p + j] = out[j * p + i] = sum;
    }
  }
  return out;
}

/** Rayleigh–Ritz on the span of v's rows (z = V·M): Ritz pairs, residuals, and M·u/θ for the next step. */
function ritzStep(v: tf.Tensor2D, z: tf.Tensor2D, b: Float64Array): Step {
  const p = v.shape[0];
  const eigen = symmetricEigen(b, p);
  const values = eigen.values;
  const s = tf.tensor2d(Float32Array.from(eigen.vectors), [p, p]); // row j: coefficients of Ritz vector j
  const [ritz, applied] = tf.tidy(() => [tf.matMul(s, v) as tf.Tensor2D, tf.matMul(s, z) as tf.Tensor2D]);
  s.dispose();
  try {
    const theta = Float32Array.from(values);
    const residual = readTidy(() => tf.sum(tf.square(tf.sub(applied, tf.mul(tf.tensor2d(theta, [p, 1]), ritz))), 1));
    const floor = NULL_FRACTION * Math.abs(values[0]);
    const inverse = Float32Array.from(values, (t) => (t > floor ? 1 / t : 0));
    const keep = Float32Array.from(values, (t) => (t > floor ? 0 : 1));
    const next = tf.tidy(() => tf.add(tf.mul(tf.tensor2d(inverse, [p, 1]), applied), tf.mul(tf.tensor2d(keep, [p, 1]), ritz)) as tf.Tensor2D);
    return { next, ritz, values, residuals: Float64Array.from(residual, Math.sqrt) };
  } finally {
    applied.dispose();
  }
}

function symmetrize(b: Float32Array, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) out[i * p + j] = 0.5 * (b[i * p + j] + b[j * p + i]);
  return out;
}

/** A second Cholesky QR pass is skipped when the first Gram matrix was this close to I (row sums of |off-diagonal|). */
const WELL_CONDITIONED = 0.5;

/**
 * Orthonormal rows spanning those of `y` by Cholesky QR: once when y's rows were nearly orthogonal
 * already (the Gram matrix of (VᵀMV)⁻¹·V·M is I plus a small term), else twice; Gram–Schmidt in JS
 * if Cholesky fails.
 */
function orthonormalizeBlock(y: tf.Tensor2D): tf.Tensor2D {
  const first = choleskyQrPass(y);
  if (first === null) return gramSchmidtBlock(y);
  if (first.offDiagonal <= WELL_CONDITIONED) return first.q;
  const second = using(first.q, choleskyQrPass);
  return second === null ? gramSchmidtBlock(y) : second.q;
}

/** One Cholesky QR pass on row-normalised y: Q = L⁻¹·D·y with L·Lᵀ = D·y·yᵀ·D; null if not positive definite. */
function choleskyQrPass(y: tf.Tensor2D): { q: tf.Tensor2D; offDiagonal: number } | null {
  const p = y.shape[0];
  const gram = readTidy(() => tf.matMul(y, tf.transpose(y)));
  const g = new Float64Array(p * p);
  const d = new Float64Array(p);
  for (let i = 0; i < p; i++) d[i] = 1 / Math.sqrt(gram[i * p + i]);
  if (!d.every(Number.isFinite)) return null;
  let offDiagonal = 0;
  for (let i = 0; i < p; i++) {
    let rowSum = 0;
    for (let j = 0; j < p; j++) {
      g[i * p + j] = 0.5 * (gram[i * p + j] + gram[j * p + i]) * d[i] * d[j];
      if (j !== i) rowSum += Math.abs(g[i * p + j]);
    }
    offDiagonal = Math.max(offDiagonal, rowSum);
  }
  const l = cholesky(g, p);
  if (l === null) return null;
  const inv = invertLower(l, p);
  const t = new Float32Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j <= i; j++) t[i * p + j] = inv[i * p + j] * d[j];
  return { q: tf.tidy(() => tf.matMul(tf.tensor2d(t, [p, p]), y) as tf.Tensor2D), offDiagonal };
}

function gramSchmidtBlock(y: tf.Tensor2D): tf.Tensor2D {
  const [p, size] = y.shape;
  const rows = Float64Array.from(y.dataSync());
  const rng = createRng(p * 7919 + size);
  orthonormalizeRows(rows, p, size, () => Float64Array.from({ length: size }, () => rng.normal()));
  return tf.tensor2d(Float32Array.from(rows), [p, size]);
}

/** Orthonormal rows spanning `start` and Gaussian rows after it (well conditioned, so Cholesky QR works). */
function startingBlock(p: number, size: number, seed: number, start: Float32Array = new Float32Array(0)): tf.Tensor2D {
  const rng = createRng(seed);
  const rows = Float32Array.from({ length: p * size }, () => rng.normal());
  rows.set(start.subarray(0, Math.min(start.length, rows.length)));
  return using(tf.tensor2d(rows, [p, size]), orthonormalizeBlock);
}

/** When the block would cover the whole space: form M (M·I) and solve it directly. */
function denseTopEigen(m: SymmetricOperator, k: number): TopEigen {
  const size = m.size;
  const dense = readTidy(() => m.apply(tf.eye(size) as tf.Tensor2D));
  const eigen = symmetricEigen(symmetrize(dense, size), size);
  return { values: eigen.values.slice(0, k), vectors: Float32Array.from(eigen.vectors.subarray(0, k * size)), iterations: 1, converged: true };
}
