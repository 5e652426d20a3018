// Which engine jobs the current view needs, each with the canonical keys its results are stored under
// (a job over several layers fills one key per layer). Pure: actions start the jobs whose keys are missing.
import type { Job } from '../workers/protocol';
import type { AppState } from './store';
import { encodingKey, predictionKey, probeKey, projectionKey, directionsKey } from './keys';
import { planCausal } from './planCausal';
import { activationIdentity, activationSpec, allLayers, contrastPairs, labelColumn, labelsOf, resolveLayer, runRows } from './selectors';
import { viewTokenPoints } from './tokenData';

export interface Need {
  /** Where each part of the result goes; a job is needed while any of its keys has no entry. */
  keys: string[];
  /** What the progress bar calls it. */
  label: string;
  priority: number;
  job: Job;
  /** Splits the job's result into one value per key. */
  unpack(result: unknown): unknown[];
}

const whole = (result: unknown) => [result];
const perLayer = (result: unknown) => (result as { layers: unknown[] }).layers;

/** The Engine panel's prompt: the user's, else the model card's first example, else a plain sentence. */
export function enginePrompt(state: AppState): string {
  if (state.enginePrompt !== null) return state.enginePrompt;
  const card = state.engine.model?.card as { evaluation?: { examples?: unknown[] } } | null | undefined;
  const example = card?.evaluation?.examples?.[0];
  return typeof example === 'string' ? example : 'The quick brown fox jumps over the';
}

function projectionNeeds(state: AppState): Need[] {
  const { view, dataset } = state;
  const model = state.engine.model!;
  const id = activationIdentity(model, state.engine.backend?.chosen, dataset!, view);
  const key = (l: number) => projectionKey(id, l, view.method, view.pca, view.umap);
  const project = (layers: number[]): Job => ({ kind: 'project', data: activationSpec(dataset!, view, layers, model), method: view.method, pca: view.pca, umap: view.umap });
  const chosen = resolveLayer(view.layer, model.nLayers);
  const method = view.method === 'pca' ? 'PCA' : 'UMAP';
  const needs: Need[] = [{ keys: [key(chosen)], label: `${method} of layer ${chosen}`, priority: 3, job: project([chosen]), unpack: perLayer }];
  if (view.method === 'pca' || state.umapAllLayers) {
    // Layers already finished (or failed) drop out; running ones stay, so the job is still wanted.
    const rest = allLayers(model.nLayers).filter((l) => l !== chosen && (state.results[key(l)]?.status ?? 'running') === 'running');
    if (rest.length > 0) needs.push({ keys: rest.map(key), label: `${method} of every layer`, priority: 1, job: project(rest), unpack: perLayer });
  }
  return needs;
}

function analysisNeeds(state: AppState): Need[] {
  const { view, dataset } = state;
  const model = state.engine.model!;
  const id = activationIdentity(model, state.engine.backend?.chosen, dataset!, view);
  const rows = runRows(dataset!, view.maxPrompts).rows;
  const column = labelColumn(view, dataset);
  const spec = activationSpec(dataset!, view, allLayers(model.nLayers), model);
  const needs: Need[] = [];
  const everyToken = view.position === 'all';
  // At position 'all' the labels are per token, so the probe waits for the prompts' tokens.
  const labels = everyToken ? (viewTokenPoints(state)?.labels ?? null) : labelsOf(rows, column);
  if (column !== null && labels !== null) {
    const job: Job = { kind: 'probe', data: spec, labels, folds: view.probe.folds, seed: view.probe.seed, C: view.probe.C };
    needs.push({ keys: [probeKey(id, column, view.probe)], label: `Probes on “${column}”`, priority: 2, job, unpack: whole });
  }
  // Pairs are per prompt; at position 'all' the engine notes that and compares layers only.
  const pairs = everyToken ? [] : contrastPairs(rows, column);
  const job: Job = { kind: 'directions', data: spec, pairs, folds: view.probe.folds, seed: view.probe.seed };
  needs.push({ keys: [directionsKey(id, column, view.probe.folds, view.probe.seed)], label: 'Directions and layer similarity', priority: 0, job, unpack: whole });
  return needs;
}

/** Every job the view needs right now (none until a model and a dataset are loaded). */
export function planJobs(state: AppState): Need[] {
  const model = state.engine.model;
  if (!model || state.engine.loading !== null) return [];
  const text = enginePrompt(state);
  // The Causal tab's jobs (none unless it is open) go first, so the engine starts on what the user looks at.
  const causal = planCausal(state);
  const needs: Need[] = model.tokenizer === null ? [] : [{ keys: [predictionKey(model.id, state.engine.backend?.chosen ?? '', text)], label: 'Next-token prediction', priority: -1, job: { kind: 'predict', text, k: 10 }, unpack: whole }];
  const { dataset, view } = state;
  if (!dataset || dataset.rows.length === 0 || model.tokenizer === null) return [...causal, ...needs];
  const rows = runRows(dataset, view.maxPrompts).rows;
  const id = activationIdentity(model, state.engine.backend?.chosen, dataset, view);
  const encode: Need = { keys: [encodingKey(model.id, id.dataset, view.position)], label: 'Tokenizing prompts', priority: 4, job: { kind: 'encode', prompts: rows.map((r) => r.text), position: view.position }, unpack: whole };
  return [...causal, encode, ...projectionNeeds(state), ...analysisNeeds(state), ...needs];
}
