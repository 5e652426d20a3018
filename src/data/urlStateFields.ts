// The view state that a link or a session file carries, its defaults, and the field table: for each
// field its key, default, how it is written to JSON and how untrusted JSON is validated back.
import type { Position } from './types';
import { APP_TABS, CAUSAL_DEFAULTS, decodeCausal, encodeCausal, type AppTab, type CausalView } from './urlStateCausal';
import { MAX_PROMPT_ROWS } from './promptFileTypes';
import { bad, boolean, describe, integer, isRecord, nullable, number, ok, oneOf, own, params, position, text, utf8Length, type Decoded, type Validator } from './urlStateValidate';

/** Datasets whose text is at most this many UTF-8 bytes travel inside the link; larger ones by hash. */
export const MAX_INLINE_DATASET_BYTES = 8 * 1024;
/** The most selected prompts a link keeps. */
export const MAX_SELECTION = 10_000;
/** Prompts run at once unless the user changes it. */
export const DEFAULT_MAX_PROMPTS = 2000;

export type DatasetRef =
  | { kind: 'builtin'; id: string }
  /** A small dataset carried whole; `textColumn` records a user's choice of prompt column. */
  | { kind: 'inline'; name: string; text: string; textColumn?: string }
  /** A larger dataset kept in IndexedDB under its SHA-256; `name` and `rows` tell the user which file to drop. */
  | { kind: 'hash'; hash: string; name: string; rows: number; textColumn?: string };

export type Method = 'pca' | 'umap';
export type BackendPreference = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type Theme = 'auto' | 'light' | 'dark';

export interface UmapParams { nNeighbors: number; minDist: number; nEpochs: number; seed: number }
export interface PcaParams { standardize: boolean }
export interface ProbeParams { folds: number; seed: number; C: number }

export interface ViewState {
  /** Model id; '' means the app's default model. */
  model: string;
  /** null means the model's first built-in prompt set. */
  dataset: DatasetRef | null;
  /** Hook site without its layer, e.g. 'hook_resid_post' (checked against the model by the app). */
  site: string;
  /** Block index; negative counts from the last block (-1 is the last). */
  layer: number;
  position: Position;
  method: Method;
  umap: UmapParams;
  pca: PcaParams;
  /** Label column that colours the points; null means the dataset's first label column. */
  colourBy: string | null;
  /** Indices of selected prompts, ascending, without repeats, at most MAX_SELECTION. */
  selection: number[];
  probe: ProbeParams;
  /** The most prompts run at once. */
  maxPrompts: number;
  backend: BackendPreference;
  theme: Theme;
  /** The page's tab: the explorer, the causal tests, or the engine check. */
  tab: AppTab;
  /** The Causal tab's settings. */
  causal: CausalView;
}

const DEFAULTS: ViewState = {
  model: '', dataset: null, site: 'hook_resid_post', layer: -1, position: 'last', method: 'pca',
  umap: { nNeighbors: 15, minDist: 0.1, nEpochs: 200, seed: 0 }, pca: { standardize: false },
  colourBy: null, selection: [], probe: { folds: 5, seed: 0, C: 1 }, maxPrompts: DEFAULT_MAX_PROMPTS,
  backend: 'auto', theme: 'auto', tab: 'explore', causal: CAUSAL_DEFAULTS,
};

