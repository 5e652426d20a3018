// Concept directions in activation space: difference of class means, the Representation Engineering
// reading vector (first principal component of paired differences), and a binary probe's weights;
// plus projections and the cosine similarity of directions across layers.
import type { Matrix } from '../data/types';
import { fitLogistic, type LogisticOptions } from './logistic';
import { assertFinite, assertShape } from './matrix';
import { fitPca } from './pca';

export type DirectionMethod = 'meandiff' | 'pcadiff' | 'probe';
/** Row indices of a contrast pair: [positive, negative]. */
export type Pair = readonly [number, number];

export interface Direction {
  /** Unit vector (length d; all zeros when there is no direction, see notes): positive samples project higher. */
  vector: Float32Array;
  /** Length before normalising: ‖mean difference‖ (meandiff), RMS projection of the differences (pcadiff), ‖w‖ in raw units (probe). */
  norm: number;
  method: DirectionMethod;
  /** pcadiff only: share of the differences' second moment along the direction. */
  explainedRatio?: number;
  notes: string[];
}

/** Difference of means, positive minus negative samples (`positive[i]` truthy marks a positive row). */
export function meanDifference(x: Matrix, positive: ArrayLike<boolean | number>): Direction {
  const [pos, neg] = splitRows(x, positive);
  const d = x.cols;
  const diff = new Float64Array(d);
  for (const i of pos) for (let j = 0; j < d; j++) diff[j] += x.data[i * d + j] / pos.length;
  for (const i of neg) for (let j = 0; j < d; j++) diff[j] -= x.data[i * d + j] / neg.length;
  return unitDirection(diff, 'meandiff', 'the positive and negative samples have the same mean');
}

/**
 * RepE reading vector: the first principal component of the differences d_i = x_pos − x_neg, taken
 * around zero rather than their mean (fitPca of [D; −D]; equivalent to RepE's random sign flips
 * without the randomness), signed so that the positive member projects higher in most pairs.
 */
export function pcaDifference(x: Matrix, pairs: readonly Pair[]): Direction {
  const diffs = pairDifferences(x, pairs);
  const m = pairs.length;
  const d = x.cols;
  let nonzero = false;
  for (let i = 0; i < diffs.length && !nonzero; i++) nonzero = diffs[i] !== 0;
  if (!nonzero) return zeroDirection(d, 'pcadiff', 'the two members of every pair are identical');
  const both = new Float32Array(2 * m * d);
  both.set(diffs);
  for (let i = 0; i < m * d; i++) both[m * d + i] = -diffs[i];
  const fit = fitPca({ data: both, rows: 2 * m, cols: d }, { k: 1 });
  const vector = Float32Array.from(fit.components.data.subarray(0, d));
  const projections = Array.from({ length: m }, (_, i) => dotRow(diffs, i, vector));
  const agree = projections.filter((p) => p > 0).length;
  const disagree = projections.filter((p) => p < 0).length;
  const sum = projections.reduce((a, b) => a + b, 0);
  if (disagree > agree || (disagree === agree && sum < 0)) for (let j = 0; j < d; j++) vector[j] = -vector[j];
  const norm = Math.sqrt(projections.reduce((a, p) => a + p * p, 0) / m);
  return { vector, norm, method: 'pcadiff', explainedRatio: fit.explainedVarianceRatio[0], notes: fit.notes };
}

/** Weights of a binary L2 logistic probe (positive vs negative), mapped to raw activation units, unit length. */
export function probeDirection(x: Matrix, positive: ArrayLike<boolean | number>, options: LogisticOptions = {}): Direction {
  splitRows(x, positive);
  const fit = fitLogistic(x, Array.from({ length: x.rows }, (_, i) => (positive[i] ? 1 : 0)), options);
  const d = x.cols;
  const w = new Float64Array(d);
  // classes are [0, 1]: the logit difference of class 1 over class 0 is (coef₁ − coef₀)·(x − mean)/scale.
  for (let j = 0; j < d; j++) w[j] = (fit.coef.data[d + j] - fit.coef.data[j]) / fit.scale[j];
  const direction = unitDirection(w, 'probe', 'the probe learned no weights (the classes look identical to it)');
  if (!fit.converged) direction.notes.push(`the probe stopped before converging (${fit.stopReason})`);
  return direction;
}

