// UMAP's fuzzy simplicial set (McInnes, Healy & Melville 2018, §3.1): each point's kNN distances are
// calibrated into memberships (rho = nearest non-zero distance, sigma found by bisection), and the
// directed graph is symmetrised by the fuzzy union A + Aᵀ − A∘Aᵀ into a CSR matrix.
import type { KnnGraph } from './knn';

/** A symmetric sparse matrix in CSR form; columns ascending within each row, no stored zeros. */
export interface FuzzyGraph {
  n: number;
  /** [n + 1] row i's entries are rowStart[i] … rowStart[i + 1]. */
  rowStart: Int32Array;
  cols: Int32Array;
  weights: Float32Array;
}

export interface SmoothKnn {
  sigmas: Float64Array;
  rhos: Float64Array;
}

/** Bisection steps for sigma, and how close the membership sum must come to its target. */
const SIGMA_ITERATIONS = 64;
const SIGMA_TOLERANCE = 1e-5;
/** Sigma never drops below this fraction of the mean neighbour distance (keeps weights finite). */
const MIN_SIGMA_SCALE = 1e-3;

/**
 * Per-point rho and sigma so that Σ_j exp(−max(0, d_ij − rho_i) / sigma_i) = log2(nNeighbors), where
 * nNeighbors counts the point itself (as in the paper), so the kNN lists hold nNeighbors − 1 others.
 */
export function smoothKnnDistances(knn: KnnGraph, nNeighbors: number): SmoothKnn {
  const { n, k, distances } = knn;
  const target = Math.log2(nNeighbors);
  const sigmas = new Float64Array(n);
  const rhos = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < distances.length; i++) total += distances[i];
  const globalMean = n > 0 ? total / (n * nNeighbors) : 0;
  for (let i = 0; i < n; i++) {
    const base = i * k;
    let rho = 0;
    let rowSum = 0;
    for (let t = 0; t < k; t++) {
      const d = distances[base + t];
      rowSum += d;
      if (rho === 0 && d > 0) rho = d; // rows are sorted: the first non-zero is the nearest one
    }
    const sigma = bisectSigma(distances, base, k, rho, target);
    const floor = MIN_SIGMA_SCALE * (rho > 0 ? rowSum / nNeighbors : globalMean);
    rhos[i] = rho;
    sigmas[i] = Math.max(sigma, floor);
  }
  return { sigmas, rhos };
}

function bisectSigma(distances: Float32Array, base: number, k: number, rho: number, target: number): number {
  let lo = 0;
  let hi = Infinity;
  let mid = 1;
  for (let iter = 0; iter < SIGMA_ITERATIONS; iter++) {
    let sum = 0;
    for (let t = 0; t < k; t++) {
      const excess = distances[base + t] - rho;
      sum += excess > 0 ? Math.exp(-excess / mid) : 1;
    }
    if (Math.abs(sum - target) < SIGMA_TOLERANCE) break;
    if (sum > target) {
      hi = mid;
      mid = (lo + hi) / 2;
    } else {
      lo = mid;
      mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
    }
  }
  return mid;
}

/** The directed memberships exp(−max(0, d − rho) / sigma), aligned with knn.indices. */
export function membershipStrengths(knn: KnnGraph, smooth: SmoothKnn): Float64Array {
  const { n, k, distances } = knn;
  const strengths = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const rho = smooth.rhos[i];
    const sigma = smooth.sigmas[i];
    for (let t = 0; t < k; t++) {
      const excess = distances[i * k + t] - rho;
      strengths[i * k + t] = excess <= 0 || sigma === 0 ? 1 : Math.exp(-excess / sigma);
    }
  }
  return strengths;
}

/** The fuzzy union W = A + Aᵀ − A∘Aᵀ of the directed kNN memberships A. */
export function fuzzyUnion(knn: KnnGraph, strengths: Float64Array): FuzzyGraph {
  const { n, k, indices } = knn;
  const incoming = transposeLists(knn, strengths);
  const rowStart = new Int32Array(n + 1);
  const cols = new Int32Array(2 * n * k);
  const weights = new Float32Array(2 * n * k);
  const value = new Float64Array(n);
  const stamp = new Int32Array(n).fill(-1);
  const rowCols = new Int32Array(n);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let t = 0; t < k; t++) {
      const j = indices[i * k + t];
      stamp[j] = i;
      value[j] = strengths[i * k + t];
      rowCols[count++] = j;
    }
    for (let p = incoming.start[i]; p < incoming.start[i + 1]; p++) {
      const j = incoming.source[p];
      const b = incoming.strength[p];
      if (stamp[j] === i) {
        value[j] = value[j] + b - value[j] * b;
      } else {
        stamp[j] = i;
        value[j] = b;
        rowCols[count++] = j;
      }
    }
    const sorted = rowCols.subarray(0, count).sort();
    for (let p = 0; p < count; p++) {
      const w = value[sorted[p]];
      if (!(w > 0)) continue;
      cols[nnz] = sorted[p];
      weights[nnz++] = w;
    }
    rowStart[i + 1] = nnz;
  }
  return { n, rowStart, cols: cols.slice(0, nnz), weights: weights.slice(0, nnz) };
}

/** For each point, the points that list it as a neighbour, with their strengths (a counting sort). */
function transposeLists(knn: KnnGraph, strengths: Float64Array): { start: Int32Array; source: Int32Array; strength: Float64Array } {
  const { n, k, indices } = knn;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < n * k; e++) start[indices[e] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const source = new Int32Array(n * k);
  const strength = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const p = fill[indices[i * k + t]]++;
      source[p] = i;
      strength[p] = strengths[i * k + t];
    }
  }
  return { start, source, strength };
}

/** The whole of §3.1: kNN lists → symmetric fuzzy graph. */
export function fuzzySimplicialSet(knn: KnnGraph, nNeighbors: number): FuzzyGraph & SmoothKnn {
  const smooth = smoothKnnDistances(knn, nNeighbors);
  return { ...fuzzyUnion(knn, membershipStrengths(knn, smooth)), ...smooth };
}
