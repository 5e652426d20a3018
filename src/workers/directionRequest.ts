// Turns a DirectionRequest into one direction per model layer: fitted in the worker on cached activations
// (difference of means, RepE pair PCA, or a binary probe; `positive` against every other labelled prompt), or a
// vector the user gave ([d_model] for every layer, or [n_layers · d_model] with one row per layer).
//
// The result is a sparse array indexed by model layer: a fit fills only the layers it was fitted at (the others
// are holes), a vector fills every layer. Vectors keep their scale: a fitted direction is its unit vector times
// the fit's scale (‖mean difference‖, RMS pair projection, or for a probe the gap between the class means along
// ŵ), all in activation units, so ‖v‖ puts α in scale; every consumer normalises. Read it through
// `directionAt` / `requireLayers`, whose errors say what to do. The fits (pcadiff's PCA, the probe) read tfjs
// synchronously, so they run inside withSyncReads (off WebGPU), after the forward passes that read activations.
import type { Matrix } from '../data/types';
import { meanDifference, probeDirection, type Direction } from '../analysis/directions';
import { fitOnPairs } from '../analysis/directionsCv';
import { withSyncReads } from '../model/backend';
import { readActivations } from './activations';
import type { JobContext } from './jobContext';
import type { DirectionRequest } from './protocolCausal';
import { requireModel, type EngineSession } from './session';

export interface ResolvedDirection {
  /** Indexed by model layer; holes where the direction was not fitted. */
  directions: Float32Array[];
  /** Layers that have a direction, ascending. */
  layers: number[];
  /** Notes of the fits (e.g. a probe that did not converge), prefixed with their layer. */
  notes: string[];
}

/** One direction per model layer (sparse for fits over some layers); see the file header. */
export async function resolveDirection(session: EngineSession, request: DirectionRequest, ctx: JobContext, nLayers: number): Promise<Float32Array[]> {
  return (await resolveDirectionWithNotes(session, request, ctx, nLayers)).directions;
}

/** As resolveDirection, with the layers covered and the fits' notes. */
export async function resolveDirectionWithNotes(session: EngineSession, request: DirectionRequest, ctx: JobContext, nLayers: number): Promise<ResolvedDirection> {
  if (request.kind === 'vector') return vectorDirections(request.data, request.name, nLayers, requireModel(session).config.dModel);
  if (request.kind !== 'fit') throw new Error(`unknown direction kind ${JSON.stringify((request as { kind: unknown }).kind)}; use 'fit' or 'vector'`);
  return fitDirections(session, request, ctx, nLayers);
}

/** The direction at `layer`, or an error naming the layers that have one. */
export function directionAt(directions: readonly (Float32Array | undefined)[], layer: number): Float32Array {
  const v = directions[layer];
  if (v !== undefined) return v;
  const have = directions.flatMap((d, l) => (d === undefined ? [] : [l]));
  throw new Error(`there is no direction for layer ${layer}: it was fitted at layer${have.length === 1 ? '' : 's'} ${have.join(', ')}; fit it at layer ${layer} too, or choose one of those layers`);
}

/** Checks that every layer in `layers` has a direction of `width` entries (the width of the site it acts on). */
export function requireLayers(directions: readonly (Float32Array | undefined)[], layers: readonly number[], width: number, site: string): void {
  for (const l of layers) {
    const v = directionAt(directions, l);
    if (v.length !== width) {
      throw new Error(`the direction has ${v.length} entries but ${site} has ${width} per token; fit it on a site of the same width (e.g. a residual-stream site)`);
    }
  }
}

/** Euclidean norm, in float64. */
export function vectorNorm(v: ArrayLike<number>): number {
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += v[i] * v[i];
  return Math.sqrt(sq);
}

function vectorDirections(given: ArrayLike<number>, name: string, nLayers: number, dModel: number): ResolvedDirection {
  const data = given instanceof Float32Array ? given : Float32Array.from(given);
  const label = JSON.stringify(name || 'vector');
  if (data.length !== dModel && data.length !== nLayers * dModel) {
    throw new Error(`the direction ${label} has ${data.length} entries; this model needs ${dModel} (one vector for every layer) or ${nLayers * dModel} (${nLayers} layers × ${dModel}, one row per layer)`);
  }
  const bad = data.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new Error(`the direction ${label} has a non-finite entry (${data[bad]}) at index ${bad}; every entry must be a finite number`);
  const perLayer = data.length === dModel;
  const directions = Array.from({ length: nLayers }, (_, l) => (perLayer ? data.slice() : data.slice(l * dModel, (l + 1) * dModel)));
  directions.forEach((v, l) => {
    if (vectorNorm(v) === 0) throw new Error(`the direction ${label} is all zeros${perLayer ? '' : ` in the row of layer ${l}`}; a direction must be non-zero`);
  });
  return { directions, layers: directions.map((_, l) => l), notes: [] };
}

