// The ablation job: project the direction out of a site at chosen layers (every position) and compare the answer
// (P(target), top-1) and held-out probe accuracy at every layer before and after. Probes are trained per fold
// on clean activations and scored on the held-out prompts run clean and ablated. The probe fits read tfjs
// synchronously, so they run inside withSyncReads (off WebGPU); the forward passes stay outside it.
import { ablateDirection, type AblationSpec, type ProbeCheck } from '../analysis/ablation';
import { stratifiedFolds, foldRows, summarize } from '../analysis/folds';
import { fitLogistic } from '../analysis/logistic';
import { encodeLabels } from '../analysis/probeLabels';
import type { Matrix } from '../data/types';
import { withSyncReads } from '../model/backend';
import { runWithCache, type ReadPosition } from '../model/cache';
import { blockHook, type BlockSite, type HookName } from '../model/hooks';
import type { Model } from '../model/model';
import { checkLayers, encodePromptSet, promptTargets, residualSite } from './causalInputs';
import { requireLayers, resolveDirectionWithNotes } from './directionRequest';
import type { JobContext } from './jobContext';
import type { AblateJob, AblateResult } from './protocolCausal';
import { modelInfo, requireModel, type EngineSession } from './session';

/** Prompts per forward pass (and between cancel points). */
const ABLATE_CHUNK = 64;

type Behaviour = AblateResult['before'];

/** Before/after behaviour over the prompts with a target, chunk by chunk (means weighted by chunk size). */
async function behaviour(model: Model, ids: number[][], targets: number[], spec: AblationSpec, ctx: JobContext): Promise<{ before: Behaviour; after: Behaviour }> {
  const sum = { before: { meanTargetProb: 0, top1: 0 }, after: { meanTargetProb: 0, top1: 0 } };
  for (let start = 0; start < ids.length; start += ABLATE_CHUNK) {
    ctx.progress('Ablating: behaviour', start, ids.length);
    await ctx.pause();
    const chunk = ids.slice(start, start + ABLATE_CHUNK);
    const r = await ablateDirection(model, chunk, spec, { target: (i) => targets[start + i], batchSize: ABLATE_CHUNK, signal: ctx.signal });
    for (const side of ['before', 'after'] as const) {
      sum[side].meanTargetProb += (r[side].meanTargetProb * chunk.length) / ids.length;
      sum[side].top1 += (r[side].top1 * chunk.length) / ids.length;
    }
  }
  return sum;
}

function readPosition(position: AblateJob['position']): ReadPosition {
  if (position === 'all') throw new Error("probes read one vector per prompt; choose the last token, the mean, or a token index instead of 'all'");
  return position;
}

/** Clean activations of `hooks` at `position` for the prompts, one matrix per hook. */
async function cleanActivations(model: Model, ids: number[][], hooks: HookName[], position: ReadPosition, ctx: JobContext): Promise<Matrix[]> {
  const parts: Float32Array[][] = hooks.map(() => []);
  for (let start = 0; start < ids.length; start += ABLATE_CHUNK) {
    ctx.progress('Ablating: reading probe activations', start, ids.length);
    await ctx.pause();
    const { cache } = await runWithCache(model, ids.slice(start, start + ABLATE_CHUNK), { names: hooks, position });
    hooks.forEach((h, k) => parts[k].push(cache.get(h)!.data));
  }
  return parts.map((chunks) => {
    const data = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      data.set(c, at);
      at += c.length;
    }
    return { data, rows: ids.length, cols: data.length / ids.length };
  });
}

function rowsOf(x: Matrix, rows: Int32Array): Matrix {
  const data = new Float32Array(rows.length * x.cols);
  rows.forEach((r, i) => data.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), i * x.cols));
  return { data, rows: rows.length, cols: x.cols };
}

