// Pure reads of the store: which model and layer a view means, the rows that run, the label column,
// contrast pairs, and the activation spec and identity that results are keyed by.
import type { Dataset, PromptRow } from '../data/types';
import type { ViewState } from '../data/urlState';
import { promptsToRun } from '../data/dataset';
import { isTokenColouring } from '../data/tokenLabels';
import { TOKEN_ROW_CAP } from '../data/tokenRows';
import { ACTIVATION_CACHE_BYTES } from '../workers/session';
import type { ActivationSpec, ModelInfo } from '../workers/protocol';
import type { Catalog } from './catalog';
import { datasetKey, type ActivationIdentity } from './keys';

/** The model a view names: its own id when built in or loaded from disk, the catalog's default for ''. */
export function resolveModelId(view: ViewState, catalog: Catalog, loaded: ModelInfo | null): string | null {
  if (view.model === '') return catalog.models[0]?.id ?? null;
  if (catalog.models.some((m) => m.id === view.model) || loaded?.id === view.model) return view.model;
  return null;
}

/** The block a view's layer means: negative counts from the last; out of range is clamped. */
export function resolveLayer(layer: number, nLayers: number): number {
  const l = layer < 0 ? nLayers + layer : layer;
  return Math.min(Math.max(0, l), Math.max(0, nLayers - 1));
}

export function allLayers(nLayers: number): number[] {
  return Array.from({ length: nLayers }, (_, l) => l);
}

/**
 * The label column that colours points and trains probes: the view's choice when the dataset has it, or
 * at position 'all' a built-in token colouring (token text, token position).
 */
export function labelColumn(view: ViewState, dataset: Dataset | null): string | null {
  if (!dataset) return null;
  if (view.colourBy !== null && dataset.labelColumns.includes(view.colourBy)) return view.colourBy;
  if (view.position === 'all' && isTokenColouring(view.colourBy)) return view.colourBy;
  return dataset.labelColumns[0] ?? null;
}

export function runRows(dataset: Dataset, maxPrompts: number): { rows: PromptRow[]; capped: boolean } {
  return promptsToRun(dataset, maxPrompts);
}

/** `backend` is the one in use (state.engine.backend?.chosen), so a backend switch computes afresh. */
export function activationIdentity(model: ModelInfo, backend: string | null | undefined, dataset: Dataset, view: ViewState): ActivationIdentity {
  const n = runRows(dataset, view.maxPrompts).rows.length;
  return { model: model.id, backend: backend ?? '', dataset: datasetKey(dataset, n), site: view.site, position: view.position };
}

/**
 * The most token rows position 'all' reads: TOKEN_ROW_CAP, or fewer where every layer's matrix of this
 * site would not fit in the engine's activation cache together (probes and directions read all layers).
 */
export function tokenCapFor(model: Pick<ModelInfo, 'nLayers' | 'dModel' | 'nHeads' | 'dHead' | 'dMlp'>, site: string): number {
  const cols = site.startsWith('attn.hook_') ? model.nHeads * model.dHead : site.startsWith('mlp.hook_') ? model.dMlp : model.dModel;
  return Math.max(1, Math.min(TOKEN_ROW_CAP, Math.floor(ACTIVATION_CACHE_BYTES / (4 * cols * Math.max(1, model.nLayers)))));
}

export function activationSpec(dataset: Dataset, view: ViewState, layers: number[], model: ModelInfo): ActivationSpec {
  const rows = runRows(dataset, view.maxPrompts).rows;
  const spec: ActivationSpec = { datasetKey: datasetKey(dataset, rows.length), prompts: rows.map((r) => r.text), site: view.site, position: view.position, layers };
  return view.position === 'all' ? { ...spec, tokenCap: tokenCapFor(model, view.site) } : spec;
}

/** Each row's value in `column`, null where it has none. */
export function labelsOf(rows: readonly PromptRow[], column: string | null): (string | null)[] {
  return rows.map((r) => (column === null ? null : (r.labels.get(column) ?? null)));
}

/** Label values read as "this is the positive side" when a pair has no explicit roles. */
export const POSITIVE_WORDS = new Set(['true', 'yes', 'honest', 'positive', 'pos', 'correct', 'truthful', '1']);

/** Which member of a two-row pair is positive: its role, else a positive-sounding label, else null. */
function orient(a: number, b: number, rows: readonly PromptRow[], column: string | null): [number, number] | null {
  const ra = rows[a].role, rb = rows[b].role;
  if (ra !== undefined && rb !== undefined && ra !== rb) return ra === 'positive' ? [a, b] : [b, a];
  if (column === null) return null;
  const la = rows[a].labels.get(column), lb = rows[b].labels.get(column);
  if (la === undefined || lb === undefined || la === lb) return null;
  const pa = POSITIVE_WORDS.has(la.trim().toLowerCase()), pb = POSITIVE_WORDS.has(lb.trim().toLowerCase());
  if (pa === pb) return null;
  return pa ? [a, b] : [b, a];
}

/** Contrast pairs [positive, negative] among the rows that run: rows sharing a pair id, two per pair. */
export function contrastPairs(rows: readonly PromptRow[], column: string | null): [number, number][] {
  const members = new Map<string, number[]>();
  rows.forEach((r, i) => {
    if (r.pair === undefined) return;
    const list = members.get(r.pair);
    if (list) list.push(i);
    else members.set(r.pair, [i]);
  });
  const pairs: [number, number][] = [];
  for (const list of members.values()) {
    if (list.length !== 2) continue;
    const p = orient(list[0], list[1], rows, column);
    if (p) pairs.push(p);
  }
  return pairs;
}

export function parameterText(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)}k`;
  return String(n);
}
