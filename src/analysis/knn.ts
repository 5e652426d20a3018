// Exact k nearest neighbours: tfjs scores blocks of rows against all points with one untransposed
// matmul, tf.topk shortlists candidates, and JS re-ranks them by float64 distances (so near-ties and
// duplicates come out right, and the distances do not depend on the backend's rounding).
import * as tf from '@tensorflow/tfjs';
import type { Matrix } from '../data/types';

export type KnnMetric = 'euclidean' | 'cosine';

/** Each point's k nearest other points, nearest first (ties by index); the point itself is never listed. */
export interface KnnGraph {
  n: number;
  k: number;
  /** [n·k] row i's neighbours at i·k … (i+1)·k. */
  indices: Int32Array;
  /** [n·k] the matching distances (euclidean, or cosine distance 1 − cos). */
  distances: Float32Array;
}

export interface KnnOptions {
  /** Distance: 'euclidean' (default) or 'cosine' (1 − cosine similarity; a zero vector is at distance 1 from others). */
  metric?: KnnMetric;
  /** Upper bound on the score block held at once, in floats (default 4M, i.e. 16 MB). */
  blockFloats?: number;
}

const DEFAULT_BLOCK_FLOATS = 4 * 1024 * 1024;
/** Candidates kept beyond k + 1, so float32 rounding of the scores cannot push a true neighbour out. */
const EXTRA_CANDIDATES = 8;

/** Exact kNN of the rows of `x`; async because it reads tfjs results with `await data()`. */
export async function exactKnn(x: Matrix, k: number, options: KnnOptions = {}): Promise<KnnGraph> {
  const { rows: n, cols: d } = x;
  const metric = options.metric ?? 'euclidean';
  if (!Number.isInteger(k) || k < 1 || k > n - 1) {
    throw new Error(`kNN needs 1 ≤ k ≤ rows − 1 (k = ${k}, rows = ${n}); use fewer neighbours or more points`);
  }
  if (metric !== 'euclidean' && metric !== 'cosine') throw new Error(`unknown kNN metric ${JSON.stringify(metric)}; use 'euclidean' or 'cosine'`);
  // Scores are float32: centring (euclidean) or normalising (cosine) keeps their magnitudes small, so
  // rounding stays below the gaps between neighbours even for activations with a large common offset.
  const points = metric === 'cosine' ? normalizeRows(x) : centreColumns(x);
  const candidates = Math.min(n, k + 1 + EXTRA_CANDIDATES);
  const shortlist = await shortlistCandidates(points, n, d, candidates, metric, options.blockFloats ?? DEFAULT_BLOCK_FLOATS);
  // Re-rank on the original values: cosine distances then come from exact float64 norms.
  return rerank(x.data, n, d, k, shortlist, candidates, metric);
}

/** Copy with the column means (float64) subtracted. */
function centreColumns(x: Matrix): Float32Array {
  const { data, rows, cols } = x;
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += data[i * cols + j];
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  const out = new Float32Array(data.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = data[i * cols + j] - mean[j];
  return out;
}

/** Row-normalised copy (float64 norms); zero rows stay zero. */
function normalizeRows(x: Matrix): Float32Array {
  const { data, rows, cols } = x;
  const out = new Float32Array(data.length);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += data[base + j] * data[base + j];
    const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    for (let j = 0; j < cols; j++) out[base + j] = data[base + j] * scale;
  }
  return out;
}

/**
 * The `c` best-scoring candidates of every row. Scores grow as distance shrinks: for euclidean
 * 2a·b − |b|² (= |a|² − |a − b|², and |a|² is constant along a row); for cosine a·b of unit rows.
 * The right operand is pre-transposed to [d, n] so the matmul takes wasm's fast untransposed path.
 */
async function shortlistCandidates(
  points: Float32Array, n: number, d: number, c: number, metric: KnnMetric, blockFloats: number,
): Promise<Int32Array> {
  const scale = metric === 'euclidean' ? 2 : 1;
  const transposed = new Float32Array(n * d);
  const sqNorms = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < d; j++) {
      const v = points[i * d + j];
      transposed[j * n + i] = scale * v;
      sum += v * v;
    }
    sqNorms[i] = metric === 'euclidean' ? sum : 0;
  }
  const right = tf.tensor2d(transposed, [d, n]);
  const offsets = tf.tensor2d(sqNorms, [1, n]);
  const shortlist = new Int32Array(n * c);
  const blockRows = Math.max(1, Math.min(n, Math.floor(blockFloats / n)));
  try {
    for (let start = 0; start < n; start += blockRows) {
      const rows = Math.min(blockRows, n - start);
      const top = tf.tidy(() => {
        const left = tf.tensor2d(points.subarray(start * d, (start + rows) * d), [rows, d]);
        return tf.topk(tf.sub(tf.matMul(left, right), offsets), c, true).indices;
      });
      try {
        shortlist.set(await top.data(), start * c);
      } finally {
        top.dispose();
      }
    }
  } finally {
    right.dispose();
    offsets.dispose();
  }
  return shortlist;
}

/** Keeps the k nearest candidates other than the row itself, by float64 distance, ties by index. */
function rerank(
  points: Float32Array, n: number, d: number, k: number, shortlist: Int32Array, c: number, metric: KnnMetric,
): KnnGraph {
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  const candIdx = new Int32Array(c);
  const candDist = new Float64Array(c);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let t = 0; t < c; t++) {
      const j = shortlist[i * c + t];
      if (j === i) continue;
      const dist = metric === 'euclidean' ? euclidean(points, i, j, d) : cosineDistance(points, i, j, d);
      // Insertion sort: c is k + 5 at most, and the shortlist arrives nearly sorted.
      let p = m++;
      while (p > 0 && (candDist[p - 1] > dist || (candDist[p - 1] === dist && candIdx[p - 1] > j))) {
        candDist[p] = candDist[p - 1];
        candIdx[p] = candIdx[p - 1];
        p--;
      }
      candDist[p] = dist;
      candIdx[p] = j;
    }
    for (let t = 0; t < k; t++) {
      indices[i * k + t] = candIdx[t];
      distances[i * k + t] = candDist[t];
    }
  }
  return { n, k, indices, distances };
}

function euclidean(points: Float32Array, i: number, j: number, d: number): number {
  let sum = 0;
  const a = i * d;
  const b = j * d;
  for (let t = 0; t < d; t++) {
    const diff = points[a + t] - points[b + t];
    sum += diff * diff;
  }
  return Math.sqrt(sum);
}

/** 1 − cos(a, b); two zero rows are at distance 0, as identical points. */
function cosineDistance(points: Float32Array, i: number, j: number, d: number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const a = i * d;
  const b = j * d;
  for (let t = 0; t < d; t++) {
    dot += points[a + t] * points[b + t];
    na += points[a + t] * points[a + t];
    nb += points[b + t] * points[b + t];
  }
  if (na === 0 && nb === 0) return 0;
  if (na === 0 || nb === 0) return 1;
  return Math.max(0, 1 - dot / Math.sqrt(na * nb));
}
