// Top eigenpairs of a symmetric positive semi-definite matrix held as a tfjs tensor, by block subspace
// iteration with Rayleigh–Ritz: the m×m products run on tfjs (2-D, untransposed, so wasm takes its fast
// path), the p×p eigenproblems and Cholesky factors in float64 JS (linalg.ts).
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../data/random';
import { cholesky, invertLower, orthonormalizeRows } from './linalg';
import { symmetricEigen } from './linalgEigen';
import { readTidy, using } from './linalgTf';

export interface TopEigenOptions {
  /** How many eigenpairs to return (≤ the matrix size). */
  k: number;
  /** Width of the iterated block; default min(m, k + max(10, k)). Wider converges in fewer steps. */
  blockSize?: number;
  /** Seed of the random starting block; default 0. */
  seed?: number;
  /** Stop when every wanted residual ‖M·v − θ·v‖ ≤ tolerance · θ₁; default 1e-5 (float32 floor ≈ 1e-6). */
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
/** Ritz values below this fraction of the largest are treated as null space when rescaling. */
const NULL_FRACTION = 1e-7;
/**
 * Rayleigh–Ritz (a p×p eigenproblem, the costliest JS step) and the convergence test run every this
 * many iterations; in between, a Cholesky solve does the same rescaling much more cheaply.
 */
const CHECK_EVERY = 3;
/** Ridge added to Vᵀ·M·V, relative to its largest diagonal entry, so null directions do not break Cholesky. */
const RIDGE = 1e-6;

/** The k largest eigenpairs of the symmetric m×m tensor `m` (which is left alive). */
export function topEigen(m: tf.Tensor2D, options: TopEigenOptions): TopEigen {
  const size = m.shape[0];
  const k = options.k;
  if (!(Number.isInteger(k) && k >= 1 && k <= size)) throw new Error(`topEigen: k must be in 1…${size}, got ${k}`);
  const p = Math.min(size, options.blockSize ?? k + Math.max(10, k));
  if (p >= size) return denseTopEigen(m, k);
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  let v = randomOrthonormalBlock(p, size, options.seed ?? 0);
  try {
    for (let iteration = 1; ; iteration++) {
      const last = iteration >= maxIterations;
      const step = subspaceStep(m, v, k, iteration % CHECK_EVERY === 0 || last);
      if (step.ritz !== undefined && (step.worstResidual! <= tolerance * Math.abs(step.values![0]) || last)) {
        step.next.dispose();
        const vectors = using(step.ritz, (ritz) => readTidy(() => ritz.slice([0, 0], [k, size])));
        return { values: step.values!.slice(0, k), vectors, iterations: iteration, converged: !last || step.worstResidual! <= tolerance * Math.abs(step.values![0]) };
      }
      step.ritz?.dispose();
      v.dispose();
      v = using(step.next, orthonormalizeBlock);
    }
  } finally {
    v.dispose();
  }
}

interface Step {
  /** p×m block whose rows span M·V, scaled so that its rows are nearly orthonormal already. */
  next: tf.Tensor2D;
  /** When Rayleigh–Ritz ran: the p×m Ritz vectors, their values (descending) and the worst residual among the first k. */
  ritz?: tf.Tensor2D;
  values?: Float64Array;
  worstResidual?: number;
}

/**
 * One step of subspace iteration from the orthonormal rows of v. The next block is (VᵀMV)⁻¹·V·M: for
 * an invariant subspace that is V itself, so its Gram matrix stays near I and Cholesky QR is stable.
 */
function subspaceStep(m: tf.Tensor2D, v: tf.Tensor2D, k: number, check: boolean): Step {
  const p = v.shape[0];
  const z = tf.matMul(v, m) as tf.Tensor2D; // [p, m]: row i is M·v_i (M symmetric)
  try {
    const b = symmetrize(readTidy(() => tf.matMul(v, tf.transpose(z))), p); // [p, p] = Vᵀ M V
    const inverse = check ? null : ridgeInverse(b, p);
    if (inverse !== null) return { next: tf.tidy(() => tf.matMul(tf.tensor2d(inverse, [p, p]), z) as tf.Tensor2D) };
    return ritzStep(v, z, b, k);
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
function ritzStep(v: tf.Tensor2D, z: tf.Tensor2D, b: Float64Array, k: number): Step {
  const p = v.shape[0];
  const eigen = symmetricEigen(b, p);
  const values = eigen.values;
  const s = tf.tensor2d(Float32Array.from(eigen.vectors), [p, p]); // row j: coefficients of Ritz vector j
  const [ritz, applied] = tf.tidy(() => [tf.matMul(s, v) as tf.Tensor2D, tf.matMul(s, z) as tf.Tensor2D]);
  s.dispose();
  try {
    const theta = Float32Array.from(values);
    const residual = readTidy(() => tf.sum(tf.square(tf.sub(applied, tf.mul(tf.tensor2d(theta, [p, 1]), ritz))), 1));
    let worst = 0;
    for (let i = 0; i < k; i++) worst = Math.max(worst, Math.sqrt(residual[i]));
    const floor = NULL_FRACTION * Math.abs(values[0]);
    const inverse = Float32Array.from(values, (t) => (t > floor ? 1 / t : 0));
    const keep = Float32Array.from(values, (t) => (t > floor ? 0 : 1));
    const next = tf.tidy(() => tf.add(tf.mul(tf.tensor2d(inverse, [p, 1]), applied), tf.mul(tf.tensor2d(keep, [p, 1]), ritz)) as tf.Tensor2D);
    return { next, ritz, values, worstResidual: worst };
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

/** Orthonormal rows spanning a Gaussian block (well conditioned, so Cholesky QR suffices). */
function randomOrthonormalBlock(p: number, size: number, seed: number): tf.Tensor2D {
  const rng = createRng(seed);
  return using(tf.tensor2d(Float32Array.from({ length: p * size }, () => rng.normal()), [p, size]), orthonormalizeBlock);
}

/** When the block would cover the whole space: read M and solve it directly. */
function denseTopEigen(m: tf.Tensor2D, k: number): TopEigen {
  const size = m.shape[0];
  const eigen = symmetricEigen(symmetrize(m.dataSync() as Float32Array, size), size);
  return { values: eigen.values.slice(0, k), vectors: Float32Array.from(eigen.vectors.subarray(0, k * size)), iterations: 1, converged: true };
}
