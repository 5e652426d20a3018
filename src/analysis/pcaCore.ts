// The numerical core of fitPca: the top-k principal directions of a centred matrix, found from the
// d×d scatter matrix (n ≥ d) or the n×n Gram matrix (n < d), then rotated by a Rayleigh–Ritz step
// against the data itself in float64, which fixes each direction's variance well below float32 noise.
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../data/random';
import type { Matrix } from '../data/types';
import { orthonormalizeRows } from './linalg';
import { symmetricEigen } from './linalgEigen';
import { readTidy, scatterMatrix, using } from './linalgTf';
import { blockWidth, matrixOperator, topEigen, type SymmetricOperator } from './pcaEigen';

export interface Directions {
  /** k×d orthonormal rows, by decreasing variance. */
  components: Float32Array;
  /** ‖X_c · component‖² per row, descending. */
  sumSquares: Float64Array;
  converged: boolean;
}

/** The k ≤ min(n, d) leading principal directions of the column-centred n×d matrix `centred`. */
export function principalDirections(centred: Matrix, k: number, seed: number): Directions {
  const { rows: n, cols: d } = centred;
  const xc = tf.tensor2d(centred.data, [n, d]);
  const xct = tf.tidy(() => tf.transpose(xc) as tf.Tensor2D); // [d, n], so every product is untransposed
  try {
    const found = n >= d ? scatterBasis(xc, xct, k, seed) : gramBasis(xc, xct, k, seed);
    return { ...rotateOnData(found.basis, k, xct, seed), converged: found.converged };
  } finally {
    xc.dispose();
    xct.dispose();
  }
}

interface Basis {
  /** k×d rows spanning the leading directions (not necessarily unit or orthogonal). */
  basis: Float32Array;
  converged: boolean;
}

/**
 * Forming XᵀX costs about n·d²·3/4 multiply-adds (scatterMatrix skips the blocks below the diagonal);
 * one step of iterating on the data instead, V·Xᵀ·X, costs 2·p·n·d. When the block p is narrow, that
 * many steps usually converge first, so they are tried before the matrix is formed.
 */
const SCATTER_COST = 0.75;
/** Fewer affordable data steps than this are not worth trying. */
const MIN_DATA_STEPS = 8;

/** Eigenvectors of the d×d scatter matrix X_cᵀ·X_c. */
function scatterBasis(xc: tf.Tensor2D, xct: tf.Tensor2D, k: number, seed: number): Basis {
  const [n, d] = xc.shape;
  const onData: SymmetricOperator = { size: d, apply: (v) => tf.tidy(() => tf.matMul(tf.matMul(v, xct), xc) as tf.Tensor2D) };
  const budget = Math.floor((SCATTER_COST * n * d * d) / (2 * blockWidth(k, d) * n * d));
  return withFallback(onData, budget, k, seed, () => scatterMatrix(xc, xct));
}

/** Eigenvectors a of the n×n Gram matrix X_c·X_cᵀ, mapped to directions X_cᵀ·a in feature space. */
function gramBasis(xc: tf.Tensor2D, xct: tf.Tensor2D, k: number, seed: number): Basis {
  const n = xc.shape[0];
  const onData: SymmetricOperator = { size: n, apply: (v) => tf.tidy(() => tf.matMul(tf.matMul(v, xc), xct) as tf.Tensor2D) };
  const budget = Math.floor(n / (2 * blockWidth(k, n)));
  const found = withFallback(onData, budget, k, seed, () => tf.matMul(xc, xct) as tf.Tensor2D);
  const basis = readTidy(() => tf.matMul(tf.tensor2d(found.basis, [k, n]), xc)); // [k, d]
  return { basis, converged: found.converged };
}

/** Iterates on the data for up to `budget` steps; if that does not converge, forms the matrix and continues from there. */
function withFallback(onData: SymmetricOperator, budget: number, k: number, seed: number, form: () => tf.Tensor2D): Basis {
  let start: Float32Array | undefined;
  if (budget >= MIN_DATA_STEPS && blockWidth(k, onData.size) < onData.size) {
    const quick = topEigen(onData, { k, seed, maxIterations: budget });
    if (quick.converged) return { basis: quick.vectors, converged: true };
    start = quick.vectors;
  }
  const eigen = using(form(), (matrix) => topEigen(matrixOperator(matrix), { k, seed, start }));
  return { basis: eigen.vectors, converged: eigen.converged };
}

/**
 * Orthonormalises the basis, projects the data onto it (P = B·X_cᵀ, k×n), and diagonalises P·Pᵀ in
 * float64. The float32 scatter matrix blurs variances by ~1e-7 of the largest; P·Pᵀ does not, so
 * directions the data lacks (rank deficiency) come out with variance near zero, not near 1e-7.
 */
function rotateOnData(basis: Float32Array, k: number, xct: tf.Tensor2D, seed: number): Omit<Directions, 'converged'> {
  const [d, n] = xct.shape;
  const rows = Float64Array.from(basis);
  const rng = createRng(seed + 1);
  orthonormalizeRows(rows, k, d, () => Float64Array.from({ length: d }, () => rng.normal()));
  const unit = Float32Array.from(rows);
  const projected = readTidy(() => tf.matMul(tf.tensor2d(unit, [k, d]), xct)); // [k, n]
  const eigen = symmetricEigen(rowGram(projected, k, n), k);
  const components = new Float32Array(k * d);
  const row = new Float64Array(d);
  for (let i = 0; i < k; i++) {
    row.fill(0);
    for (let j = 0; j < k; j++) {
      const weight = eigen.vectors[i * k + j];
      for (let t = 0; t < d; t++) row[t] += weight * unit[j * d + t];
    }
    const inverse = 1 / Math.sqrt(row.reduce((sum, v) => sum + v * v, 0));
    for (let t = 0; t < d; t++) components[i * d + t] = row[t] * inverse;
  }
  return { components, sumSquares: eigen.values.map((v) => Math.max(v, 0)) };
}

/** P·Pᵀ in float64 for the k×n row-major `p`. */
function rowGram(p: Float32Array, k: number, n: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      let sum = 0;
      for (let t = 0; t < n; t++) sum += p[i * n + t] * p[j * n + t];
      out[i * k + j] = out[j * k + i] = sum;
    }
  }
  return out;
}
