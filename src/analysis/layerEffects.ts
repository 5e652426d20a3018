// "Decodable vs causal", per layer on one axis: where a binary concept can be read (probe accuracy) and where
// it matters (steering, ablation, patching). Every number, for layer L of a model with `site` and read `position`:
//
// - split: the contrast pairs are shuffled by `seed`; ⌊pairs/2⌋ go to the eval half and every other labelled
//   prompt is fit data (without pairs, each class is halved the same way). Directions are fitted on the fit
//   half only; steering, ablation and patching are scored on the eval half only.
// - probe: held-out accuracy (mean ± std over `folds` stratified folds, seeded) of an L2 logistic probe on
//   positive-vs-other, read at blocks.L.<site> at `position`, over every labelled prompt. `chance` is the
//   majority-class accuracy on the same folds.
// - direction: `method` (meandiff by default) fitted on the fit half at blocks.L.<site>, unit length, pointing
//   from the other class towards the positive one.
// - steering success (per mode): share of the eval half's negative prompts (with a target; at most
//   maxSteerPrompts) whose greedy generation of `maxNew` tokens starts with the prompt's whole target token
//   sequence, when α·v̂ is added at blocks.L.<site> at the read position ('last' → the last prompt token and, in
//   continual mode, every generated token; an index → that prompt token in both modes; 'mean'/'all' → every
//   prompt token, plus generated ones in continual mode). Best α per mode = the α of `alphas` with the highest
//   success (ties: smallest |α|). `unsteered` is the same share at α = 0; `random` is one-shot success at the
//   best one-shot α along a seeded random unit direction (seed + 1), the specificity control.
// - ablation: with P̄₊ and P̄₋ the mean probability of the first target token at the last position over the
//   eval positive and negative prompts, gap = P̄₊ − P̄₋; ablation = (gap_clean − gap_ablated) / gap_clean when v̂ is
//   projected out of blocks.L.<site> at every position (1: the gap is gone; 0: unchanged; null when |gap| < 1e-6).
// - patching: for up to maxPatchPairs eval pairs of equal length, clean = positive, corrupt = negative, metric =
//   logit[a₊] − logit[a₋] at the last position (a₊, a₋ the top-1 tokens of the clean and corrupt runs; pairs with
//   a₊ = a₋ are skipped); recovery = (m_patched − m_corrupt) / (m_clean − m_corrupt) after copying the clean
//   blocks.L.hook_resid_pre at the read position into the corrupt run; the mean over pairs.
import { runWithCache, type ModelCore, type ReadPosition } from '../model/cache';
import { blockHook, type BlockSite } from '../model/hooks';
import type { Matrix } from '../data/types';
import { createRng } from '../data/random';
import { ablateDirection } from './ablation';
import { meanDifference, pcaDifference, probeDirection, type DirectionMethod, type Pair } from './directions';
import { patchRecovery, type PatchRecovery } from './layerEffectsPatch';
import { splitForEffects, successRate, type EffectsSplit, type Side } from './layerEffectsSplit';
import { probeLayers } from './probe';
import { abortError, type CancelSignal } from './probeDriver';
import { readInPlace, type SyncReads } from './syncReads';
import { steer, type SteeringSpec } from './steering';
import { steeringSweep } from './steeringSweep';

export interface LayerEffectsInput {
  /** Token ids of every prompt. */
  prompts: readonly (readonly number[])[];
  /** Label of each prompt (null: unlabelled, left out); `positive` is one class, every other label the other. */
  labels: readonly (string | null)[];
  positive: string;
  /** Each prompt's answer as token ids (null or empty: no target; such prompts are not scored for behaviour). */
  targets: readonly (readonly number[] | null)[];
  /** Contrast pairs [positive row, negative row]; may be empty (then the classes are halved instead). */
  pairs: readonly Pair[];
}

export interface LayerEffectsOptions {
  /** Residual site the direction is read, steered and ablated at; default 'hook_resid_pre'. */
  site?: BlockSite;
  /** Read position; default 'last'. */
  position?: ReadPosition;
  method?: DirectionMethod;
  alphas?: readonly number[];
  maxNew?: number;
  folds?: number;
  seed?: number;
  maxSteerPrompts?: number;
  maxPatchPairs?: number;
  batchSize?: number;
  signal?: CancelSignal;
  onProgress?: (what: string, done: number, total: number) => void;
  /** Awaited between stages and patched pairs, so a worker can take a cancel message (e.g. JobContext.pause). */
  pause?: () => Promise<void>;
  /** Where the probe and direction fits (synchronous tfjs reads) run; default in place. See syncReads.ts. */
  syncReads?: SyncReads;
}

