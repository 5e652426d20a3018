// The one store: the view (what a link carries) plus the app's status (catalog, engine, dataset, parse
// errors awaiting acceptance, job progress, results by canonical key, warnings), and a pure reducer.
import type { Dataset, DatasetSource } from '../data/types';
import { defaultViewState, type DatasetRef, type KnownText, type ViewState } from '../data/urlState';
import type { ParsedPromptFile } from '../data/promptFile';
import type { BackendInfo, ModelInfo } from '../workers/protocol';
import type { Progress } from '../workers/client';
import type { Catalog } from './catalog';
import { initialUploadState, reduceCausal, type CausalAction, type UploadState } from './storeCausal';

export interface EngineState {
  backend: BackendInfo | null;
  model: ModelInfo | null;
  /** Id of the model being loaded, or null. */
  loading: string | null;
  /** How far that load is (bytes read, for a user's files), or null before the engine reports. */
  loadProgress: Progress | null;
  /** Id of a model whose load failed (not retried until chosen again). */
  failed: string | null;
  error: string | null;
  /** Null when the engine runs in a worker, else why it runs on the page. */
  fallback: string | null;
}

/** A parse with errors: the current dataset stays until the user accepts the readable rows. */
export interface PendingDataset {
  parsed: ParsedPromptFile;
  name: string;
  source: DatasetSource;
  text: string;
  /** The text's hash and size, taken with the parse (off the page's thread). */
  known?: KnownText;
}

export type ResultEntry =
  | { status: 'running'; label: string; progress: Progress | null; startedAt: number }
  | { status: 'done'; value: unknown }
  | { status: 'error'; message: string }
  | { status: 'cancelled' };

export interface AppState {
  view: ViewState;
  catalog: Catalog | null;
  catalogError: string | null;
  engine: EngineState;
  dataset: Dataset | null;
  /** The datasetRefKey the current dataset was loaded for (or failed to load for). */
  datasetFor: string | null;
  datasetLoading: string | null;
  pending: PendingDataset | null;
  /** Why the last dropped file was refused (a binary, too large); the dataset is unchanged. */
  fileError: string | null;
  /** The user's file being read (parsed and hashed off the page), or null. */
  reading: string | null;
  results: Record<string, ResultEntry>;
  warnings: string[];
  /** UMAP of every layer is costly, so it runs only when asked for. */
  umapAllLayers: boolean;
  /** The Engine panel's prompt; null until the user types one (the model's example is used). */
  enginePrompt: string | null;
  /** The Causal tab's uploaded direction. */
  upload: UploadState;
  /** Who changed the view last: the user (a new history entry), a link or session, or the app fixing it. */
  viewSource: 'user' | 'link' | 'fix';
}

export type Action =
  | { type: 'catalogLoaded'; catalog: Catalog }
  | { type: 'catalogFailed'; message: string }
  | { type: 'setView'; patch: Partial<ViewState> }
  | { type: 'replaceView'; view: ViewState; warnings: string[] }
  /** The app corrects a view the model or dataset cannot show; the URL is rewritten in place. */
  | { type: 'fixView'; patch: Partial<ViewState>; warnings: string[] }
  | { type: 'modelLoading'; id: string }
  | { type: 'modelProgress'; id: string; progress: Progress }
  | { type: 'modelReady'; model: ModelInfo; backend: BackendInfo }
  | { type: 'modelFailed'; id: string; message: string }
  | { type: 'backendChanged'; backend: BackendInfo; model: ModelInfo | null }
  | { type: 'engineFallback'; reason: string }
  /** A fresh engine (the page's engine was restarted): nothing is loaded in it, and nothing runs. */
  | { type: 'engineReset' }
  | { type: 'datasetLoading'; forKey: string }
  | { type: 'datasetReady'; dataset: Dataset; forKey: string; ref?: DatasetRef | null }
  | { type: 'datasetFailed'; forKey: string; message: string }
  | { type: 'datasetReview'; pending: PendingDataset }
  | { type: 'datasetReading'; name: string | null }
  | { type: 'reviewClosed' }
  | { type: 'fileRejected'; message: string }
  | { type: 'jobStarted'; keys: string[]; label: string; at: number }
  | { type: 'jobProgress'; keys: string[]; progress: Progress }
  | { type: 'jobDone'; entries: [string, unknown][] }
  | { type: 'jobFailed'; keys: string[]; message: string }
  | { type: 'jobCancelled'; keys: string[] }
  | { type: 'resultsCleared'; keys: string[] }
  | { type: 'requestUmapAllLayers' }
  | { type: 'setEnginePrompt'; text: string }
  | { type: 'warn'; messages: string[] }
  | { type: 'dismissWarning'; index: number }
  | CausalAction;

/** Finished results kept; older ones are dropped first (they are recomputed if needed again). */
export const MAX_RESULTS = 400;
const MAX_WARNINGS = 8;

export function initialState(view: ViewState = defaultViewState()): AppState {
  return {
    view, catalog: null, catalogError: null,
    engine: { backend: null, model: null, loading: null, loadProgress: null, failed: null, error: null, fallback: null },
    dataset: null, datasetFor: null, datasetLoading: null, pending: null, fileError: null, reading: null,
    results: {}, warnings: [], umapAllLayers: false, enginePrompt: null, upload: initialUploadState(), viewSource: 'link',
  };
}

/** A view patch with its knock-on resets: a new model starts on its own first dataset, a new dataset on its labels. */
export function patchView(view: ViewState, patch: Partial<ViewState>): ViewState {
  const next = { ...view, ...patch };
  if (patch.model !== undefined && patch.model !== view.model && patch.dataset === undefined) next.dataset = null;
  if (next.dataset !== view.dataset || next.model !== view.model) {
    if (patch.colourBy === undefined) next.colourBy = null;
    if (patch.selection === undefined) next.selection = [];
  }
  // A selection names points; at position 'all' a point is a token, elsewhere a prompt.
  if ((next.position === 'all') !== (view.position === 'all') && patch.selection === undefined) next.selection = [];
  return next;
}

