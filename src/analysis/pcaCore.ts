// The numerical core of fitPca: the top-k principal directions of a centred matrix, found from the
// d×d scatter matrix (n ≥ d) or the n×n Gram matrix (n < d), then rotated by a Rayleigh–Ritz step
// against the data itself in float64, which fixes each direction's variance well below float32 noise.
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../data/random';
import type { Matrix } from '../data/types';
import { orthonormalizeRows } from './linalg';
import { symmetricEigen } from './linalgEigen';
import { readTidy, scatterMatrix, using } from './linalgTf';
import { topEigen } from './pcaEigen';

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

function scatterBasis(xc: tf.Tensor2D, xct: tf.Tensor2D, k: number, seed: number): Basis {
  const eigen = using(scatterMatrix(xc, xct), (scatter) => topEigen(scatter, { k, seed })); // scatter [d, d]
  return { basis: eigen.vectors, converged: eigen.converged };
}

/** Eigenvectors a of X_c·X_cᵀ map to directions X_cᵀ·a in feature space. */
function gramBasis(xc: tf.Tensor2D, xct: tf.Tensor2D, k: number, seed: number): Basis {
  const n = xc.shape[0];
  const eigen = using(tf.matMul(xc, xct) as tf.Tensor2D, (gram) => topEigen(gram, { k, seed })); // gram [n, n]
  const basis = readTidy(() => tf.matMul(tf.tensor2d(eigen.vectors, [k, n]), xc)); // [k, d]
  return { basis, converged: eigen.converged };
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
