// UMAP (McInnes, Healy & Melville 2018): exact kNN → fuzzy simplicial set → initial layout → SGD.
// initUmap builds the first three; its run's step/result let a worker report progress and cancel.
// A fixed seed reproduces the result bit for bit, on wasm and cpu alike (tfjs only shortlists neighbours).
import type { Matrix } from '../data/types';
import { createRng } from '../data/random';
import { exactKnn, type KnnMetric } from './knn';
import { assertFinite, assertShape } from './matrix';
import { fitCurveParams } from './umapCurve';
import { fuzzySimplicialSet } from './umapGraph';
import { initialLayout, type UmapInit } from './umapInit';
import { createLayout, runEpochs, type LayoutState } from './umapOptimize';

export type { KnnMetric as UmapMetric } from './knn';
export type { UmapInit } from './umapInit';

/** Most rows UMAP accepts: exact kNN costs n² distances, and the UI should subsample beyond this. */
export const UMAP_MAX_ROWS = 20_000;
/** Datasets larger than this get fewer default epochs, as in umap-learn. */
const LARGE_DATASET_ROWS = 10_000;

export interface UmapOptions {
  /** Neighbourhood size, counting the point itself (as umap-learn); default 15. Capped at rows − 1 with a note. */
  nNeighbors?: number;
  /** Output dimension; default 2. */
  nComponents?: number;
  /** Smallest distance between embedded points; default 0.1, between 0 and spread. */
  minDist?: number;
  /** Scale of the embedded clusters; default 1. */
  spread?: number;
  /** Default 500 for up to 10,000 rows, else 200. 0 returns the initial layout. */
  nEpochs?: number;
  /** Distance in the input space; default 'euclidean'. */
  metric?: KnnMetric;
  /** Initial SGD step size; default 1. */
  learningRate?: number;
  /** Negative samples per positive sample; default 5. */
  negativeSampleRate?: number;
  /** Weight of repulsion against attraction; default 1. */
  repulsionStrength?: number;
  /** Starting layout; default 'spectral' (falls back to 'random', with a note, on a disconnected graph). */
  init?: UmapInit;
  /** Seed of every random choice; default 0. */
  seed?: number;
}

export type ResolvedUmapOptions = Required<UmapOptions>;

export interface UmapProgress {
  /** Epochs completed. */
  epoch: number;
  nEpochs: number;
  done: boolean;
}

/** A UMAP in progress: call step until done (or stop calling it to cancel), then result. */
export interface UmapRun {
  readonly rows: number;
  readonly options: ResolvedUmapOptions;
  /** The initial layout actually used. */
  readonly init: UmapInit;
  /** Remarks for the user, e.g. a capped nNeighbors or a spectral fallback. */
  readonly notes: readonly string[];
  /** Runs up to `epochs` more epochs (default: all remaining). */
  step(epochs?: number): UmapProgress;
  progress(): UmapProgress;
  /** A copy of the current layout, rows × nComponents (valid before, during and after the run). */
  result(): Matrix;
}

export interface UmapFit {
  embedding: Matrix;
  init: UmapInit;
  notes: string[];
  options: ResolvedUmapOptions;
}

export interface FitUmapControl {
  /** Called after every chunk of epochs. */
  onProgress?: (progress: UmapProgress) => void;
  /** Aborting stops between chunks; fitUmap then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Epochs per chunk; default 10. */
  epochsPerChunk?: number;
}

/** Builds the kNN graph, the fuzzy simplicial set and the initial layout; async for the tfjs kNN. */
export async function initUmap(x: Matrix, options: UmapOptions = {}): Promise<UmapRun> {
  const resolved = resolveOptions(x, options);
  const notes: string[] = [];
  const nNeighbors = Math.min(resolved.nNeighbors, x.rows);
  if (nNeighbors < resolved.nNeighbors) {
    notes.push(`nNeighbors ${resolved.nNeighbors} is more than the ${x.rows} rows allow; used ${nNeighbors}`);
  }
  const curve = fitCurveParams(resolved.minDist, resolved.spread);
  const knn = await exactKnn(x, nNeighbors - 1, { metric: resolved.metric });
  const graph = fuzzySimplicialSet(knn, nNeighbors);
  const rng = createRng(resolved.seed);
  const start = initialLayout(x, graph, resolved.nComponents, resolved.init, rng);
  notes.push(...start.notes);
  const state = createLayout(graph, start.embedding, resolved.nComponents, { ...curve, ...resolved }, rng);
  return makeRun(state, resolved, start.used, notes);
}

