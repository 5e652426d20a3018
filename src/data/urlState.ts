// The link codec: the view as `v1.` + base64url(DEFLATE(JSON of the fields that differ from their
// defaults)). Decoding caps sizes before each step and rebuilds the state field by field from defaults.
import { sha256Text } from './hash';
import { deflate, fromBase64Url, inflateCapped, toBase64Url } from './urlStateCompress';
import { MAX_INLINE_DATASET_BYTES, VIEW_FIELDS, defaultViewState, type DatasetRef, type ViewState } from './urlStateFields';
import { describe, isRecord, nestsDeeperThan, own, utf8Length } from './urlStateValidate';

export * from './urlStateFields';
export * from './urlStateCausal';

export const VIEW_STATE_VERSION = 1;
/** Longest fragment read at all; checked before decoding or inflating anything. */
export const MAX_FRAGMENT_CHARS = 64 * 1024;
/** Largest inflated JSON accepted. */
export const MAX_STATE_JSON_BYTES = 1024 * 1024;
/** Deepest JSON nesting accepted (the real state nests three levels). */
const MAX_DEPTH = 16;
/** Unknown keys named in warnings, at most. */
const MAX_UNKNOWN_LISTED = 5;
const COPY_AGAIN = 'copy the whole link again';

export interface DecodedViewState {
  state: ViewState;
  /** Why some or all of the link was not used; empty when it was read whole. */
  warnings: string[];
}

/** The hash and UTF-8 size of a text, when already known (the page takes them in its parse worker). */
export interface KnownText {
  contentHash: string;
  utf8Bytes: number;
}

/** A reference the link can carry for a dataset: whole when small, else by content hash. */
export function datasetRefFor(name: string, text: string, rows: number, textColumn?: string, known?: KnownText): DatasetRef {
  const column = textColumn === undefined ? {} : { textColumn };
  if ((known?.utf8Bytes ?? utf8Length(text)) <= MAX_INLINE_DATASET_BYTES) return { kind: 'inline', name, text, ...column };
  return { kind: 'hash', hash: known?.contentHash ?? sha256Text(text), name, rows, ...column };
}

type AnyEncode = (v: unknown) => unknown;
/** Each field's default as written, to tell which fields may be left out. */
const DEFAULT_JSON = new Map(VIEW_FIELDS.map((f) => [f.key, JSON.stringify((f.encode as AnyEncode)(f.default))]));

/** The JSON object of the fields of `state` that differ from their defaults (all of them with `all`). */
export function encodeStateObject(state: ViewState, all = false): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  for (const f of VIEW_FIELDS) {
    const value = (f.encode as AnyEncode)(state[f.key]);
    if (all || JSON.stringify(value) !== DEFAULT_JSON.get(f.key)) out[f.key] = value;
  }
  return out;
}

/** An inline dataset too large for a link becomes a hash reference (0 rows: not counted here). */
function linkableDataset(ref: DatasetRef | null): DatasetRef | null {
  if (ref?.kind !== 'inline' || utf8Length(ref.text) <= MAX_INLINE_DATASET_BYTES) return ref;
  const column = ref.textColumn === undefined ? {} : { textColumn: ref.textColumn };
  return { kind: 'hash', hash: sha256Text(ref.text), name: ref.name, rows: 0, ...column };
}

/** A fresh state from untrusted JSON: each known field validated, anything else reported and dropped. */
export function decodeStateObject(raw: unknown, where = 'The link'): DecodedViewState {
  const state = defaultViewState();
  if (!isRecord(raw)) return { state, warnings: [`${where} holds ${describe(raw)} instead of a view; the default view is shown`] };
  const warnings: string[] = [];
  const writable = state as unknown as { [key: string]: unknown };
  for (const f of VIEW_FIELDS) {
    const value = own(raw, f.key);
    if (value === undefined) continue;
    const r = f.decode(value);
    if (r.ok) writable[f.key] = r.value;
    else warnings.push(`${where} has an unusable ${f.key} (${r.why}); using ${f.meaning} instead`);
  }
  const known = new Set<string>(VIEW_FIELDS.map((f) => f.key));
  const unknown = Object.keys(raw).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    const listed = unknown.slice(0, MAX_UNKNOWN_LISTED).map((k) => describe(k)).join(', ');
    const more = unknown.length > MAX_UNKNOWN_LISTED ? ` and ${unknown.length - MAX_UNKNOWN_LISTED} more` : '';
    warnings.push(`${where} has settings this version does not know (${listed}${more}); they were ignored`);
  }
  return { state, warnings };
}

/** The fragment for `state` (without '#'); '' when every field is at its default. */
export function encodeViewState(state: ViewState): string {
  const object = encodeStateObject({ ...state, dataset: linkableDataset(state.dataset) });
  if (Object.keys(object).length === 0) return '';
  return `v${VIEW_STATE_VERSION}.${toBase64Url(deflate(new TextEncoder().encode(JSON.stringify(object))))}`;
}

/** The JSON text inside a fragment, or the reason it cannot be read. */
function fragmentJson(fragment: string): { json: string } | { why: string; fix?: string } {
  if (fragment.length > MAX_FRAGMENT_CHARS) return { why: `is too long (${fragment.length} characters; the most is ${MAX_FRAGMENT_CHARS})`, fix: COPY_AGAIN };
  const m = /^v(\d{1,6})\.([A-Za-z0-9_-]*)$/.exec(fragment);
  if (!m) return { why: `is not a Repscope view (it should start with v${VIEW_STATE_VERSION}.)`, fix: COPY_AGAIN };
  if (Number(m[1]) !== VIEW_STATE_VERSION) return { why: `was made for view format v${Number(m[1])} and this version reads v${VIEW_STATE_VERSION}`, fix: 'open it in a matching version of Repscope' };
  const bytes = fromBase64Url(m[2]);
  if (bytes === null) return { why: 'is damaged (it is not base64url text)', fix: COPY_AGAIN };
  const inflated = inflateCapped(bytes, MAX_STATE_JSON_BYTES);
  if (!inflated.ok) {
    if (inflated.reason === 'too-large') return { why: `expands past ${MAX_STATE_JSON_BYTES} bytes, far more than any view Repscope writes` };
    return { why: 'is damaged (it does not decompress)', fix: COPY_AGAIN };
  }
  try {
    return { json: new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes) };
  } catch {
    return { why: 'is damaged (it is not UTF-8 text)', fix: COPY_AGAIN };
  }
}

/** Reads a fragment (with or without '#'); never throws, and falls back to defaults with warnings. */
export function decodeViewState(fragment: string): DecodedViewState {
  const body = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (body === '') return { state: defaultViewState(), warnings: [] };
  const got = fragmentJson(body);
  if ('why' in got) return { state: defaultViewState(), warnings: [`The link's view ${got.why}, so the default view is shown${got.fix ? `; ${got.fix}` : ''}.`] };
  if (nestsDeeperThan(got.json, MAX_DEPTH)) return { state: defaultViewState(), warnings: [`The link's view nests too deeply to be a view, so the default view is shown; ${COPY_AGAIN}.`] };
  let raw: unknown;
  try {
    raw = JSON.parse(got.json);
  } catch {
    return { state: defaultViewState(), warnings: [`The link's view is damaged (it is not JSON), so the default view is shown; ${COPY_AGAIN}.`] };
  }
  return decodeStateObject(raw);
}