/** A fresh copy of the default view (callers may change it freely). */
export function defaultViewState(): ViewState {
  return structuredClone(DEFAULTS);
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const MAX_NAME = 256;
const UINT32 = integer(0, 0xffffffff);

/** The optional user-chosen prompt column of an inline or hash reference. */
function withTextColumn<T extends object>(ref: T, raw: { [key: string]: unknown }): Decoded<T> {
  const column = own(raw, 'textColumn');
  if (column === undefined) return ok(ref);
  const r = text(MAX_NAME)(column);
  return r.ok ? ok({ ...ref, textColumn: r.value }) : bad(`textColumn: ${r.why}`);
}

function datasetRef(raw: unknown): Decoded<DatasetRef> {
  if (!isRecord(raw)) return bad(`expected a dataset reference, found ${describe(raw)}`);
  const kind = own(raw, 'kind');
  const name = text(MAX_NAME)(own(raw, 'name'));
  if (kind === 'builtin') {
    const id = text(128, ID)(own(raw, 'id'));
    return id.ok ? ok({ kind, id: id.value }) : bad(`built-in id: ${id.why}`);
  }
  if (!name.ok) return bad(`dataset name: ${name.why}`);
  if (kind === 'inline') {
    const body = own(raw, 'text');
    if (typeof body !== 'string') return bad(`inline dataset text: expected text, found ${describe(body)}`);
    if (utf8Length(body) > MAX_INLINE_DATASET_BYTES) return bad(`an inline dataset may hold at most ${MAX_INLINE_DATASET_BYTES} bytes`);
    return withTextColumn({ kind, name: name.value, text: body }, raw);
  }
  if (kind === 'hash') {
    const hash = text(64, SHA256)(own(raw, 'hash'));
    const rows = integer(0, MAX_PROMPT_ROWS)(own(raw, 'rows'));
    if (!hash.ok) return bad(`dataset hash: expected 64 hex digits`);
    if (!rows.ok) return bad(`dataset rows: ${rows.why}`);
    return withTextColumn({ kind, hash: hash.value, name: name.value, rows: rows.value }, raw);
  }
  return bad(`expected a dataset of kind builtin, inline or hash, found ${describe(kind)}`);
}

/** A dataset reference rebuilt key by key, so its JSON is the same whatever object it came from. */
function encodeDatasetRef(ref: DatasetRef | null): unknown {
  if (ref === null || ref.kind === 'builtin') return ref && { kind: ref.kind, id: ref.id };
  const column = ref.textColumn === undefined ? {} : { textColumn: ref.textColumn };
  return ref.kind === 'inline'
    ? { kind: ref.kind, name: ref.name, text: ref.text, ...column }
    : { kind: ref.kind, hash: ref.hash, name: ref.name, rows: ref.rows, ...column };
}

/** Sorted, distinct, capped indices. */
export function normaliseSelection(indices: readonly number[]): number[] {
  const valid = indices.filter((i) => Number.isInteger(i) && i >= 0 && i < MAX_PROMPT_ROWS);
  return [...new Set(valid)].sort((a, b) => a - b).slice(0, MAX_SELECTION);
}

/** Selection as runs, e.g. [0,1,2,5,7,8] → "0-2,5,7-8": a brushed region is usually a few runs. */
function encodeSelection(indices: number[]): string {
  const sorted = normaliseSelection(indices);
  const parts: string[] = [];
  for (let k = 0; k < sorted.length; ) {
    let end = k;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
    parts.push(end === k ? String(sorted[k]) : `${sorted[k]}-${sorted[end]}`);
    k = end + 1;
  }
  return parts.join(',');
}

function decodeSelection(raw: unknown): Decoded<number[]> {
  if (typeof raw !== 'string') return bad(`expected runs such as "0-4,9", found ${describe(raw)}`);
  if (raw === '') return ok([]);
  const out: number[] = [];
  for (const part of raw.split(',', MAX_SELECTION + 1)) {
    const m = /^(\d{1,7})(?:-(\d{1,7}))?$/.exec(part);
    const from = m ? Number(m[1]) : NaN;
    const to = m?.[2] === undefined ? from : Number(m[2]);
    if (!(to >= from && to < MAX_PROMPT_ROWS)) return bad(`${describe(part)} is not an index or a run of indices below ${MAX_PROMPT_ROWS}`);
    for (let i = from; i <= to && out.length <= MAX_SELECTION; i++) out.push(i);
  }
  return ok(normaliseSelection(out));
}

export interface Field<K extends keyof ViewState> {
  key: K;
  default: ViewState[K];
  /** The JSON written for the value (must be JSON.stringify-able and deterministic). */
  encode(value: ViewState[K]): unknown;
  /** Validates untrusted JSON into a fresh value. */
  decode(raw: unknown): Decoded<ViewState[K]>;
  /** What the default means, for warnings ("… the default (last layer) is used"). */
  meaning: string;
}
type AnyField = { [K in keyof ViewState]: Field<K> }[keyof ViewState];

const copy = <T>(v: T): unknown => structuredClone(v);

function field<K extends keyof ViewState>(key: K, decode: Validator<ViewState[K]>, meaning: string, encode: (v: ViewState[K]) => unknown = copy): Field<K> {
  return { key, default: DEFAULTS[key], encode, decode, meaning };
}

/** Every field of the view, in the order they are written. */
export const VIEW_FIELDS: readonly AnyField[] = [
  field('model', text(128, /^$|^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/), "the app's default model"),
  field('dataset', nullable(datasetRef), "the model's first prompt set", encodeDatasetRef),
  field('site', text(64, /^[A-Za-z][A-Za-z0-9_.]{0,63}$/), 'hook_resid_post'),
  field('layer', integer(-1024, 1023), 'the last layer'),
  field('position', position, 'the last token'),
  field('method', oneOf(['pca', 'umap'] as const), 'PCA'),
  field('umap', params(DEFAULTS.umap, { nNeighbors: integer(2, 200), minDist: number(0, 1), nEpochs: integer(1, 5000), seed: UINT32 }), 'the default UMAP settings', (v) => ({ nNeighbors: v.nNeighbors, minDist: v.minDist, nEpochs: v.nEpochs, seed: v.seed })),
  field('pca', params(DEFAULTS.pca, { standardize: boolean }), 'the default PCA settings', (v) => ({ standardize: v.standardize })),
  field('colourBy', nullable(text(MAX_NAME)), 'the first label column'),
  field('selection', decodeSelection, 'no selection', encodeSelection),
  field('probe', params(DEFAULTS.probe, { folds: integer(2, 20), seed: UINT32, C: number(1e-6, 1e6) }), 'the default probe settings', (v) => ({ folds: v.folds, seed: v.seed, C: v.C })),
  field('maxPrompts', integer(1, MAX_PROMPT_ROWS), `${DEFAULT_MAX_PROMPTS} prompts at once`),
  field('backend', oneOf(['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const), 'automatic backend choice'),
  field('theme', oneOf(['auto', 'light', 'dark'] as const), 'the system theme'),
  field('tab', oneOf(APP_TABS), 'the Explorer tab'),
  field('causal', decodeCausal, 'the default causal settings', encodeCausal),
];
