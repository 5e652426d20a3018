// Activation steering: add α·v̂ to a block's residual stream at chosen layers and decode greedily, one-shot
// (prompt tokens only) or continual (generated tokens too), recording each step's answer and projection on v̂.
import { runModel, type ModelCore } from '../model/cache';
import { argmax } from '../model/generate';
import { blockHook, type BlockSite, type HookName } from '../model/hooks';
import type { Intervention } from '../model/interventions';
import type { Positions } from '../model/batch';
import { abortError, type CancelSignal } from './probeDriver';

export type SteerMode = 'oneshot' | 'continual';

export interface SteeringSpec {
  /** Direction over d_model, or one per model layer (indexed by layer). Normalised, so α is in residual units. */
  direction: Float32Array | readonly Float32Array[];
  /** Blocks to steer (one, or a band). */
  layers: readonly number[];
  /** Residual site to add at; default 'hook_resid_pre'. */
  site?: BlockSite;
  /**
   * Prompt positions to steer: 'all' (default), the 'last' prompt token, or indices (negative: from the prompt's
   * end). Continual mode adds every generated token to 'all' and 'last'; indices name prompt tokens only.
   * 'generated': the generated tokens only (continual; one-shot then steers nothing).
   */
  positions?: 'all' | 'last' | 'generated' | readonly number[];
  alpha: number;
  mode: SteerMode;
}

export interface SteerOptions {
  /** Tokens to generate per prompt; default 3. Every prompt gets exactly this many (no stop tokens). */
  maxNewTokens?: number;
  /** Prompts per forward pass; default 64. */
  batchSize?: number;
  /** Token id(s) counted as the wanted answer of prompt i; enables targetProb. */
  target?: TargetFn;
  /** Hook read at each step for the projection; default the last block's hook_resid_post. */
  readHook?: HookName;
  /** Keep each prompt's logits at the answer position (d_vocab floats per prompt). */
  keepLogits?: boolean;
  /** Called after every forward pass with passes done and passes in all. */
  onProgress?: (done: number, total: number) => void;
  signal?: CancelSignal;
}

/** The token id(s) that count as the right answer to prompt i (probabilities of several ids are summed). */
export type TargetFn = (promptIndex: number) => number | readonly number[];

export interface SteeredRun {
  /** The new tokens of each prompt. */
  tokens: number[][];
  /** Per prompt, x·v̂ (v̂ of the last steered layer) at the read hook, at the position that produced each generated token (first: the answer position). */
  projection: Float32Array[];
  /** P(target) at the answer position, per prompt; null without a target. */
  targetProb: Float32Array | null;
  /** Logits at the answer position, per prompt, when keepLogits is set. */
  answerLogits: Float32Array[] | null;
}

export const DEFAULT_MAX_NEW = 3;
export const DEFAULT_BATCH = 64;

/** v / ‖v‖, refusing vectors that cannot be normalised. */
export function unitVector(v: ArrayLike<number>): Float32Array {
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += v[i] * v[i];
  if (!(sq > 0) || !Number.isFinite(sq)) throw new Error('the steering direction must be finite and non-zero');
  const norm = Math.sqrt(sq);
  return Float32Array.from(v, (x) => x / norm);
}

function layerDirection(spec: Pick<SteeringSpec, 'direction'>, layer: number): Float32Array {
  if (spec.direction instanceof Float32Array) return spec.direction;
  const v = spec.direction[layer];
  if (v === undefined) throw new Error(`no direction given for layer ${layer}; pass one vector, or one per model layer`);
  return v;
}

/** Interventions for one forward pass over prompts that have each been extended by `generated` tokens. */
export function steeringPass(spec: SteeringSpec, promptLengths: readonly number[], generated: number): { interventions: Intervention[]; interventionLimit?: number[] } {
  if (spec.layers.length === 0) throw new Error('no layers to steer: give at least one layer');
  // Continual 'last' keeps steering the last prompt token and every generated one, as a KV-cached decoder would.
  const given = spec.positions ?? 'all';
  // 'generated' steers only the tokens generated so far (none in the pass that makes the first one); one-shot
  // mode steers nothing past the prompt, so there it is the unsteered run.
  if (given === 'generated' && generated === 0) return { interventions: [] };
  const positions: Positions = given === 'generated'
    ? Array.from({ length: generated }, (_, i) => i - generated)
    : spec.mode === 'continual' && given === 'last'
    ? Array.from({ length: generated + 1 }, (_, i) => i - generated - 1)
    : typeof given === 'string' ? given : given.map((p) => (p < 0 ? p - generated : p));
  const interventions: Intervention[] = spec.layers.map((layer) => ({
    hook: blockHook(layer, spec.site ?? 'hook_resid_pre'), kind: 'add', vector: unitVector(layerDirection(spec, layer)), scale: spec.alpha, positions,
  }));
  return spec.mode === 'oneshot' ? { interventions, interventionLimit: [...promptLengths] } : { interventions };
}

