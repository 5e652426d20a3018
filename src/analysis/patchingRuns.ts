// Batched patched forward passes: every batch row is the corrupt prompt with its own set of components
// replaced by the clean run's activations, through one per-row-masked custom intervention per hook.
import * as tf from '@tensorflow/tfjs';
import { runModel, type Activation, type ActivationCache, type ModelCore, type RunResult } from '../model/cache';
import type { HookName } from '../model/hooks';
import type { Intervention } from '../model/interventions';

/** One patchable component: a hook and, within it, a token position (null: every position) and a head (hook_z only). */
export interface PatchCell {
  hook: HookName;
  pos: number | null;
  head: number | null;
}

/** What is measured on a run, always at the last position. */
export type PatchMetric =
  | { kind: 'logitdiff'; /** Token id whose logit counts positively. */ target: number; /** Token id subtracted. */ baseline: number }
  | { kind: 'prob'; target: number }
  | { kind: 'projection'; hook: HookName; /** Need not be unit length; it is normalised. */ direction: Float32Array };

/** The hook a metric reads (projection), or null when it reads the logits. */
function metricHook(metric: PatchMetric): HookName | null {
  return metric.kind === 'projection' ? metric.hook : null;
}

/** log-sum-exp in float64, so that a probability near 1 keeps its digits. */
function softmaxAt(logits: Float32Array, offset: number, width: number, target: number): number {
  let max = -Infinity;
  for (let i = 0; i < width; i++) max = Math.max(max, logits[offset + i]);
  let sum = 0;
  for (let i = 0; i < width; i++) sum += Math.exp(logits[offset + i] - max);
  return Math.exp(logits[offset + target] - max) / sum;
}

/** The metric of every row of a run whose reads were taken at the last position ([rows, …]). */
export function metricValues(result: RunResult, metric: PatchMetric, rows: number): Float64Array {
  const out = new Float64Array(rows);
  if (metric.kind === 'projection') {
    const act = result.cache.get(metric.hook)!;
    const width = act.data.length / rows;
    if (metric.direction.length !== width) {
      throw new Error(`projection metric: the direction has ${metric.direction.length} entries, but ${metric.hook} has ${width} per position`);
    }
    let norm = 0;
    for (const x of metric.direction) norm += x * x;
    norm = Math.sqrt(norm);
    if (!(norm > 0 && Number.isFinite(norm))) throw new Error('projection metric: the direction must be finite and non-zero');
    for (let r = 0; r < rows; r++) {
      let dot = 0;
      for (let i = 0; i < width; i++) dot += act.data[r * width + i] * metric.direction[i];
      out[r] = dot / norm;
    }
    return out;
  }
  const logits = result.logits!;
  const width = logits.shape[1];
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    out[r] = metric.kind === 'logitdiff' ? logits.data[o + metric.target] - logits.data[o + metric.baseline] : softmaxAt(logits.data, o, width, metric.target);
  }
  return out;
}

/** Runs prompts with interventions and returns the metric of each, read at its last position. */
export async function runForMetric(
  model: ModelCore,
  prompts: readonly (readonly number[])[],
  metric: PatchMetric,
  interventions: readonly Intervention[] = [],
): Promise<Float64Array> {
  const hook = metricHook(metric);
  const result = await runModel(model, prompts, {
    names: hook ? [hook] : [],
    position: 'last',
    interventions,
    logits: hook ? 'none' : 'last',
  });
  return metricValues(result, metric, prompts.length);
}

/** The 0/1 mask of one hook for a chunk of rows: [rows, pos, 1] or, for headed hooks, [rows, pos, heads, 1]. */
function hookMask(rows: readonly (readonly PatchCell[])[], hook: HookName, shape: readonly number[]): { data: Float32Array; shape: number[] } {
  const [, pos, ...rest] = shape;
  const heads = rest.length === 2 ? rest[0] : 1;
  const data = new Float32Array(rows.length * pos * heads);
  rows.forEach((cells, r) => {
    for (const c of cells) {
      if (c.hook !== hook) continue;
      for (let p = c.pos ?? 0; p < (c.pos === null ? pos : c.pos + 1); p++) {
        for (let h = c.head ?? 0; h < (c.head === null ? heads : c.head + 1); h++) data[(r * pos + p) * heads + h] = 1;
      }
    }
  });
  return { data, shape: rest.length === 2 ? [rows.length, pos, heads, 1] : [rows.length, pos, 1] };
}

/**
 * One custom intervention per hook touched by any row. act·(1−m) + clean·m is exact for a 0/1 mask:
 * unpatched rows keep the corrupt activation bit for bit and patched cells get the clean one.
 */
export function patchInterventions(rows: readonly (readonly PatchCell[])[], clean: ActivationCache): Intervention[] {
  const hooks = [...new Set(rows.flatMap((cells) => cells.map((c) => c.hook)))];
  return hooks.map((hook): Intervention => {
    const cleanAct: Activation = clean.get(hook)!;
    const mask = hookMask(rows, hook, cleanAct.shape);
    return {
      hook,
      kind: 'custom',
      fn: (act) => {
        const m = tf.tensor(mask.data, mask.shape);
        const value = tf.tensor(cleanAct.data, [1, ...cleanAct.shape.slice(1)]); // [1, pos, …], broadcast over rows
        return tf.add(tf.mul(act, tf.sub(1, m)), tf.mul(value, m));
      },
    };
  });
}

/** Something that can say a job was cancelled, like an AbortSignal. */
export interface CancelSignal {
  readonly aborted: boolean;
}

/** Thrown when the caller cancels; its name matches the DOM's AbortError so callers can test one thing. */
export class PatchingCancelled extends Error {
  constructor() {
    super('activation patching was cancelled');
    this.name = 'AbortError';
  }
}

export interface ChunkOptions {
  maxBatch: number;
  signal?: CancelSignal;
  /** Called after each chunk with the number of rows it ran. */
  onChunk?: (rows: number) => void;
}

/** Runs each row (a set of cells to patch into the corrupt prompt) and returns the metric per row, in chunks. */
export async function runPatchedRows(
  model: ModelCore,
  corrupt: readonly number[],
  clean: ActivationCache,
  rows: readonly (readonly PatchCell[])[],
  metric: PatchMetric,
  options: ChunkOptions,
): Promise<Float64Array> {
  const out = new Float64Array(rows.length);
  for (let start = 0; start < rows.length; start += options.maxBatch) {
    if (options.signal?.aborted) throw new PatchingCancelled();
    const chunk = rows.slice(start, start + options.maxBatch);
    const prompts = chunk.map(() => corrupt);
    out.set(await runForMetric(model, prompts, metric, patchInterventions(chunk, clean)), start);
    options.onChunk?.(chunk.length);
  }
  return out;
}
