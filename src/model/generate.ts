// Autoregressive generation: greedy or seeded sampling, with interventions applied to the prompt only
// (one-shot) or at every generated step as well (continual).
import { createRng, type Rng } from '../data/random';
import { runModel, type ModelCore } from './cache';
import type { Intervention } from './interventions';

export interface GenerateOptions {
  /** New tokens per prompt (at most). */
  maxNewTokens: number;
  /** 0 (default) is greedy; otherwise logits are divided by it before sampling. */
  temperature?: number;
  /** Sample only among the k most likely tokens (default: all). */
  topK?: number;
  /** Seed of the sampler (default 0); greedy decoding ignores it. */
  seed?: number;
  interventions?: readonly Intervention[];
  /** 'prompt': interventions act on prompt positions only (one-shot); 'all': on generated ones too (continual; default). */
  hookScope?: 'prompt' | 'all';
  /** Token ids that end a prompt's generation (included in its output). */
  stopTokens?: readonly number[];
  /** Called after each step with the tokens so far; return false to stop early. */
  onStep?: (step: number, tokens: readonly number[][]) => boolean | void;
}

export interface Generation {
  /** The new tokens of each prompt. */
  tokens: number[][];
  /** Why each prompt stopped. */
  stopped: ('max_new_tokens' | 'context' | 'stop_token' | 'cancelled')[];
  /** A sentence for the user when a prompt hit the context length, else null. */
  message: string | null;
}

/** Index of the largest value; the lowest index wins ties, so greedy decoding is deterministic. */
export function argmax(row: Float32Array, offset = 0, length = row.length): number {
  let best = 0;
  for (let i = 1; i < length; i++) if (row[offset + i] > row[offset + best]) best = i;
  return best;
}

/** Draws a token from logits at `temperature`, optionally among the top k. */
export function sampleToken(logits: Float32Array, offset: number, length: number, temperature: number, topK: number, rng: Rng): number {
  if (temperature <= 0) return argmax(logits, offset, length);
  const ids = Array.from({ length }, (_, i) => i);
  const k = Math.min(Math.max(1, Math.floor(topK)), length);
  if (k < length) ids.sort((a, b) => logits[offset + b] - logits[offset + a] || a - b).length = k;
  let max = -Infinity;
  for (const i of ids) max = Math.max(max, logits[offset + i]);
  const weights = ids.map((i) => Math.exp((logits[offset + i] - max) / temperature));
  let r = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let j = 0; j < ids.length; j++) {
    r -= weights[j];
    if (r < 0) return ids[j];
  }
  return ids[ids.length - 1];
}

/** Generates up to `maxNewTokens` tokens for each prompt (a batch of prompts shares each forward pass). */
export async function generate(model: ModelCore, prompts: readonly (readonly number[])[], options: GenerateOptions): Promise<Generation> {
  const { nCtx, dVocab } = model.config;
  const maxNew = options.maxNewTokens;
  if (!Number.isInteger(maxNew) || maxNew < 0) throw new Error(`maxNewTokens must be a non-negative integer, found ${maxNew}`);
  const temperature = options.temperature ?? 0;
  if (!(temperature >= 0)) throw new Error(`temperature must be ≥ 0, found ${temperature}`);
  const rng = createRng(options.seed ?? 0);
  const stopSet = new Set(options.stopTokens ?? []);
  const seqs = prompts.map((p) => [...p]);
  const tokens: number[][] = prompts.map(() => []);
  const stopped: Generation['stopped'] = prompts.map((p) => (p.length >= nCtx && maxNew > 0 ? 'context' : 'max_new_tokens'));
  let active = prompts.map((_, i) => i).filter((i) => prompts[i].length < nCtx && maxNew > 0);
  for (let step = 0; active.length > 0; step++) {
    const result = await runModel(model, active.map((i) => seqs[i]), {
      logits: 'last',
      interventions: options.interventions,
      interventionLimit: options.hookScope === 'prompt' ? active.map((i) => prompts[i].length) : undefined,
    });
    const logits = result.logits!.data;
    active.forEach((i, row) => {
      const id = sampleToken(logits, row * dVocab, dVocab, temperature, options.topK ?? dVocab, rng);
      seqs[i].push(id);
      tokens[i].push(id);
      if (stopSet.has(id)) stopped[i] = 'stop_token';
      else if (tokens[i].length < maxNew && seqs[i].length >= nCtx) stopped[i] = 'context';
    });
    active = active.filter((i) => stopped[i] === 'max_new_tokens' && tokens[i].length < maxNew);
    if (options.onStep?.(step, tokens) === false) {
      active.forEach((i) => (stopped[i] = 'cancelled'));
      break;
    }
  }
  const hit = stopped.map((s, i) => (s === 'context' ? i : -1)).filter((i) => i >= 0);
  const message = hit.length === 0 ? null
    : `stopped at the model's context length of ${nCtx} tokens (prompt${hit.length > 1 ? 's' : ''} ${hit.join(', ')}: ${hit.map((i) => tokens[i].length).join(', ')} new tokens); use a shorter prompt or fewer new tokens`;
  return { tokens, stopped, message };
}
