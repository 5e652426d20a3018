// What each panel of the explorer shows, read from the store: a value when its result is done, else
// what is happening (running, failed, cancelled, waiting), with the keys to cancel or retry. Pure.
import { formatByteProgress } from '../data/bytes';
import type { PromptRow } from '../data/types';
import type { DirectionsSummary, EncodedPrompt, LayerProjection, Prediction, ProbeSummary } from '../workers/protocol';

// The UI may not import workers/ (ARCHITECTURE §3); it reads these result shapes from here.
export type { DirectionsSummary, EncodedPrompt, LayerProjection, Prediction, ProbeSummary };
import { directionsKey, encodingKey, predictionKey, probeKey, projectionKey } from './keys';
import { enginePrompt } from './plan';
import { activationIdentity, allLayers, contrastPairs, labelColumn, labelsOf, resolveLayer, runRows } from './selectors';
import type { AppState, ResultEntry } from './store';
import { viewTokenPoints, type TokenPoints } from './tokenData';
import type { ProgressJob } from '../ui/components/ProgressBar';

export type { TokenPoints };

export type Panel<T> =
  | { kind: 'ready'; value: T }
  | { kind: 'running'; message: string; keys: string[] }
  | { kind: 'error'; message: string; keys: string[] }
  | { kind: 'cancelled'; keys: string[] }
  | { kind: 'idle'; message: string };

function progressText(e: Extract<ResultEntry, { status: 'running' }>): string {
  const p = e.progress;
  if (!p) return `${e.label}: waiting for the engine…`;
  return `${p.what} (${p.done} of ${p.total})`;
}

/** The panel for one key, or for several keys that must all be done (values in key order). */
export function panelOf<T>(state: AppState, keys: string[], idle: string): Panel<T[]> {
  const entries = keys.map((k) => state.results[k]);
  const failed = entries.find((e) => e?.status === 'error');
  if (failed?.status === 'error') return { kind: 'error', message: failed.message, keys };
  if (entries.some((e) => e?.status === 'cancelled')) return { kind: 'cancelled', keys };
  const run = entries.find((e) => e?.status === 'running');
  if (run?.status === 'running') return { kind: 'running', message: progressText(run), keys };
  if (entries.every((e) => e?.status === 'done')) return { kind: 'ready', value: entries.map((e) => (e as { value: T }).value) };
  return { kind: 'idle', message: idle };
}

const single = <T>(p: Panel<T[]>): Panel<T> => (p.kind === 'ready' ? { kind: 'ready', value: p.value[0] } : p);

export interface ExplorerData {
  rows: PromptRow[];
  capped: boolean;
  total: number;
  layer: number;
  nLayers: number;
  labelColumn: string | null;
  /** One label per prompt of `rows`. */
  labels: (string | null)[];
  /** One label per point: per prompt, or at position 'all' per token row. */
  pointLabels: (string | null)[];
  /** At position 'all' once the prompts are encoded: which token each point is; else null. */
  tokens: TokenPoints | null;
  pairs: number;
  encoding: Panel<EncodedPrompt[]>;
  projection: Panel<LayerProjection>;
  allProjections: Panel<LayerProjection[]>;
  probe: Panel<ProbeSummary>;
  directions: Panel<DirectionsSummary>;
}

