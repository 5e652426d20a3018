// Datasets: parsed prompt files given an identity (content hash) and a source, label helpers for
// colouring and probes, and the IndexedDB store that lets a link name a large dataset by its hash.
import { createStore, get, set } from 'idb-keyval';
import type { Dataset, DatasetSource, Position, PromptRow } from './types';
import { sha256Text } from './hash';
import { isNumericText } from './promptFileColumns';
import { formatCount, quoted } from './promptFileTypes';
import type { ParsedPromptFile } from './promptFile';

/**
 * The identity of a prompt file's text: SHA-256 of its UTF-8 bytes, 64 hex digits. Synchronous, so it
 * works in workers. Two different files share a hash with probability about n²/2²⁵⁷ among n files (for a
 * billion files, under 1 in 10⁵⁹), and no one knows how to make a collision on purpose, so a hash in a link
 * can only ever open the file it was made from.
 */
export function contentHash(text: string): string {
  return sha256Text(text);
}

export interface DatasetOrigin {
  /** Shown to the user: the file name or the set's title. */
  name: string;
  source: DatasetSource;
  /** The exact text that was parsed (the hash is taken over it). */
  text: string;
  /** For built-in sets: their id, which becomes `builtin:<id>`. */
  builtinId?: string;
  readPosition?: Position;
  /** `contentHash(text)` when already known (taken off the page's thread); else it is computed here. */
  contentHash?: string;
}

/** A dataset from a parse the user accepted (rows with errors were already left out by the parser). */
export function datasetFromParsed(parsed: ParsedPromptFile, origin: DatasetOrigin): Dataset {
  const contentHashHex = origin.contentHash ?? contentHash(origin.text);
  const dataset: Dataset = {
    id: origin.builtinId !== undefined ? `builtin:${origin.builtinId}` : `sha256:${contentHashHex}`,
    name: origin.name,
    source: origin.source,
    rows: parsed.rows,
    textColumn: parsed.textColumn,
    labelColumns: [...parsed.labelColumns],
    contentHash: contentHashHex,
    text: origin.text,
  };
  if (origin.readPosition !== undefined) dataset.readPosition = origin.readPosition;
  return dataset;
}

/** Each row's value in `column` (undefined where the row has none). */
export function labelValues(rows: readonly PromptRow[], column: string): (string | undefined)[] {
  return rows.map((r) => r.labels.get(column));
}

export interface LabelCount {
  value: string;
  count: number;
}

/**
 * The distinct values of `column` with how often each occurs: numerically ascending for numeric
 * columns, else most frequent first (ties in text order), so colours and legends are stable.
 */
export function distinctLabels(rows: readonly PromptRow[], column: string): LabelCount[] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const v = r.labels.get(column);
    if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const list = [...counts].map(([value, count]) => ({ value, count }));
  if (isNumericText(counts.keys())) return list.sort((a, b) => Number(a.value) - Number(b.value));
  return list.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** True when every present value of `column` is a number, so it can be coloured by a scale or regressed on. */
export function isNumericLabel(rows: readonly PromptRow[], column: string): boolean {
  return isNumericText(labelValues(rows, column));
}

/** The values of a numeric column as numbers, NaN where a row has none or it is not a number. */
export function numericLabels(rows: readonly PromptRow[], column: string): Float64Array {
  const out = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    const v = r.labels.get(column);
    out[i] = v === undefined || v.trim() === '' ? NaN : Number(v);
  });
  return out;
}

/**
 * Class indices for a label column (index into `distinctLabels`), -1 where a row has no value: the
 * form probes take. `classes` lists the values in index order.
 */
export function labelClasses(rows: readonly PromptRow[], column: string): { classes: string[]; indices: Int32Array } {
  const classes = distinctLabels(rows, column).map((c) => c.value);
  const index = new Map(classes.map((v, k) => [v, k]));
  const indices = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    const v = r.labels.get(column);
    indices[i] = v === undefined ? -1 : (index.get(v) ?? -1);
  });
  return { classes, indices };
}

/** The first `max` prompts, as the run cap takes them (the UI states the cap when it applies). */
export function promptsToRun(dataset: Dataset, max: number): { rows: PromptRow[]; capped: boolean } {
  const n = Math.max(0, Math.floor(max));
  return { rows: dataset.rows.slice(0, n), capped: dataset.rows.length > n };
}

/** A dropped dataset's text kept in the browser under its content hash. */
export interface StoredDataset {
  hash: string;
  name: string;
  text: string;
}

export interface DatasetStore {
  get(hash: string): Promise<unknown>;
  put(entry: StoredDataset): Promise<void>;
}

/** A store in memory, for tests and for browsers where IndexedDB is unavailable. */
export function memoryDatasetStore(): DatasetStore {
  const entries = new Map<string, StoredDataset>();
  return {
    get: async (hash) => entries.get(hash),
    put: async (entry) => void entries.set(entry.hash, { ...entry }),
  };
}

/** The IndexedDB store (database "repscope", object store "datasets"), opened on first use. */
export function indexedDbDatasetStore(): DatasetStore {
  let store: ReturnType<typeof createStore> | null = null;
  const open = (): ReturnType<typeof createStore> => (store ??= createStore('repscope', 'datasets'));
  return {
    get: (hash) => get(hash, open()),
    put: (entry) => set(entry.hash, { hash: entry.hash, name: entry.name, text: entry.text }, open()),
  };
}

export interface LinkedDatasetRef {
  hash: string;
  name: string;
  /** Prompt count when the link was made; 0 when unknown. */
  rows: number;
}

export type LinkedDataset = { ok: true; name: string; text: string } | { ok: false; message: string };

/** What to tell the user when a link's dataset is not in this browser: which file to drop. */
export function missingDatasetMessage(ref: LinkedDatasetRef): string {
  const count = ref.rows > 0 ? ` (${formatCount(ref.rows)} prompts)` : '';
  return `This link uses the dataset ${quoted(ref.name, 120)}${count}, which is not stored in this browser; drop that file on the page to open the view with it`;
}

/**
 * The text a link's hash reference points to, from the store. What the store returns is checked (shape
 * and hash), since another version of the app, or a damaged database, may have written it. With
 * `checkHash` false the caller checks the hash itself (the page does, in its parse worker).
 */
export async function loadLinkedDataset(ref: LinkedDatasetRef, store: DatasetStore, checkHash = true): Promise<LinkedDataset> {
  let entry: unknown;
  try {
    entry = await store.get(ref.hash);
  } catch {
    return { ok: false, message: `${missingDatasetMessage(ref)} (this browser does not allow stored data here)` };
  }
  const e = entry as Partial<StoredDataset> | undefined;
  if (typeof e?.text !== 'string' || typeof e.name !== 'string' || (checkHash && contentHash(e.text) !== ref.hash)) return { ok: false, message: missingDatasetMessage(ref) };
  return { ok: true, name: e.name, text: e.text };
}

/** Null when a dropped file is the one a link refers to, else a message saying it is a different file. */
export function checkLinkedDataset(ref: LinkedDatasetRef, text: string, droppedName: string): string | null {
  if (contentHash(text) === ref.hash) return null;
  return `${quoted(droppedName, 120)} is not the file this link was made with (its contents differ from ${quoted(ref.name, 120)}); drop the original file, or keep it to explore it without the link's view`;
}
