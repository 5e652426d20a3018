// One forward pass with hooks: read activations into an ActivationCache of plain typed arrays
// (runWithCache) and/or intervene on them (runWithHooks). Hooks live for one call only.
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config';
import { hookAxes, parseHookName, type HookName } from './hooks';
import { idsTensor, lastIndices, prepareBatch, type Batch } from './batch';
import { applyIntervention, checkIntervention, type Intervention } from './interventions';
import { forward } from './transformer';
import type { ModelWeights } from './weights';

/** What a forward pass needs of a model. */
export interface ModelCore {
  config: ModelConfig;
  weights: ModelWeights;
}

/** Where to read each prompt: every position, its last token, the mean over its tokens, or one index (negative: from its end). */
export type ReadPosition = 'all' | 'last' | 'mean' | number;

export interface Activation {
  shape: number[];
  data: Float32Array;
}

/** Hook name → activation. With position 'all' the shape is the hook's [batch, pos, …] (padded); otherwise [batch, …]. */
export type ActivationCache = Map<HookName, Activation>;

export interface RunOptions {
  /** Hooks to read (default none). */
  names?: readonly HookName[];
  /** Where to read them (default 'all'). */
  position?: ReadPosition;
  /** Interventions, applied in order at their hook points, before any read there. */
  interventions?: readonly Intervention[];
  /** Which logits to return (default 'last': [batch, d_vocab] at each prompt's last token). */
  logits?: 'all' | 'last' | 'none';
  /** Restricts interventions to positions before limit[b] in prompt b (one-shot steering). */
  interventionLimit?: readonly number[];
}

export interface RunResult {
  cache: ActivationCache;
  logits: Activation | null;
  /** Each prompt's length; with position 'all', positions ≥ length are padding. */
  lengths: number[];
}

function positionIndices(position: number | 'last', lengths: readonly number[], pos: number): Int32Array {
  if (position === 'last') return lastIndices(lengths, pos);
  return Int32Array.from(lengths, (len, b) => {
    const p = position < 0 ? len + position : position;
    if (!Number.isInteger(p) || p < 0 || p >= len) throw new Error(`read position ${position} is outside prompt ${b} (${len} tokens)`);
    return b * pos + p;
  });
}

/** Reduces the position (or query) axis of an activation as asked; tidy-scoped. */
export function selectPosition(act: tf.Tensor, name: HookName, position: ReadPosition, lengths: readonly number[]): tf.Tensor {
  if (position === 'all') return act;
  const posAxis = hookAxes(parseHookName(name).site).findIndex((a) => a === 'pos' || a === 'q');
  const perm = act.shape.map((_, i) => i);
  perm.splice(posAxis, 1);
  perm.splice(1, 0, posAxis);
  const moved = posAxis === 1 ? act : tf.transpose(act, perm); // [batch, pos, …rest]
  const [batch, pos, ...rest] = moved.shape;
  if (position === 'mean') {
    const w = new Float32Array(batch * pos);
    lengths.forEach((len, b) => w.fill(1 / len, b * pos, b * pos + len));
    return tf.sum(tf.mul(moved, tf.tensor(w, [batch, pos, ...rest.map(() => 1)])), 1); // [batch, …rest]
  }
  const flat = tf.reshape(moved, [batch * pos, ...rest]);
  return tf.gather(flat, tf.tensor1d(positionIndices(position, lengths, pos), 'int32')); // [batch, …rest]
}

/** The deepest block a run must compute, so reads of early layers skip the rest of the model. */
function lastLayerNeeded(config: ModelConfig, names: readonly HookName[], ivs: readonly Intervention[], logits: boolean): number {
  if (logits) return config.nLayers - 1;
  let deepest = -1;
  for (const n of [...names, ...ivs.map((iv) => iv.hook)]) {
    const { layer } = parseHookName(n, config);
    deepest = Math.max(deepest, layer === null ? (n.startsWith('hook_') ? 0 : config.nLayers - 1) : layer);
  }
  return Math.max(deepest, 0);
}

function isGlobalPost(n: HookName): boolean {
  return n === 'ln_final.hook_normalized' || n === 'unembed.hook_out';
}

/** Runs the model on prompts of token ids with reads and interventions; returns plain arrays only. */
export async function runModel(model: ModelCore, prompts: readonly (readonly number[])[], options: RunOptions = {}): Promise<RunResult> {
  const { config, weights } = model;
  const names = [...new Set(options.names ?? [])];
  const ivs = options.interventions ?? [];
  const position = options.position ?? 'all';
  const logitMode = options.logits ?? 'last';
  names.forEach((n) => parseHookName(n, config));
  ivs.forEach((iv) => checkIntervention(iv, config));
  const batch: Batch = prepareBatch(prompts, config.dVocab, config.nCtx);
  const needsFull = logitMode !== 'none' || names.some(isGlobalPost) || ivs.some((iv) => isGlobalPost(iv.hook));
  const lastLayer = lastLayerNeeded(config, names, ivs, needsFull);
  const kept = new Map<HookName, tf.Tensor>();
  let logits: tf.Tensor | null = null;
  try {
    logits = tf.tidy((): tf.Tensor | undefined => {
      const wanted = new Set(names);
      const hp = (name: HookName, act: tf.Tensor): tf.Tensor => {
        let x = act;
        for (const iv of ivs) {
          if (iv.hook === name) x = applyIntervention(iv, x, { name, lengths: batch.lengths }, options.interventionLimit);
        }
        if (wanted.has(name)) kept.set(name, tf.keep(selectPosition(x, name, position, batch.lengths)));
        return x;
      };
      const out = forward(weights, config, idsTensor(batch), hp, lastLayer);
      if (logitMode === 'none') return undefined;
      return logitMode === 'all' ? out : tf.gather(tf.reshape(out, [batch.batch * batch.pos, config.dVocab]), tf.tensor1d(lastIndices(batch.lengths, batch.pos), 'int32'));
    }) ?? null;
    const entries = [...kept.entries()];
    const arrays = await Promise.all(entries.map(([, t]) => t.data() as Promise<Float32Array>));
    const cache: ActivationCache = new Map(entries.map(([n, t], i) => [n, { shape: t.shape.slice(), data: arrays[i] }]));
    const logitActivation = logits ? { shape: logits.shape.slice(), data: (await logits.data()) as Float32Array } : null;
    return { cache, logits: logitActivation, lengths: batch.lengths };
  } finally {
    for (const t of kept.values()) t.dispose();
    logits?.dispose();
  }
}

/** Reads the named hooks at `position` for each prompt. */
export async function runWithCache(
  model: ModelCore,
  prompts: readonly (readonly number[])[],
  options: { names: readonly HookName[]; position?: ReadPosition },
): Promise<{ cache: ActivationCache; lengths: number[] }> {
  const { cache, lengths } = await runModel(model, prompts, { ...options, logits: 'none' });
  return { cache, lengths };
}

/** Runs with interventions; returns logits (default: each prompt's last position) and any reads asked for. */
export async function runWithHooks(
  model: ModelCore,
  prompts: readonly (readonly number[])[],
  interventions: readonly Intervention[],
  options: Omit<RunOptions, 'interventions'> = {},
): Promise<RunResult> {
  return runModel(model, prompts, { ...options, interventions });
}