/** Everything the main view draws, or null before a model and a dataset are loaded. */
export function explorerData(state: AppState): ExplorerData | null {
  const { view, dataset } = state;
  const model = state.engine.model;
  if (!model || !dataset) return null;
  const { rows, capped } = runRows(dataset, view.maxPrompts);
  const id = activationIdentity(model, state.engine.backend?.chosen, dataset, view);
  const layer = resolveLayer(view.layer, model.nLayers);
  const column = labelColumn(view, dataset);
  const projKey = (l: number) => projectionKey(id, l, view.method, view.pca, view.umap);
  const waiting = 'Waiting for the model and prompts…';
  const encoding = single(panelOf<{ prompts: EncodedPrompt[] }>(state, [encodingKey(model.id, id.dataset, view.position)], waiting));
  const allIdle = view.method === 'umap' ? 'UMAP of every layer runs on request.' : waiting;
  const labels = labelsOf(rows, column);
  const tokens = viewTokenPoints(state);
  const everyToken = view.position === 'all';
  const points = (p: Panel<LayerProjection[]>) => (everyToken ? tokenPanel(p, encoding, tokens) : p);
  return {
    rows, capped, total: dataset.rows.length, layer, nLayers: model.nLayers, labelColumn: column, labels,
    pointLabels: everyToken ? (tokens?.labels ?? []) : labels, tokens,
    pairs: everyToken ? 0 : contrastPairs(rows, column).length,
    encoding: encoding.kind === 'ready' ? { kind: 'ready', value: encoding.value.prompts } : encoding,
    projection: single(points(panelOf<LayerProjection>(state, [projKey(layer)], waiting))),
    allProjections: points(panelOf<LayerProjection>(state, allLayers(model.nLayers).map(projKey), allIdle)),
    probe: column === null ? { kind: 'idle', message: 'This dataset has no label column, so there is nothing to probe for.' }
      : single(panelOf<ProbeSummary>(state, [probeKey(id, column, view.probe)], waiting)),
    directions: single(panelOf<DirectionsSummary>(state, [directionsKey(id, column, view.probe.folds, view.probe.seed)], waiting)),
  };
}

/**
 * At position 'all' the points need the prompts' tokens to be told apart: until the encoding is done the
 * panel shows its progress, and a projection whose point count is not the token count is refused.
 */
function tokenPanel(p: Panel<LayerProjection[]>, encoding: Panel<unknown>, tokens: TokenPoints | null): Panel<LayerProjection[]> {
  if (tokens === null) return encoding.kind === 'ready' ? { kind: 'idle', message: 'Waiting for the prompts’ tokens…' } : (encoding as Panel<LayerProjection[]>);
  if (p.kind !== 'ready') return p;
  const bad = p.value.find((l) => l.points.length !== 2 * tokens.rows.rows);
  if (!bad) return p;
  return { kind: 'error', message: `layer ${bad.layer} has ${bad.points.length / 2} points for ${tokens.rows.rows} tokens; reload the dataset to compute them again`, keys: [] };
}

export function predictionPanel(state: AppState): { text: string; panel: Panel<Prediction> } {
  const model = state.engine.model;
  const text = enginePrompt(state);
  if (!model) return { text, panel: { kind: 'idle', message: 'Loading the model…' } };
  return { text, panel: single(panelOf<Prediction>(state, [predictionKey(model.id, state.engine.backend?.chosen ?? '', text)], 'Type a prompt.')) };
}

/** One line of the progress strip. */
export type ActiveJob = ProgressJob;

/** The running jobs, one entry per job (keys filled by one job share a label and start time). */
export function activeJobs(state: AppState): ActiveJob[] {
  const groups = new Map<string, ActiveJob>();
  for (const [key, e] of Object.entries(state.results)) {
    if (e.status !== 'running') continue;
    const id = `${e.label}@${e.startedAt}`;
    const g = groups.get(id);
    if (g) g.keys.push(key);
    else groups.set(id, { keys: [key], label: e.label, what: e.progress?.what ?? 'waiting for the engine', done: e.progress?.done ?? 0, total: e.progress?.total ?? 0, etaMs: e.progress?.etaMs ?? null });
  }
  return [...groups.values()];
}

/** The model load in progress as a progress-bar entry: bytes read so far for a user's file, else the phase. */
export function modelLoadJob(state: AppState): ActiveJob | null {
  const id = state.engine.loading;
  if (id === null) return null;
  const p = state.engine.loadProgress;
  if (!p) return { keys: [], label: `Loading ${id}`, what: `Loading ${id}…`, done: 0, total: 0, etaMs: null };
  const what = p.total > 0 ? `Loading ${id}: ${p.what}, ${formatByteProgress(p.done, p.total)}` : `Loading ${id}: ${p.what}…`;
  return { keys: [], label: `Loading ${id}`, what, done: p.done, total: p.total, etaMs: p.etaMs };
}
