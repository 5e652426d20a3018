// UMAP's layout optimisation (McInnes et al. 2018, §3.2 and appendix): stochastic gradient descent
// on the fuzzy cross-entropy, each edge sampled in proportion to its weight, with negative sampling.
// Everything lives in typed arrays and the epoch is one flat loop: no allocation per edge or sample.
import type { Rng } from '../data/random';
import type { CurveParams } from './umapCurve';
import type { FuzzyGraph } from './umapGraph';
import { GradientKernel } from './umapKernel';

export interface LayoutParams extends CurveParams {
  nEpochs: number;
  /** Initial learning rate; it decays linearly to 0 over nEpochs. */
  learningRate: number;
  negativeSampleRate: number;
  /** Weight of the repulsive term (gamma). */
  repulsionStrength: number;
}

export interface LayoutState {
  readonly n: number;
  readonly dim: number;
  /** [n·dim] point-major; updated in place. */
  readonly embedding: Float32Array;
  /** Edge e pulls head[e] and tail[e] together; both directions of each graph edge are listed. */
  readonly head: Int32Array;
  readonly tail: Int32Array;
  readonly epochsPerSample: Float64Array;
  readonly nextSample: Float64Array;
  readonly epochsPerNegative: Float64Array;
  readonly nextNegative: Float64Array;
  readonly params: LayoutParams;
  readonly kernel: GradientKernel;
  readonly rng: Rng;
  /** Epochs completed so far. */
  epoch: number;
}

/** A gradient component is clipped to ±this, as in the paper's implementation, so no step explodes. */
const GRADIENT_CLIP = 4;

/**
 * The optimiser's state for `graph` from the initial `embedding` (kept, not copied). Edges lighter
 * than max/nEpochs are dropped, since they would not be sampled once in the whole run.
 */
export function createLayout(graph: FuzzyGraph, embedding: Float32Array, dim: number, params: LayoutParams, rng: Rng): LayoutState {
  const { n, rowStart, cols, weights } = graph;
  let maxWeight = 0;
  for (let p = 0; p < weights.length; p++) maxWeight = Math.max(maxWeight, weights[p]);
  const threshold = maxWeight / Math.max(1, params.nEpochs);
  let count = 0;
  for (let p = 0; p < weights.length; p++) if (weights[p] >= threshold) count++;
  const head = new Int32Array(count);
  const tail = new Int32Array(count);
  const epochsPerSample = new Float64Array(count);
  let e = 0;
  for (let i = 0; i < n; i++) {
    for (let p = rowStart[i]; p < rowStart[i + 1]; p++) {
      if (weights[p] < threshold) continue;
      head[e] = i;
      tail[e] = cols[p];
      epochsPerSample[e++] = maxWeight / weights[p];
    }
  }
  const epochsPerNegative = epochsPerSample.map((v) => v / params.negativeSampleRate);
  return {
    n, dim, embedding, head, tail, params, rng, epoch: 0,
    kernel: new GradientKernel(params.a, params.b, params.repulsionStrength),
    epochsPerSample, nextSample: epochsPerSample.slice(),
    epochsPerNegative, nextNegative: epochsPerNegative.slice(),
  };
}

/** Runs up to `count` more epochs (never past nEpochs); returns the epochs completed so far. */
export function runEpochs(state: LayoutState, count: number): number {
  const end = Math.min(state.params.nEpochs, state.epoch + Math.max(0, Math.floor(count)));
  while (state.epoch < end) {
    state.epoch++;
    if (state.dim === 2) runEpoch2d(state, state.epoch);
    else runEpochAnyDim(state, state.epoch);
  }
  return state.epoch;
}

/** The step size of epoch e (1-based): linear decay from the learning rate. */
function stepSize(state: LayoutState, epoch: number): number {
  return state.params.learningRate * (1 - (epoch - 1) / state.params.nEpochs);
}

function clip(g: number): number {
  return g > GRADIENT_CLIP ? GRADIENT_CLIP : g < -GRADIENT_CLIP ? -GRADIENT_CLIP : g;
}

/** One epoch in 2-D, unrolled: the hot loop of the whole analysis. */
function runEpoch2d(state: LayoutState, epoch: number): void {
  const { n, embedding: y, head, tail, epochsPerSample, nextSample, epochsPerNegative, nextNegative, rng, kernel } = state;
  const alpha = stepSize(state, epoch);
  for (let e = 0; e < head.length; e++) {
    if (nextSample[e] > epoch) continue;
    const j = head[e] * 2;
    const k = tail[e] * 2;
    // The head point stays in registers through its negative samples and is stored once at the end.
    let cx = y[j];
    let cy = y[j + 1];
    let dx = cx - y[k];
    let dy = cy - y[k + 1];
    let d2 = dx * dx + dy * dy;
    if (d2 > 0) {
      const coef = kernel.attract(d2);
      const gx = clip(coef * dx) * alpha;
      const gy = clip(coef * dy) * alpha;
      cx += gx;
      cy += gy;
      y[k] -= gx;
      y[k + 1] -= gy;
    }
    nextSample[e] += epochsPerSample[e];
    const negatives = Math.floor((epoch - nextNegative[e]) / epochsPerNegative[e]);
    for (let s = 0; s < negatives; s++) {
      const other = rng.int(n) * 2;
      if (other === j) continue;
      dx = cx - y[other];
      dy = cy - y[other + 1];
      d2 = dx * dx + dy * dy;
      // Exactly coincident points (duplicates) are left together: there is no direction to push.
      if (!(d2 > 0)) continue;
      const coef = kernel.repel(d2);
      cx += clip(coef * dx) * alpha;
      cy += clip(coef * dy) * alpha;
    }
    y[j] = cx;
    y[j + 1] = cy;
    nextNegative[e] += negatives * epochsPerNegative[e];
  }
}

/** The same epoch for any dimension. */
function runEpochAnyDim(state: LayoutState, epoch: number): void {
  const { n, dim, embedding: y, head, tail, epochsPerSample, nextSample, epochsPerNegative, nextNegative, rng, kernel } = state;
  const alpha = stepSize(state, epoch);
  for (let e = 0; e < head.length; e++) {
    if (nextSample[e] > epoch) continue;
    const j = head[e] * dim;
    const k = tail[e] * dim;
    let d2 = squaredDistance(y, j, k, dim);
    if (d2 > 0) {
      const coef = kernel.attract(d2);
      for (let t = 0; t < dim; t++) {
        const g = clip(coef * (y[j + t] - y[k + t])) * alpha;
        y[j + t] += g;
        y[k + t] -= g;
      }
    }
    nextSample[e] += epochsPerSample[e];
    const negatives = Math.floor((epoch - nextNegative[e]) / epochsPerNegative[e]);
    for (let s = 0; s < negatives; s++) {
      const other = rng.int(n) * dim;
      if (other === j) continue;
      d2 = squaredDistance(y, j, other, dim);
      if (!(d2 > 0)) continue;
      const coef = kernel.repel(d2);
      for (let t = 0; t < dim; t++) y[j + t] += clip(coef * (y[j + t] - y[other + t])) * alpha;
    }
    nextNegative[e] += negatives * epochsPerNegative[e];
  }
}

function squaredDistance(y: Float32Array, j: number, k: number, dim: number): number {
  let sum = 0;
  for (let t = 0; t < dim; t++) {
    const diff = y[j + t] - y[k + t];
    sum += diff * diff;
  }
  return sum;
}