export const DEFAULT_EFFECT_ALPHAS = [0.5, 1, 2, 4, 8] as const;
export const DEFAULT_EFFECT_MAX_NEW = 3;
/** Caps on the scored work; the report's counts say what was used. */
export const EFFECT_MAX_STEER_PROMPTS = 256;
export const EFFECT_MAX_PATCH_PAIRS = 32;

export interface ModeBest {
  alpha: number;
  success: number;
}

export interface LayerEffectRow {
  layer: number;
  probe: { mean: number; std: number };
  steer: {
    oneshot: ModeBest;
    continual: ModeBest;
    /** One-shot success along a random unit direction at the best one-shot α. */
    random: number;
    /** Success at every α, per mode. */
    curve: { alpha: number; oneshot: number; continual: number }[];
  };
  ablation: number | null;
  patching: number | null;
}

export interface LayerEffectsReport {
  layers: LayerEffectRow[];
  /** Steering success with no steering (α = 0). */
  unsteered: number;
  /** Majority-class probe accuracy (mean over folds). */
  chance: number;
  counts: { prompts: number; fitRows: number; fitPairs: number; evalPairs: number; steered: number; ablated: number; patchPairs: number; patchSkipped: PatchRecovery['skipped'] };
  settings: { site: BlockSite; position: ReadPosition; method: DirectionMethod; alphas: number[]; maxNew: number; folds: number; seed: number; maxSteerPrompts: number; maxPatchPairs: number };
  notes: string[];
}

type Settings = LayerEffectsReport['settings'];

function resolveSettings(o: LayerEffectsOptions): Settings {
  const s: Settings = {
    site: o.site ?? 'hook_resid_pre', position: o.position ?? 'last', method: o.method ?? 'meandiff', alphas: [...(o.alphas ?? DEFAULT_EFFECT_ALPHAS)],
    maxNew: o.maxNew ?? DEFAULT_EFFECT_MAX_NEW, folds: o.folds ?? 5, seed: o.seed ?? 0,
    maxSteerPrompts: o.maxSteerPrompts ?? EFFECT_MAX_STEER_PROMPTS, maxPatchPairs: o.maxPatchPairs ?? EFFECT_MAX_PATCH_PAIRS,
  };
  if (s.alphas.length === 0 || !s.alphas.every(Number.isFinite)) throw new Error('give at least one finite α to steer with');
  if (!Number.isInteger(s.maxNew) || s.maxNew < 1) throw new Error(`maxNew must be a positive integer, found ${s.maxNew}`);
  if (s.position === 'all') throw new Error("layer effects read one vector per prompt: choose the position 'last', 'mean' or a token index, not 'all'");
  return s;
}

/** Where steering adds: the read position itself. */
function steerPositions(position: ReadPosition): SteeringSpec['positions'] {
  return position === 'last' ? 'last' : typeof position === 'number' ? [position] : 'all';
}

/** One matrix per layer of `rows`, read at blocks.L.<site> at `position`. */
async function readLayers(model: ModelCore, prompts: readonly (readonly number[])[], s: Settings, batchSize: number): Promise<Matrix[]> {
  const L = model.config.nLayers;
  const names = Array.from({ length: L }, (_, l) => blockHook(l, s.site));
  const parts: Float32Array[][] = names.map(() => []);
  for (let start = 0; start < prompts.length; start += batchSize) {
    const { cache } = await runWithCache(model, prompts.slice(start, start + batchSize), { names, position: s.position });
    names.forEach((n, l) => parts[l].push(cache.get(n)!.data));
  }
  return parts.map((chunks) => {
    const data = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) { data.set(c, at); at += c.length; }
    return { data, rows: prompts.length, cols: data.length / prompts.length };
  });
}

function subRows(x: Matrix, rows: readonly number[]): Matrix {
  const data = new Float32Array(rows.length * x.cols);
  rows.forEach((r, i) => data.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), i * x.cols));
  return { data, rows: rows.length, cols: x.cols };
}

function fitDirection(x: Matrix, side: readonly Side[], split: EffectsSplit, method: DirectionMethod): Float32Array {
  const fit = subRows(x, split.fitRows);
  const positive = split.fitRows.map((r) => side[r] === true);
  if (method === 'meandiff') return meanDifference(fit, positive).vector;
  if (method === 'probe') return probeDirection(fit, positive).vector;
  const at = new Map(split.fitRows.map((r, i) => [r, i]));
  return pcaDifference(fit, split.fitPairs.map(([p, q]): Pair => [at.get(p)!, at.get(q)!])).vector;
}

