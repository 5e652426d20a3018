// Logit lens: each layer's residual stream read through the model's own final LayerNorm and
// unembedding, as if the model stopped there; top-k next tokens and a chosen token's rank per position.
import * as tf from '@tensorflow/tfjs';
import { runWithCache, type ModelCore } from '../model/cache';
import { blockHook, type HookName } from '../model/hooks';

/** The layer index that stands for the embedding output (token + position embedding). */
export const EMBED_LAYER = -1;
/** Tokens listed per layer and position unless the caller says otherwise. */
export const DEFAULT_TOP_K = 5;

export interface LensOptions {
  /** Layers to read: EMBED_LAYER (−1) for the embedding output, else blocks' resid_post. Default: −1 and every block. */
  layers?: readonly number[];
  /** How many most likely tokens to list (default DEFAULT_TOP_K, at most d_vocab). */
  topK?: number;
  /** Token whose rank and probability are reported at every layer and position (default none). */
  target?: number | null;
}

/** Plain arrays indexed [layer index][position][…]; ranks are 1-based (1 = most likely). */
export interface LogitLens {
  layers: number[];
  /** Token positions 0 … length−1 of the prompt. */
  positions: number[];
  topIds: number[][][];
  topProbs: number[][][];
  /** Null when no target was given. */
  targetRank: number[][] | null;
  targetProb: number[][] | null;
}

/** The hook whose activation stands for `layer`: the embedding output is what block 0 reads. */
function lensHook(layer: number): HookName {
  return layer === EMBED_LAYER ? blockHook(0, 'hook_resid_pre') : blockHook(layer, 'hook_resid_post');
}

function checkOptions(model: ModelCore, ids: readonly number[], layers: readonly number[], topK: number, target: number | null): void {
  const { nLayers, dVocab } = model.config;
  if (ids.length === 0) throw new Error('the logit lens needs a prompt of at least one token');
  for (const l of layers) {
    if (!Number.isInteger(l) || l < EMBED_LAYER || l >= nLayers) throw new Error(`layer ${l} does not exist; use −1 (embedding) or 0–${nLayers - 1}`);
  }
  if (!Number.isInteger(topK) || topK < 1 || topK > dVocab) throw new Error(`topK must be a whole number from 1 to ${dVocab}, got ${topK}`);
  if (target !== null && (!Number.isInteger(target) || target < 0 || target >= dVocab)) {
    throw new Error(`target token ${target} is outside the vocabulary (0–${dVocab - 1})`);
  }
}

// A type alias, not an interface, so that tf.tidy accepts it as a TensorContainer.
type LensTensors = { values: tf.Tensor; indices: tf.Tensor; rank?: tf.Tensor; prob?: tf.Tensor };

/** resid [rows, d_model] → top-k probabilities and the target's rank and probability; all tidy-scoped. */
function lensTensors(model: ModelCore, resid: tf.Tensor2D, topK: number, target: number | null): LensTensors {
  const { lnF, wU } = model.weights;
  const { mean, variance } = tf.moments(resid, -1, true);
  const normed = tf.add(tf.mul(tf.div(tf.sub(resid, mean), tf.sqrt(tf.add(variance, model.config.normEps))), lnF.g), lnF.b);
  const logits = tf.matMul(normed, wU); // [rows, d_vocab]
  const probs = tf.softmax(logits, -1);
  const { values, indices } = tf.topk(probs, topK);
  if (target === null) return { values, indices };
  const targetLogit = tf.slice(logits, [0, target], [-1, 1]); // [rows, 1]
  // Ranked by logit rather than probability: the softmax can round distinct logits to one probability.
  const rank = tf.add(tf.sum(tf.cast(tf.greater(logits, targetLogit), 'int32'), 1), 1);
  return { values, indices, rank, prob: tf.reshape(tf.slice(probs, [0, target], [-1, 1]), [-1]) };
}

/** Splits a flat [layer · pos · width] array into nested plain arrays. */
function nest(data: ArrayLike<number>, nLayers: number, pos: number, width: number): number[][][] {
  return Array.from({ length: nLayers }, (_, l) =>
    Array.from({ length: pos }, (_, p) => Array.from({ length: width }, (_, j) => data[(l * pos + p) * width + j])));
}

/** Runs the prompt once and applies the logit lens at every asked layer and position. */
export async function logitLens(model: ModelCore, ids: readonly number[], options: LensOptions = {}): Promise<LogitLens> {
  const layers = [...(options.layers ?? [EMBED_LAYER, ...Array.from({ length: model.config.nLayers }, (_, l) => l)])];
  const topK = options.topK ?? DEFAULT_TOP_K;
  const target = options.target ?? null;
  checkOptions(model, ids, layers, topK, target);
  const names = layers.map(lensHook);
  const { cache } = await runWithCache(model, [ids], { names, position: 'all' });
  const pos = ids.length;
  const dModel = model.config.dModel;
  const stacked = new Float32Array(layers.length * pos * dModel);
  names.forEach((n, i) => stacked.set(cache.get(n)!.data.subarray(0, pos * dModel), i * pos * dModel));
  const out = tf.tidy(() => lensTensors(model, tf.tensor2d(stacked, [layers.length * pos, dModel]), topK, target));
  try {
    const [values, indices, rank, prob] = await Promise.all([out.values.data(), out.indices.data(), out.rank?.data(), out.prob?.data()]);
    const perLayer = (d: ArrayLike<number>) => nest(d, layers.length, pos, 1).map((row) => row.map((v) => v[0]));
    return {
      layers, positions: Array.from({ length: pos }, (_, p) => p),
      topIds: nest(indices, layers.length, pos, topK), topProbs: nest(values, layers.length, pos, topK),
      targetRank: rank ? perLayer(rank) : null, targetProb: prob ? perLayer(prob) : null,
    };
  } finally {
    for (const t of [out.values, out.indices, out.rank, out.prob]) t?.dispose();
  }
}