type FitRequest = Extract<DirectionRequest, { kind: 'fit' }>;

/** Row indices that carry a label, and 1 where the label is the positive class; checks both classes occur. */
function labelledRows(request: FitRequest): { rows: number[]; positive: Uint8Array } {
  const n = request.data.prompts.length;
  if (request.labels.length !== n) throw new Error(`the direction fit got ${request.labels.length} labels for ${n} prompts; give one label (or null) per prompt`);
  const rows = request.labels.flatMap((l, i) => (l === null ? [] : [i]));
  const positive = Uint8Array.from(rows, (i) => (request.labels[i] === request.positive ? 1 : 0));
  const nPositive = positive.reduce((a, b) => a + b, 0);
  if (nPositive === 0) throw new Error(`no prompt is labelled ${JSON.stringify(request.positive)}, the class the direction points towards; choose a label that occurs`);
  if (nPositive === rows.length) throw new Error(`every labelled prompt is ${JSON.stringify(request.positive)}; a direction needs prompts of another class too`);
  return { rows, positive };
}

function subMatrix(x: Matrix, rows: readonly number[]): Matrix {
  if (rows.length === x.rows) return x;
  const data = new Float32Array(rows.length * x.cols);
  rows.forEach((r, i) => data.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), i * x.cols));
  return { data, rows: rows.length, cols: x.cols };
}

/** Gap between the class means along the unit vector v, in activation units. */
function separation(x: Matrix, positive: Uint8Array, v: Float32Array): number {
  const sums = [0, 0];
  const counts = [0, 0];
  for (let i = 0; i < x.rows; i++) {
    let dot = 0;
    for (let j = 0; j < x.cols; j++) dot += x.data[i * x.cols + j] * v[j];
    sums[positive[i]] += dot;
    counts[positive[i]]++;
  }
  return sums[1] / counts[1] - sums[0] / counts[0];
}

/** The fit at one layer; a probe's ‖w‖ is in logit units, so its scale is the class-mean gap along ŵ instead. */
function fitLayer(x: Matrix, request: FitRequest): Direction {
  if (request.method === 'pcadiff') return fitOnPairs(x, request.pairs, 'pcadiff');
  const { rows, positive } = labelledRows(request);
  const sub = subMatrix(x, rows);
  if (request.method === 'meandiff') return meanDifference(sub, positive);
  if (request.method !== 'probe') throw new Error(`unknown direction method ${JSON.stringify(request.method)}; use meandiff, pcadiff or probe`);
  const fit = probeDirection(sub, positive);
  return fit.norm > 0 ? { ...fit, norm: Math.abs(separation(sub, positive, fit.vector)) } : fit;
}

async function fitDirections(session: EngineSession, request: FitRequest, ctx: JobContext, nLayers: number): Promise<ResolvedDirection> {
  const layers = [...new Set(request.data.layers)].sort((a, b) => a - b);
  if (layers.length === 0) throw new Error('the direction fit names no layers; fit at least one layer');
  if (request.method === 'pcadiff' && request.pairs.length === 0) throw new Error('pcadiff needs contrast pairs [positive, negative]; the dataset has none, so use meandiff or probe');
  if (request.method !== 'pcadiff') labelledRows(request);
  for (const l of layers) {
    if (!Number.isInteger(l) || l < 0 || l >= nLayers) throw new Error(`layer ${l} does not exist: the model has layers 0 to ${nLayers - 1}`);
  }
  const mats = await readActivations(session, { ...request.data, layers }, ctx);
  return withSyncReads(() => fitLayers(mats, layers, request, ctx, nLayers));
}

/** One fit per layer of `layers` (mats[k] read at layers[k]); synchronous tfjs reads, so see withSyncReads. */
async function fitLayers(mats: Matrix[], layers: number[], request: FitRequest, ctx: JobContext, nLayers: number): Promise<ResolvedDirection> {
  const directions: Float32Array[] = new Array<Float32Array>(nLayers);
  const notes: string[] = [];
  for (let k = 0; k < layers.length; k++) {
    ctx.progress(`Fitting the ${request.method} direction`, k, layers.length);
    await ctx.pause();
    const fit = fitLayer(mats[k], request);
    if (!(fit.norm > 0)) throw new Error(`layer ${layers[k]}: ${fit.notes.join('; ') || 'the fitted direction is zero'}; try another site, position or method`);
    directions[layers[k]] = Float32Array.from(fit.vector, (x) => x * fit.norm);
    notes.push(...fit.notes.map((n) => `layer ${layers[k]}: ${n}`));
  }
  ctx.progress(`Fitting the ${request.method} direction`, layers.length, layers.length);
  return { directions, layers, notes };
}