interface Context {
  model: ModelCore;
  input: LayerEffectsInput;
  s: Settings;
  split: EffectsSplit;
  steered: number[];
  batchSize: number;
  signal?: CancelSignal;
  tick: (what: string, fraction?: number) => void;
  syncReads: SyncReads;
}

/** The α with the highest success (ties: the smallest |α|, then the first listed). */
export function bestAlpha(alphas: readonly number[], success: readonly number[]): ModeBest {
  let k = 0;
  for (let j = 1; j < alphas.length; j++) {
    if (success[j] > success[k] || (success[j] === success[k] && Math.abs(alphas[j]) < Math.abs(alphas[k]))) k = j;
  }
  return { alpha: alphas[k], success: success[k] };
}

async function steerLayer(c: Context, layer: number, direction: Float32Array): Promise<{ steer: LayerEffectRow['steer']; unsteered: number }> {
  const prompts = c.steered.map((i) => c.input.prompts[i]);
  const targets = c.steered.map((i) => c.input.targets[i]!);
  const spec = { direction, layers: [layer], site: c.s.site, positions: steerPositions(c.s.position) };
  const options = { maxNewTokens: c.s.maxNew, batchSize: c.batchSize, signal: c.signal, onProgress: (d: number, t: number) => c.tick(`layer ${layer}: steering`, d / t) };
  const sweep = await steeringSweep(c.model, prompts, spec, c.s.alphas, (i) => targets[i][0], options);
  const success = (mode: 'oneshot' | 'continual') => sweep.runs[mode].map((r) => successRate(r.tokens, targets));
  const curves = { oneshot: success('oneshot'), continual: success('continual') };
  const oneshot = bestAlpha(c.s.alphas, curves.oneshot);
  const rng = createRng(c.s.seed + 1 + layer);
  const randomDirection = Float32Array.from(direction, () => rng.normal());
  const control = await steer(c.model, prompts, { ...spec, direction: randomDirection, alpha: oneshot.alpha, mode: 'oneshot' }, { maxNewTokens: c.s.maxNew, batchSize: c.batchSize, signal: c.signal });
  return {
    unsteered: successRate(sweep.runs.unsteered.tokens, targets),
    steer: {
      oneshot, continual: bestAlpha(c.s.alphas, curves.continual), random: successRate(control.tokens, targets),
      curve: c.s.alphas.map((alpha, k) => ({ alpha, oneshot: curves.oneshot[k], continual: curves.continual[k] })),
    },
  };
}

/** Share of the positive-minus-negative target-probability gap removed by projecting v̂ out at `layer`. */
async function ablateLayer(c: Context, layer: number, direction: Float32Array): Promise<number | null> {
  const withTarget = (rows: number[]) => rows.filter((i) => (c.input.targets[i]?.length ?? 0) > 0);
  const gaps: { before: number; after: number }[] = [];
  for (const rows of [withTarget(c.split.evalPositive), withTarget(c.split.evalNegative)]) {
    if (rows.length === 0) return null;
    const report = await ablateDirection(c.model, rows.map((i) => c.input.prompts[i]), { direction, layers: [layer], site: c.s.site }, {
      target: (k) => c.input.targets[rows[k]]![0], batchSize: c.batchSize, signal: c.signal,
    });
    gaps.push({ before: report.before.meanTargetProb, after: report.after.meanTargetProb });
  }
  const before = gaps[0].before - gaps[1].before;
  const after = gaps[0].after - gaps[1].after;
  return Math.abs(before) < 1e-6 ? null : (before - after) / before;
}

function sideOf(input: LayerEffectsInput): Side[] {
  const n = input.prompts.length;
  if (input.labels.length !== n || input.targets.length !== n) {
    throw new Error(`layer effects need one label and one target per prompt: ${n} prompts, ${input.labels.length} labels, ${input.targets.length} targets`);
  }
  return input.labels.map((l) => (l === null ? null : l === input.positive));
}

/** Eval prompts of the other class with a target (capped): the prompts steering is scored on. */
function steeredRows(input: LayerEffectsInput, split: EffectsSplit, s: Settings): number[] {
  const steered = split.evalNegative.filter((i) => (input.targets[i]?.length ?? 0) > 0).slice(0, s.maxSteerPrompts);
  if (steered.length === 0) throw new Error('no prompt of the other class in the eval half has a target; give each prompt its answer (e.g. an "answer" column)');
  const longest = Math.max(...steered.map((i) => input.targets[i]!.length));
  if (longest > s.maxNew) throw new Error(`a target has ${longest} tokens but only ${s.maxNew} are generated; raise maxNew to at least ${longest}`);
  return steered;
}

