// Steering runs for the worker: prompts in chunks (the event loop runs between them, so a cancel arrives),
// scores over the prompts that have a target, generations as plain data, and the residual norm for scale.
import { steer, type SteeredRun, type SteeringSpec } from '../analysis/steering';
import { scoreRun } from '../analysis/steeringSweep';
import { runWithCache } from '../model/cache';
import { blockHook, type BlockSite } from '../model/hooks';
import type { Model } from '../model/model';
import type { JobContext } from './jobContext';
import type { Generation, SteerScore } from './protocolCausal';

/** Prompts per steered forward pass. */
export const STEER_CHUNK = 64;

export interface ChunkedSteer {
  model: Model;
  ids: readonly (readonly number[])[];
  targets: readonly (number | null)[];
  maxNew: number;
  ctx: JobContext;
  /** Called after every forward pass. */
  tick: () => void;
}

/** One steered run over every prompt, chunk by chunk, with a pause (cancel point) before each chunk. */
export async function steerChunked(run: ChunkedSteer, spec: SteeringSpec): Promise<SteeredRun> {
  const out: SteeredRun = { tokens: [], projection: [], targetProb: new Float32Array(run.ids.length), answerLogits: null };
  for (let start = 0; start < run.ids.length; start += STEER_CHUNK) {
    await run.ctx.pause();
    const chunk = run.ids.slice(start, start + STEER_CHUNK);
    const part = await steer(run.model, chunk, spec, {
      maxNewTokens: run.maxNew, batchSize: STEER_CHUNK, signal: run.ctx.signal, onProgress: run.tick,
      // A prompt without a target wants nothing: an empty set has probability 0 and never hits.
      target: (i) => run.targets[start + i] ?? [],
    });
    out.tokens.push(...part.tokens);
    out.projection.push(...part.projection);
    out.targetProb!.set(part.targetProb!, start);
  }
  return out;
}

/** Hit rates and mean P(target) over the prompts that have a target (NaN when none has). */
export function scoreTargets(run: SteeredRun, targets: readonly (number | null)[], k: number): SteerScore {
  const rows = targets.flatMap((t, i) => (t === null ? [] : [i]));
  const sub: SteeredRun = {
    tokens: rows.map((i) => run.tokens[i]),
    projection: rows.map((i) => run.projection[i]),
    targetProb: run.targetProb && Float32Array.from(rows, (i) => run.targetProb![i]),
    answerLogits: null,
  };
  const s = scoreRun(sub, (i) => targets[rows[i]]!, k);
  return { firstToken: s.firstToken, anyOfK: s.anyOfK, meanTargetProb: rows.length === 0 ? NaN : s.meanTargetProb };
}

/** Mean projection on v̂ at each generation step, over every prompt. */
export function meanProjection(run: SteeredRun): number[] {
  const steps = run.projection[0]?.length ?? 0;
  const mean = new Array<number>(steps).fill(0);
  for (const p of run.projection) p.forEach((x, g) => (mean[g] += x / run.projection.length));
  return mean;
}

export function generations(model: Model, run: SteeredRun, targets: readonly (number | null)[]): Generation[] {
  const tokenizer = model.tokenizer!;
  // Word tokens carry no spacing of their own (decode joins them with spaces), so each gets its leading space here;
  // BPE tokens already hold theirs. Then the texts joined read as the continuation of the prompt.
  const text = tokenizer.kind === 'word' ? (id: number) => ` ${tokenizer.tokenText(id)}` : (id: number) => tokenizer.tokenText(id);
  return run.tokens.map((ids, i) => ({
    tokens: ids.map(text),
    projection: Array.from(run.projection[i]),
    hit: targets[i] === null ? null : ids[0] === targets[i],
  }));
}

/** Mean ‖x‖ over the real tokens of every prompt at one block site: the scale that α is measured against. */
export async function residualNorm(model: Model, ids: readonly (readonly number[])[], layer: number, site: BlockSite, ctx: JobContext): Promise<number> {
  const hook = blockHook(layer, site);
  const d = model.config.dModel;
  let total = 0;
  let count = 0;
  for (let start = 0; start < ids.length; start += STEER_CHUNK) {
    await ctx.pause();
    const { cache, lengths } = await runWithCache(model, ids.slice(start, start + STEER_CHUNK), { names: [hook], position: 'all' });
    const act = cache.get(hook)!; // [batch, pos, d_model], padded after each prompt's length
    const pos = act.shape[1];
    lengths.forEach((len, b) => {
      for (let p = 0; p < len; p++) {
        let sq = 0;
        for (let j = 0; j < d; j++) sq += act.data[(b * pos + p) * d + j] ** 2;
        total += Math.sqrt(sq);
        count++;
      }
    });
  }
  return total / count;
}

/** Random unit directions (standard normal, normalised: uniform on the sphere), one per steered layer, from `rng`. */
export function randomDirections(normal: () => number, layers: readonly number[], d: number): Float32Array[] {
  const out = new Array<Float32Array>();
  for (const l of layers) {
    const v = Float32Array.from({ length: d }, normal);
    let sq = 0;
    for (const x of v) sq += x * x;
    out[l] = v.map((x) => x / Math.sqrt(sq));
  }
  return out;
}
