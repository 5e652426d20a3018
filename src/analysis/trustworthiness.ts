// Trustworthiness of an embedding (Venna & Kaski 2001), defined as in sklearn.manifold.trustworthiness:
// 1 − 2/(nk(2n − 3k − 1)) · Σ_i Σ_{j ∈ k-NN of i in Y} max(0, rank of j among i's neighbours in X − k).
// Exact: ranks come from float64 distances in the original space (ties by index), in plain JS.
import type { Matrix } from '../data/types';
import { assertFinite, assertShape } from './matrix';

export interface TrustworthinessOptions {
  /** Distance in the original space: 'euclidean' (default) or 'cosine' (1 − cos); the embedding is always euclidean. */
  metric?: 'euclidean' | 'cosine';
}

/** Trustworthiness in [0, 1] of embedding `y` of the rows of `x`, over k neighbours (default 5; k < rows / 2). */
export function trustworthiness(x: Matrix, y: Matrix, k = 5, options: TrustworthinessOptions = {}): number {
  const metric = options.metric ?? 'euclidean';
  assertShape(x, 3, 'trustworthiness input X', 'trustworthiness');
  assertShape(y, 3, 'trustworthiness embedding Y', 'trustworthiness');
  if (x.rows !== y.rows) throw new Error(`X has ${x.rows} rows but the embedding Y has ${y.rows}; pass the embedding of these very rows`);
  const n = x.rows;
  if (!Number.isInteger(k) || k < 1 || k >= n / 2) {
    throw new Error(`trustworthiness k must be a whole number from 1 to below rows / 2 (${n / 2}), got ${k}; use fewer neighbours`);
  }
  if (metric !== 'euclidean' && metric !== 'cosine') throw new Error(`trustworthiness metric must be 'euclidean' or 'cosine', got ${JSON.stringify(metric)}`);
  assertFinite(x, 'trustworthiness input X');
  assertFinite(y, 'trustworthiness embedding Y');
  const embedded = embeddingNeighbours(y, k);
  const penalty = rankPenalty(x, embedded, k, metric);
  return 1 - (penalty * 2) / (n * k * (2 * n - 3 * k - 1));
}

/** [n·k] each row's k nearest other rows of y (squared euclidean, float64, ties by index). */
function embeddingNeighbours(y: Matrix, k: number): Int32Array {
  const { rows: n, cols: d, data } = y;
  const out = new Int32Array(n * k);
  const bestDist = new Float64Array(k);
  const bestIdx = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    bestDist.fill(Infinity);
    bestIdx.fill(-1);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let dist = 0;
      for (let t = 0; t < d; t++) {
        const diff = data[i * d + t] - data[j * d + t];
        dist += diff * diff;
      }
      if (dist >= bestDist[k - 1]) continue; // j ascends, so an equal distance loses the tie
      let p = k - 1;
      while (p > 0 && bestDist[p - 1] > dist) {
        bestDist[p] = bestDist[p - 1];
        bestIdx[p] = bestIdx[p - 1];
        p--;
      }
      bestDist[p] = dist;
      bestIdx[p] = j;
    }
    out.set(bestIdx, i * k);
  }
  return out;
}

/** Σ over rows and their embedding neighbours of max(0, rank in X − k). */
function rankPenalty(x: Matrix, embedded: Int32Array, k: number, metric: 'euclidean' | 'cosine'): number {
  const n = x.rows;
  const row = new Float64Array(n);
  const scratch = new Float64Array(n - 1);
  const norms = metric === 'cosine' ? rowNorms(x) : null;
  let penalty = 0;
  for (let i = 0; i < n; i++) {
    distanceRow(x, i, norms, row);
    // Neighbours strictly nearer than the k-th nearest in X have rank ≤ k: no penalty, no count needed.
    let s = 0;
    for (let j = 0; j < n; j++) if (j !== i) scratch[s++] = row[j];
    const kth = selectKth(scratch, k - 1);
    for (let t = 0; t < k; t++) {
      const j = embedded[i * k + t];
      const dj = row[j];
      if (dj < kth) continue;
      let rank = 1;
      for (let m = 0; m < n; m++) {
        if (m !== i && (row[m] < dj || (row[m] === dj && m < j))) rank++;
      }
      if (rank > k) penalty += rank - k;
    }
  }
  return penalty;
}

/** Distances from row i to every row (squared euclidean, or cosine distance), in float64. */
function distanceRow(x: Matrix, i: number, norms: Float64Array | null, out: Float64Array): void {
  const { rows: n, cols: d, data } = x;
  const a = i * d;
  for (let j = 0; j < n; j++) {
    const b = j * d;
    let sum = 0;
    if (norms === null) {
      for (let t = 0; t < d; t++) {
        const diff = data[a + t] - data[b + t];
        sum += diff * diff;
      }
      out[j] = sum;
    } else {
      for (let t = 0; t < d; t++) sum += data[a + t] * data[b + t];
      const scale = norms[i] * norms[j];
      // As scikit-learn: a zero row is at cosine distance 1 from everything.
      out[j] = scale > 0 ? 1 - sum / scale : 1;
    }
  }
}

function rowNorms(x: Matrix): Float64Array {
  const { rows, cols, data } = x;
  const norms = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let t = 0; t < cols; t++) sum += data[i * cols + t] * data[i * cols + t];
    norms[i] = Math.sqrt(sum);
  }
  return norms;
}

/** The value of rank r (0-based) in ascending order; reorders `values` (quickselect, median-of-three pivots). */
function selectKth(values: Float64Array, r: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const pivot = median3(values[lo], values[mid], values[hi]);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const tmp = values[i];
        values[i++] = values[j];
        values[j--] = tmp;
      }
    }
    if (r <= j) hi = j;
    else if (r >= i) lo = i;
    else return values[r];
  }
  return values[r];
}

function median3(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}