/** x·v̂ for each row (v normalised; a zero v gives zeros). */
export function projectOnto(x: Matrix, direction: ArrayLike<number>): Float32Array {
  const d = x.cols;
  if (direction.length !== d) throw new Error(`the direction has ${direction.length} entries but the activations have ${d} columns; use a direction from the same site`);
  let norm = 0;
  for (let j = 0; j < d; j++) norm += direction[j] * direction[j];
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  const out = new Float32Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += x.data[i * d + j] * direction[j];
    out[i] = sum * scale;
  }
  return out;
}

/** Cosine similarity of every pair of directions (L×L); 0 where either is the zero vector. */
export function directionSimilarity(directions: readonly ArrayLike<number>[]): Matrix {
  const L = directions.length;
  const d = L === 0 ? 0 : directions[0].length;
  directions.forEach((v, l) => {
    if (v.length !== d) throw new Error(`direction ${l} has ${v.length} entries but direction 0 has ${d}; compare directions of one site`);
  });
  const norms = directions.map((v) => Math.sqrt(dotVectors(v, v)));
  const out = new Float32Array(L * L);
  for (let a = 0; a < L; a++) {
    for (let b = 0; b < L; b++) {
      const denominator = norms[a] * norms[b];
      out[a * L + b] = denominator > 0 ? dotVectors(directions[a], directions[b]) / denominator : 0;
    }
  }
  return { data: out, rows: L, cols: L };
}

/** Pairs (2i, 2i+1); with `positive`, the member marked positive comes first (each pair needs exactly one). */
export function consecutivePairs(n: number, positive?: ArrayLike<boolean | number>): Pair[] {
  if (n % 2 !== 0) throw new Error(`consecutive pairs need an even number of rows, got ${n}; give pairs explicitly or drop the unpaired row`);
  return Array.from({ length: n / 2 }, (_, i): Pair => {
    const [a, b] = [2 * i, 2 * i + 1];
    if (positive === undefined) return [a, b];
    if (Boolean(positive[a]) === Boolean(positive[b])) {
      throw new Error(`rows ${a} and ${b} form a pair but are both ${positive[a] ? 'positive' : 'negative'}; each pair needs one positive and one negative row`);
    }
    return positive[a] ? [a, b] : [b, a];
  });
}

/** Positive and negative row indices, checking the input first. */
export function splitRows(x: Matrix, positive: ArrayLike<boolean | number>): [number[], number[]] {
  assertShape(x, 2, 'direction input', 'a direction');
  if (positive.length !== x.rows) throw new Error(`got ${positive.length} labels for ${x.rows} rows; give one label per row`);
  assertFinite(x, 'direction input');
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < x.rows; i++) (positive[i] ? pos : neg).push(i);
  if (pos.length === 0 || neg.length === 0) {
    throw new Error(`a direction needs positive and negative samples, got ${pos.length} positive and ${neg.length} negative`);
  }
  return [pos, neg];
}

/** x_pos − x_neg per pair (m×d, float32), after checking the pairs. */
export function pairDifferences(x: Matrix, pairs: readonly Pair[]): Float32Array {
  assertShape(x, 2, 'direction input', 'a direction');
  assertFinite(x, 'direction input');
  if (pairs.length === 0) throw new Error('no pairs given; pass at least one [positive, negative] pair of rows');
  const d = x.cols;
  const out = new Float32Array(pairs.length * d);
  pairs.forEach(([p, q], i) => {
    for (const r of [p, q]) {
      if (!Number.isInteger(r) || r < 0 || r >= x.rows) throw new Error(`pair ${i} names row ${r}, outside 0 … ${x.rows - 1}`);
    }
    for (let j = 0; j < d; j++) out[i * d + j] = x.data[p * d + j] - x.data[q * d + j];
  });
  return out;
}

function unitDirection(v: Float64Array, method: DirectionMethod, why: string): Direction {
  const norm = Math.sqrt(dotVectors(v, v));
  if (!(norm > 0)) return zeroDirection(v.length, method, why);
  return { vector: Float32Array.from(v, (a) => a / norm), norm, method, notes: [] };
}

function zeroDirection(d: number, method: DirectionMethod, why: string): Direction {
  return { vector: new Float32Array(d), norm: 0, method, notes: [`${why}, so there is no direction (returned zeros)`] };
}

function dotRow(data: Float32Array, row: number, v: Float32Array): number {
  let sum = 0;
  for (let j = 0; j < v.length; j++) sum += data[row * v.length + j] * v[j];
  return sum;
}

function dotVectors(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j] * b[j];
  return sum;
}
