// Jobs over cached activations: copies of the matrices, 2-D projections (PCA, UMAP), probes with
// baselines, and directions (pair reading accuracy, cosine across layers, CKA between layers).
// The analyses read tfjs results synchronously, so they run inside withSyncReads (off WebGPU).
import type { Matrix } from '../data/types';
import { applyPca, fitPca } from '../analysis/pca';
import { initUmap, type UmapRun } from '../analysis/umap';
import { probeSteps } from '../analysis/probe';
import { driveSteps } from '../analysis/probeDriver';
import { pairReadingSteps, type PairReadingReport } from '../analysis/directionsCv';
import { directionSimilarity, type Pair } from '../analysis/directions';
import { ckaMatrix } from '../analysis/similarity';
import { withSyncReads } from '../model/backend';
import { readActivations, tokenRowIndex } from './activations';
import type { JobContext } from './jobContext';
import type { JobMap, JobResult, LayerProjection, ProbeLayerSummary, Score } from './protocol';
import type { EngineSession } from './session';

type Args<K extends keyof JobMap> = JobMap[K]['job'];

/** UMAP epochs between progress reports and cancel checks. */
const UMAP_EPOCHS_PER_STEP = 10;

export async function activationsJob(session: EngineSession, job: Args<'activations'>, ctx: JobContext): Promise<JobResult<'activations'>> {
  const mats = await readActivations(session, job.data, ctx);
  const layers = mats.map((m, k) => ({ layer: job.data.layers[k], data: m.data.slice(), rows: m.rows, cols: m.cols }));
  const tokens = tokenRowIndex(session, job.data);
  return tokens ? { layers, tokens } : { layers };
}

const percent = (r: number) => `${(100 * r).toFixed(1)}%`;

function pcaProjection(x: Matrix, standardize: boolean): Omit<LayerProjection, 'layer'> {
  const fit = fitPca(x, { k: 2, standardize });
  const projected = applyPca(fit, x);
  const points = new Float32Array(2 * x.rows);
  // A rank-1 fit has one column; the second axis is then 0 for every point.
  for (let i = 0; i < x.rows; i++) {
    points[2 * i] = projected.data[i * projected.cols];
    points[2 * i + 1] = projected.cols > 1 ? projected.data[i * projected.cols + 1] : 0;
  }
  const ratio = fit.explainedVarianceRatio;
  return { points, axes: [`PC1 (${percent(ratio[0] ?? 0)})`, `PC2 (${percent(ratio[1] ?? 0)})`], notes: fit.notes };
}

async function umapProjection(x: Matrix, params: Args<'project'>['umap'], ctx: JobContext, what: string): Promise<Omit<LayerProjection, 'layer'>> {
  ctx.progress(`${what}: nearest neighbours`, 0, params.nEpochs);
  const run: UmapRun = await initUmap(x, { nNeighbors: params.nNeighbors, minDist: params.minDist, nEpochs: params.nEpochs, seed: params.seed });
  let progress = run.progress();
  while (!progress.done) {
    await ctx.pause();
    progress = run.step(UMAP_EPOCHS_PER_STEP);
    ctx.progress(`${what}: epochs`, progress.epoch, progress.nEpochs);
  }
  return { points: run.result().data, axes: ['UMAP 1', 'UMAP 2'], notes: [...run.notes] };
}

export async function projectJob(session: EngineSession, job: Args<'project'>, ctx: JobContext): Promise<JobResult<'project'>> {
  const mats = await readActivations(session, job.data, ctx);
  return withSyncReads(() => projectLayers(mats, job, ctx));
}

async function projectLayers(mats: Matrix[], job: Args<'project'>, ctx: JobContext): Promise<JobResult<'project'>> {
  const layers: LayerProjection[] = [];
  for (let k = 0; k < mats.length; k++) {
    const layer = job.data.layers[k];
    const what = `${job.method === 'pca' ? 'PCA' : 'UMAP'} of layer ${layer}`;
    ctx.progress(what, k, mats.length);
    await ctx.pause();
    const p = job.method === 'pca' ? pcaProjection(mats[k], job.pca.standardize) : await umapProjection(mats[k], job.umap, ctx, what);
    layers.push({ layer, ...p });
  }
  return { layers };
}