function makeRun(state: LayoutState, options: ResolvedUmapOptions, init: UmapInit, notes: string[]): UmapRun {
  const progress = (): UmapProgress => ({ epoch: state.epoch, nEpochs: options.nEpochs, done: state.epoch >= options.nEpochs });
  return {
    rows: state.n,
    options,
    init,
    notes,
    step(epochs = options.nEpochs) {
      if (!(epochs >= 0)) throw new Error(`step needs a number of epochs ≥ 0, got ${epochs}`);
      runEpochs(state, epochs);
      return progress();
    },
    progress,
    result: () => ({ data: state.embedding.slice(), rows: state.n, cols: state.dim }),
  };
}

/** Runs UMAP to the end, in chunks of epochs between which it reports progress and checks for abort. */
export async function fitUmap(x: Matrix, options: UmapOptions = {}, control: FitUmapControl = {}): Promise<UmapFit> {
  const { signal, onProgress } = control;
  const chunk = control.epochsPerChunk ?? 10;
  signal?.throwIfAborted();
  const run = await initUmap(x, options);
  let progress = run.progress();
  while (!progress.done) {
    signal?.throwIfAborted();
    progress = run.step(chunk);
    onProgress?.(progress);
  }
  return { embedding: run.result(), init: run.init, notes: [...run.notes], options: run.options };
}

/** Options with defaults filled in, after checking the input and every value (errors say what to change). */
export function resolveOptions(x: Matrix, options: UmapOptions): ResolvedUmapOptions {
  assertShape(x, 2, 'UMAP input', 'UMAP');
  if (x.rows > UMAP_MAX_ROWS) {
    throw new Error(`UMAP input has ${x.rows} rows, over the limit of ${UMAP_MAX_ROWS} (UMAP_MAX_ROWS); subsample the rows first`);
  }
  assertFinite(x, 'UMAP input');
  const resolved: ResolvedUmapOptions = {
    nNeighbors: options.nNeighbors ?? 15,
    nComponents: options.nComponents ?? 2,
    minDist: options.minDist ?? 0.1,
    spread: options.spread ?? 1,
    nEpochs: options.nEpochs ?? (x.rows <= LARGE_DATASET_ROWS ? 500 : 200),
    metric: options.metric ?? 'euclidean',
    learningRate: options.learningRate ?? 1,
    negativeSampleRate: options.negativeSampleRate ?? 5,
    repulsionStrength: options.repulsionStrength ?? 1,
    init: options.init ?? 'spectral',
    seed: options.seed ?? 0,
  };
  checkOptions(resolved);
  return resolved;
}

function checkOptions(o: ResolvedUmapOptions): void {
  const integer = (name: keyof ResolvedUmapOptions, value: number, min: number, max = Infinity): void => {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`UMAP ${name} must be a whole number from ${min}${max < Infinity ? ` to ${max}` : ' up'}, got ${value}`);
    }
  };
  const positive = (name: keyof ResolvedUmapOptions, value: number): void => {
    if (!(value > 0) || !Number.isFinite(value)) throw new Error(`UMAP ${name} must be a finite number > 0, got ${value}`);
  };
  integer('nNeighbors', o.nNeighbors, 2);
  integer('nComponents', o.nComponents, 1, 16);
  integer('nEpochs', o.nEpochs, 0);
  positive('spread', o.spread);
  if (!(o.minDist >= 0 && o.minDist <= o.spread)) throw new Error(`UMAP minDist must be between 0 and spread (${o.spread}), got ${o.minDist}`);
  positive('learningRate', o.learningRate);
  positive('negativeSampleRate', o.negativeSampleRate);
  if (!(o.repulsionStrength >= 0) || !Number.isFinite(o.repulsionStrength)) {
    throw new Error(`UMAP repulsionStrength must be a finite number ≥ 0, got ${o.repulsionStrength}`);
  }
  if (o.metric !== 'euclidean' && o.metric !== 'cosine') throw new Error(`UMAP metric must be 'euclidean' or 'cosine', got ${JSON.stringify(o.metric)}`);
  if (!['spectral', 'random', 'pca'].includes(o.init)) throw new Error(`UMAP init must be 'spectral', 'random' or 'pca', got ${JSON.stringify(o.init)}`);
  if (!Number.isFinite(o.seed)) throw new Error(`UMAP seed must be a finite number, got ${o.seed}`);
}