/** Held-out probe accuracy at every layer's `probeSite`, clean and ablated. */
async function probeScores(model: Model, ids: number[][], job: AblateJob, spec: AblationSpec, ctx: JobContext): Promise<{ probes: AblateResult['probes']; notes: string[] }> {
  const labels = job.labels!;
  if (labels.length !== ids.length) throw new Error(`the probes got ${labels.length} labels for ${ids.length} prompts; give one label (or null) per prompt`);
  if (!modelInfo(model).sites.includes(job.probeSite)) throw new Error(`probes cannot read ${JSON.stringify(job.probeSite)}; choose one of ${modelInfo(model).sites.join(', ')}`);
  const position = readPosition(job.position);
  const rows = labels.flatMap((l, i) => (l === null ? [] : [i]));
  const values = rows.map((i) => labels[i]!);
  const encoded = encodeLabels(values);
  if (encoded.classes.length < 2) throw new Error(`the probes need prompts of at least two labels, found ${encoded.classes.length}; label prompts of another class too`);
  const folds = stratifiedFolds(encoded.index, { k: job.folds, seed: job.seed });
  const layers = Array.from({ length: model.config.nLayers }, (_, l) => l);
  const hooks = layers.map((l) => blockHook(l, job.probeSite as BlockSite));
  const labelledIds = rows.map((i) => ids[i]);
  const clean = await cleanActivations(model, labelledIds, hooks, position, ctx);
  const perFold = layers.map(() => ({ before: [] as number[], after: [] as number[] }));
  for (let f = 0; f < folds.k; f++) {
    ctx.progress('Ablating: probes', f, folds.k);
    await ctx.pause();
    const { train, test } = foldRows(folds.foldIds, f);
    const trainLabels = Array.from(train, (i) => values[i]);
    const probes = await withSyncReads(async () => hooks.map((hook, k): ProbeCheck => ({ hook, fit: fitLogistic(rowsOf(clean[k], train), trainLabels) })));
    const report = await ablateDirection(model, Array.from(test, (i) => labelledIds[i]), spec, {
      probes, labels: Array.from(test, (i) => values[i]), position, batchSize: ABLATE_CHUNK, signal: ctx.signal,
    });
    report.probes.forEach((p, k) => {
      perFold[k].before.push(p.before);
      perFold[k].after.push(p.after);
    });
  }
  const score = (xs: number[]) => {
    const s = summarize(xs);
    return { mean: s.mean, std: s.std };
  };
  return { probes: layers.map((layer, k) => ({ layer, before: score(perFold[k].before), after: score(perFold[k].after) })), notes: folds.notes };
}

export async function ablateJob(session: EngineSession, job: AblateJob, ctx: JobContext): Promise<AblateResult> {
  const model = requireModel(session);
  const ids = encodePromptSet(model, job.prompts, 'ablate');
  checkLayers(model, job.layers, 'ablate');
  const site = residualSite(model, job.site, 'ablate');
  const targets = promptTargets(model, job.prompts, job.targets);
  if (job.labels !== null) readPosition(job.position);
  const resolved = await resolveDirectionWithNotes(session, job.direction, ctx, model.config.nLayers);
  requireLayers(resolved.directions, job.layers, model.config.dModel, site);
  const spec: AblationSpec = { direction: resolved.directions, layers: job.layers, site };
  const notes = [...resolved.notes];
  const targeted = targets.flatMap((t, i) => (t === null ? [] : [i]));
  let result: { before: Behaviour; after: Behaviour } = { before: { meanTargetProb: NaN, top1: NaN }, after: { meanTargetProb: NaN, top1: NaN } };
  if (targeted.length > 0) result = await behaviour(model, targeted.map((i) => ids[i]), targeted.map((i) => targets[i]!), spec, ctx);
  else notes.push('no prompt has a target, so P(target) and top-1 are not measured');
  let probes: AblateResult['probes'] = [];
  if (job.labels !== null) {
    const p = await probeScores(model, ids, job, spec, ctx);
    probes = p.probes;
    notes.push(...p.notes);
  }
  return { ...result, probes, notes };
}