function reportNotes(input: LayerEffectsInput, split: EffectsSplit, s: Settings, patch: PatchRecovery, probeNotes: string[]): string[] {
  const scored = split.evalPairs.length > 0 ? `${split.evalPairs.length} pairs` : `${split.evalPositive.length + split.evalNegative.length} prompts`;
  return [
    `directions are fitted on ${split.fitRows.length} prompts and scored on a disjoint eval half (${scored}), split by seed ${s.seed}`,
    ...(patch.skipped.lengths > 0 ? [`patching skipped ${patch.skipped.lengths} pairs whose prompts differ in length (or whose read position is not one token)`] : []),
    ...(patch.skipped.sameAnswer > 0 ? [`patching skipped ${patch.skipped.sameAnswer} pairs whose clean and corrupt runs give the same answer`] : []),
    ...(input.pairs.length === 0 ? ['no contrast pairs were given, so there is no patching'] : []),
    ...probeNotes,
  ];
}

/** Steering and ablation at every layer, each along that layer's direction. */
async function causalRows(c: Context, mats: Matrix[], side: readonly Side[], step: (what: string) => Promise<void>, done: () => void) {
  const rows: Omit<LayerEffectRow, 'probe' | 'patching'>[] = [];
  let unsteered = NaN;
  for (let layer = 0; layer < mats.length; layer++) {
    await step(`layer ${layer}: steering`);
    const direction = await c.syncReads(async () => fitDirection(mats[layer], side, c.split, c.s.method));
    const st = await steerLayer(c, layer, direction);
    unsteered = st.unsteered;
    done();
    await step(`layer ${layer}: ablation`);
    rows.push({ layer, steer: st.steer, ablation: await ablateLayer(c, layer, direction) });
    done();
  }
  return { rows, unsteered };
}

/** Runs every measure at every layer; see the file header for the definitions. */
export async function layerEffects(model: ModelCore, input: LayerEffectsInput, options: LayerEffectsOptions = {}): Promise<LayerEffectsReport> {
  const s = resolveSettings(options);
  const side = sideOf(input);
  const split = splitForEffects(side, input.pairs, s.seed);
  const steered = steeredRows(input, split, s);
  const L = model.config.nLayers;
  const stages = 2 + 3 * L;
  let stage = 0;
  const tick = (what: string, fraction = 0) => {
    if (options.signal?.aborted) throw abortError();
    options.onProgress?.(what, Math.min(stages, stage + fraction), stages);
  };
  const step = async (what: string) => {
    await options.pause?.();
    tick(what);
  };
  const batchSize = options.batchSize ?? 64;
  const syncReads = options.syncReads ?? readInPlace;
  const c: Context = { model, input, s, split, steered, batchSize, signal: options.signal, tick, syncReads };

  await step('reading activations');
  const mats = await readLayers(model, input.prompts, s, batchSize);
  stage++;
  await step('probes');
  const labelled = side.flatMap((v, i) => (v === null ? [] : [i]));
  const probe = await syncReads(() => probeLayers(mats.map((m) => subRows(m, labelled)), labelled.map((i) => (side[i] ? 'positive' : 'other')), { folds: s.folds, seed: s.seed, baselines: false, signal: options.signal }));
  stage++;
  const causal = await causalRows(c, mats, side, step, () => stage++);
  await step('patching');
  const patch = await patchRecovery(model, input.prompts, split.evalPairs.slice(0, s.maxPatchPairs), s.position, {
    signal: options.signal, pause: options.pause, onPair: (d, t) => tick('patching', (L * d) / t),
  });
  const layers = causal.rows.map((r): LayerEffectRow => {
    const { accuracy } = probe.layers[r.layer];
    return { layer: r.layer, probe: { mean: accuracy.mean, std: accuracy.std }, steer: r.steer, ablation: r.ablation, patching: patch.pairs > 0 ? patch.recovery[r.layer] : null };
  });
  const ablated = [...split.evalPositive, ...split.evalNegative].filter((i) => (input.targets[i]?.length ?? 0) > 0).length;
  return {
    layers, unsteered: causal.unsteered, chance: probe.layers[0].majority.mean,
    counts: { prompts: input.prompts.length, fitRows: split.fitRows.length, fitPairs: split.fitPairs.length, evalPairs: split.evalPairs.length, steered: steered.length, ablated, patchPairs: patch.pairs, patchSkipped: patch.skipped },
    settings: s, notes: reportNotes(input, split, s, patch, probe.notes),
  };
}
