// Canonical keys of heavy results: a stable string of everything a result depends on (model, backend,
// dataset hash and run cap, site, position, layer, method, options, seed), so equal inputs share one entry.
import type { Dataset, Position } from '../data/types';
import type { DatasetRef, PcaParams, ProbeParams, UmapParams } from '../data/urlState';

/** JSON with object keys sorted at every level, so key order never changes the string. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/** The prompts that run: the dataset's content, the prompt column chosen, and how many rows the cap lets through. */
export function datasetKey(dataset: Pick<Dataset, 'contentHash' | 'textColumn'>, rows: number): string {
  return `${dataset.contentHash}:${dataset.textColumn ?? ''}:${rows}`;
}

/** What every activation-derived result depends on. */
export interface ActivationIdentity {
  model: string;
  /** The backend that ran the forward pass (its numbers differ by rounding); '' before one is chosen. */
  backend: string;
  dataset: string;
  site: string;
  position: Position;
}

export function projectionKey(a: ActivationIdentity, layer: number, method: 'pca' | 'umap', pca: PcaParams, umap: UmapParams): string {
  return canonical({ kind: 'projection', ...a, layer, method, options: method === 'pca' ? pca : umap });
}

export function probeKey(a: ActivationIdentity, labelColumn: string, probe: ProbeParams): string {
  return canonical({ kind: 'probe', ...a, labelColumn, options: probe });
}

/** Directions depend on the pairs, which come from the dataset and the label column that orients them. */
export function directionsKey(a: ActivationIdentity, labelColumn: string | null, folds: number, seed: number): string {
  return canonical({ kind: 'directions', ...a, labelColumn, options: { folds, seed } });
}

export function encodingKey(model: string, dataset: string, position: Position): string {
  return canonical({ kind: 'encoding', model, dataset, position });
}

/** Keyed by backend too: the Engine panel is where a user checks one backend against another. */
export function predictionKey(model: string, backend: string, text: string): string {
  return canonical({ kind: 'prediction', model, backend, text });
}

/** Which dataset a view's reference asks for; null means the model's first built-in set. */
export function datasetRefKey(ref: DatasetRef | null, modelId: string): string {
  if (ref === null) return canonical({ kind: 'default', model: modelId });
  if (ref.kind === 'builtin') return canonical({ kind: 'builtin', id: ref.id });
  const hash = ref.kind === 'hash' ? ref.hash : null;
  return canonical({ kind: ref.kind, name: ref.name, hash, text: ref.kind === 'inline' ? ref.text : null, textColumn: ref.textColumn ?? null });
}