/** Rows that carry a label, and the sub-matrices of just those rows. */
function labelledRows(mats: Matrix[], labels: readonly (string | null)[]): { rows: number[]; subs: Matrix[]; values: string[] } {
  const rows = labels.flatMap((l, i) => (l === null ? [] : [i]));
  const values = rows.map((i) => labels[i]!);
  if (rows.length === labels.length) return { rows, subs: mats, values };
  const subs = mats.map((m) => {
    const data = new Float32Array(rows.length * m.cols);
    rows.forEach((r, i) => data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
    return { data, rows: rows.length, cols: m.cols };
  });
  return { rows, subs, values };
}

const score = (s: { mean: number; std: number } | null): Score | null => (s === null ? null : { mean: s.mean, std: s.std });

export async function probeJob(session: EngineSession, job: Args<'probe'>, ctx: JobContext): Promise<JobResult<'probe'>> {
  const mats = await readActivations(session, job.data, ctx);
  const what = job.data.position === 'all' ? 'token rows' : 'prompts';
  if (job.labels.length !== mats[0].rows) throw new Error(`the probe got ${job.labels.length} labels for ${mats[0].rows} ${what}; rerun with the current dataset`);
  const { subs, values } = labelledRows(mats, job.labels);
  const report = await withSyncReads(() => driveSteps(probeSteps(subs, values, { folds: job.folds, seed: job.seed, C: job.C }), {
    signal: ctx.signal,
    onProgress: (p) => ctx.progress(`Probes: layer ${job.data.layers[p.layer]} (${p.phase})`, Math.round(1000 * p.fraction), 1000),
  }));
  const layers = report.layers.map((r, k): ProbeLayerSummary => ({
    layer: job.data.layers[k], accuracy: score(r.accuracy)!, majority: score(r.majority)!, shuffled: score(r.shuffled),
    control: score(r.control), selectivity: r.selectivity, converged: r.converged,
  }));
  const notes = [...report.notes, ...report.layers.flatMap((r) => r.notes.map((n) => `layer ${job.data.layers[r.layer]}: ${n}`))];
  return { classes: report.classes.map(String), rows: values.length, folds: report.k, layers, notes };
}

async function readingReport(mats: Matrix[], pairs: readonly Pair[], method: 'meandiff' | 'pcadiff', job: Args<'directions'>, ctx: JobContext): Promise<PairReadingReport> {
  const steps = pairReadingSteps(mats, pairs, { method, folds: job.folds, seed: job.seed });
  return driveSteps(steps, {
    signal: ctx.signal,
    onProgress: (p) => ctx.progress(`Directions (${method}): layer ${job.data.layers[p.layer]}`, p.layer + 1, p.layers),
  });
}

export async function directionsJob(session: EngineSession, job: Args<'directions'>, ctx: JobContext): Promise<JobResult<'directions'>> {
  const mats = await readActivations(session, job.data, ctx);
  return withSyncReads(() => directionsOf(mats, job, ctx));
}

async function directionsOf(mats: Matrix[], job: Args<'directions'>, ctx: JobContext): Promise<JobResult<'directions'>> {
  const L = mats.length;
  ctx.progress('CKA between layers', 0, 1);
  await ctx.pause();
  const cka = Array.from(ckaMatrix(mats));
  const base = { layers: job.data.layers, pairs: job.pairs.length, cka };
  if (job.data.position === 'all') {
    return { ...base, pairs: 0, reading: null, cosine: null, notes: ['pairs are per prompt; choose a per-prompt position (last token, mean or a token index) to read directions'] };
  }
  if (job.pairs.length < 2) {
    return { ...base, reading: null, cosine: null, notes: ['directions need at least two contrast pairs (rows sharing a pair id, one positive and one negative)'] };
  }
  const mean = await readingReport(mats, job.pairs, 'meandiff', job, ctx);
  const pca = await readingReport(mats, job.pairs, 'pcadiff', job, ctx);
  const cos = (r: PairReadingReport) => Array.from(directionSimilarity(r.layers.map((l) => l.direction.vector)).data.subarray(0, L * L));
  return {
    ...base,
    reading: { meandiff: mean.layers.map((l) => score(l.accuracy)!), pcadiff: pca.layers.map((l) => score(l.accuracy)!) },
    cosine: { meandiff: cos(mean), pcadiff: cos(pca) },
    notes: [...new Set([...mean.notes, ...pca.notes])],
  };
}