/** Softmax probability mass of `ids` in one row of logits. */
export function probabilityOf(logits: Float32Array, offset: number, length: number, ids: number | readonly number[]): number {
  let max = -Infinity;
  for (let i = 0; i < length; i++) max = Math.max(max, logits[offset + i]);
  let total = 0;
  for (let i = 0; i < length; i++) total += Math.exp(logits[offset + i] - max);
  const wanted = typeof ids === 'number' ? [ids] : [...new Set(ids)];
  return wanted.reduce((s, id) => s + Math.exp(logits[offset + id] - max), 0) / total;
}

function dotRow(data: Float32Array, row: number, u: Float32Array): number {
  let s = 0;
  for (let j = 0; j < u.length; j++) s += data[row * u.length + j] * u[j];
  return s;
}

interface Chunk {
  start: number;
  prompts: readonly (readonly number[])[];
}

/** Decodes one chunk greedily with the spec's interventions, filling `out` at rows start… */
async function steerChunk(model: ModelCore, chunk: Chunk, spec: SteeringSpec, o: Required<Pick<SteerOptions, 'maxNewTokens'>> & SteerOptions & { readHook: HookName; tick: () => void }, out: SteeredRun): Promise<void> {
  const V = model.config.dVocab;
  const lengths = chunk.prompts.map((p) => p.length);
  const seqs = chunk.prompts.map((p) => [...p]);
  const u = unitVector(layerDirection(spec, spec.layers[spec.layers.length - 1]));
  for (let g = 0; g < o.maxNewTokens; g++) {
    if (o.signal?.aborted) throw abortError();
    const run = await runModel(model, seqs, { ...steeringPass(spec, lengths, g), names: [o.readHook], position: 'last', logits: 'last' });
    const logits = run.logits!.data;
    const act = run.cache.get(o.readHook)!.data;
    seqs.forEach((seq, b) => {
      const i = chunk.start + b;
      const id = argmax(logits, b * V, V);
      seq.push(id);
      out.tokens[i].push(id);
      out.projection[i][g] = dotRow(act, b, u);
      if (g === 0 && out.targetProb && o.target) out.targetProb[i] = probabilityOf(logits, b * V, V, o.target(i));
      if (g === 0 && out.answerLogits) out.answerLogits[i] = logits.slice(b * V, (b + 1) * V);
    });
    o.tick();
  }
}

/** Checks prompts and options, returning the resolved step count and read hook. */
function resolveOptions(model: ModelCore, prompts: readonly (readonly number[])[], options: SteerOptions): { maxNewTokens: number; readHook: HookName; batchSize: number } {
  const maxNewTokens = options.maxNewTokens ?? DEFAULT_MAX_NEW;
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 1) throw new Error(`maxNewTokens must be a positive integer, found ${maxNewTokens}`);
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, found ${batchSize}`);
  if (prompts.length === 0) throw new Error('no prompts: give at least one prompt to steer');
  const { nCtx, nLayers } = model.config;
  prompts.forEach((p, i) => {
    if (p.length + maxNewTokens - 1 > nCtx) throw new Error(`prompt ${i} has ${p.length} tokens; with ${maxNewTokens} new tokens it passes the context length ${nCtx}; shorten it or generate fewer`);
  });
  return { maxNewTokens, batchSize, readHook: options.readHook ?? blockHook(nLayers - 1, 'hook_resid_post') };
}

/** Greedy generation under one steering spec (α = 0 is the unsteered run), batched, with progress and cancel. */
export async function steer(model: ModelCore, prompts: readonly (readonly number[])[], spec: SteeringSpec, options: SteerOptions = {}): Promise<SteeredRun> {
  const r = resolveOptions(model, prompts, options);
  const out: SteeredRun = {
    tokens: prompts.map(() => []),
    projection: prompts.map(() => new Float32Array(r.maxNewTokens)),
    targetProb: options.target ? new Float32Array(prompts.length) : null,
    answerLogits: options.keepLogits ? prompts.map(() => new Float32Array(0)) : null,
  };
  const total = Math.ceil(prompts.length / r.batchSize) * r.maxNewTokens;
  let done = 0;
  const tick = () => options.onProgress?.(++done, total);
  for (let start = 0; start < prompts.length; start += r.batchSize) {
    await steerChunk(model, { start, prompts: prompts.slice(start, start + r.batchSize) }, spec, { ...options, ...r, tick }, out);
  }
  return out;
}