function withWarnings(state: AppState, messages: readonly string[]): AppState {
  const fresh = [...new Set(messages)].filter((m) => !state.warnings.includes(m));
  return fresh.length === 0 ? state : { ...state, warnings: [...state.warnings, ...fresh].slice(-MAX_WARNINGS) };
}

function setResults(state: AppState, entries: readonly [string, ResultEntry | null][]): AppState {
  const results = { ...state.results };
  for (const [key, entry] of entries) {
    delete results[key];
    if (entry !== null) results[key] = entry;
  }
  const keys = Object.keys(results);
  for (let i = 0; keys.length - i > MAX_RESULTS; i++) if (results[keys[i]].status !== 'running') delete results[keys[i]];
  return { ...state, results };
}

function reduceEngine(state: AppState, action: Action): AppState | null {
  const engine = state.engine;
  switch (action.type) {
    case 'modelLoading':
      return { ...state, engine: { ...engine, loading: action.id, loadProgress: null, failed: null, error: null } };
    case 'modelProgress':
      return engine.loading === action.id ? { ...state, engine: { ...engine, loadProgress: action.progress } } : state;
    case 'modelReady':
      return { ...state, engine: { ...engine, model: action.model, backend: action.backend, loading: null, loadProgress: null, error: null } };
    case 'modelFailed':
      return { ...state, engine: { ...engine, loading: null, loadProgress: null, failed: action.id, error: action.message } };
    case 'backendChanged':
      return { ...state, engine: { ...engine, backend: action.backend, model: action.model ?? engine.model, error: null } };
    case 'engineFallback':
      return { ...state, engine: { ...engine, fallback: action.reason } };
    case 'engineReset': {
      const results = Object.fromEntries(Object.entries(state.results).filter(([, e]) => e.status !== 'running'));
      return { ...state, results, engine: initialState().engine };
    }
    default:
      return null;
  }
}

function reduceDataset(state: AppState, action: Action): AppState | null {
  switch (action.type) {
    case 'datasetLoading':
      return { ...state, datasetLoading: action.forKey };
    case 'datasetReady': {
      const view = action.ref === undefined ? state.view : patchView(state.view, { dataset: action.ref });
      const viewSource = action.ref === undefined ? state.viewSource : 'user';
      return { ...state, view, viewSource, dataset: action.dataset, datasetFor: action.forKey, datasetLoading: null, pending: null, fileError: null };
    }
    case 'datasetFailed':
      return withWarnings({ ...state, datasetFor: action.forKey, datasetLoading: null }, [action.message]);
    case 'datasetReview':
      return { ...state, pending: action.pending, fileError: null };
    case 'reviewClosed':
      return { ...state, pending: null };
    case 'fileRejected':
      return { ...state, fileError: action.message, pending: null };
    case 'datasetReading':
      return { ...state, reading: action.name };
    default:
      return null;
  }
}

function reduceJobs(state: AppState, action: Action): AppState | null {
  switch (action.type) {
    case 'jobStarted':
      return setResults(state, action.keys.map((k) => [k, { status: 'running', label: action.label, progress: null, startedAt: action.at }]));
    case 'jobProgress':
      return setResults(state, action.keys.flatMap((k): [string, ResultEntry][] => {
        const e = state.results[k];
        return e?.status === 'running' ? [[k, { ...e, progress: action.progress }]] : [];
      }));
    case 'jobDone':
      return setResults(state, action.entries.map(([k, value]) => [k, { status: 'done', value }]));
    case 'jobFailed':
      return setResults(state, action.keys.map((k) => [k, { status: 'error', message: action.message }]));
    case 'jobCancelled':
      return setResults(state, action.keys.map((k) => [k, { status: 'cancelled' }]));
    case 'resultsCleared':
      return setResults(state, action.keys.map((k) => [k, null]));
    default:
      return null;
  }
}

export function reduce(state: AppState, action: Action): AppState {
  const handled = reduceEngine(state, action) ?? reduceDataset(state, action) ?? reduceJobs(state, action) ?? reduceCausal(state, action);
  if (handled) return handled;
  switch (action.type) {
    case 'catalogLoaded':
      return { ...state, catalog: action.catalog, catalogError: null };
    case 'catalogFailed':
      return { ...state, catalogError: action.message };
    case 'setView': {
      const view = patchView(state.view, action.patch);
      const umapAllLayers = state.umapAllLayers && view.method === 'umap';
      return { ...state, view, umapAllLayers, viewSource: 'user', engine: view.model !== state.view.model ? { ...state.engine, failed: null } : state.engine };
    }
    case 'replaceView':
      return withWarnings({ ...state, view: action.view, umapAllLayers: false, viewSource: 'link' }, action.warnings);
    case 'fixView':
      return withWarnings({ ...state, view: patchView(state.view, action.patch), viewSource: 'fix' }, action.warnings);
    case 'requestUmapAllLayers':
      return { ...state, umapAllLayers: true };
    case 'setEnginePrompt':
      return { ...state, enginePrompt: action.text };
    case 'warn':
      return withWarnings(state, action.messages);
    case 'dismissWarning':
      return { ...state, warnings: state.warnings.filter((_, i) => i !== action.index) };
    default:
      return state;
  }
}

export interface Store {
  getState(): AppState;
  dispatch(action: Action): void;
  subscribe(listener: () => void): () => void;
}

export function createStore(initial: AppState = initialState()): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reduce(state, action);
      if (next === state) return;
      state = next;
      listeners.forEach((l) => l());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
