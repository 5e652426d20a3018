// The built-in models and prompt sets: model ids come from public/models/*/card.json (listed at build
// time), titles from each card, prompt sets from public/datasets/index.json (or the cards' own lists).
import type { Position } from '../data/types';

export interface BuiltinDataset {
  id: string;
  /** Path under the site root, e.g. "datasets/truthworld-speakers.jsonl". */
  file: string;
  model: string;
  description: string;
  labelFields: string[];
  readPosition?: Position;
  rows?: number;
}

export interface ModelEntry {
  id: string;
  title: string;
  description: string;
  datasets: BuiltinDataset[];
}

export interface Catalog {
  models: ModelEntry[];
}

/** Opened when a link names no model: the trained organism when it ships, else the engine's test model. */
export const PREFERRED_MODELS = ['truthworld', 'tiny-gpt2'];

/** Model ids found under public/models/ at build time (only the paths are used; nothing is imported). */
export function bundledModelIds(): string[] {
  const paths = Object.keys(import.meta.glob('/public/models/*/card.json'));
  return paths.map((p) => p.split('/').at(-2)!).filter((id) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id));
}

/** Preferred models first, in PREFERRED_MODELS order, then the rest alphabetically. */
export function orderModelIds(ids: readonly string[]): string[] {
  const rank = (id: string) => {
    const r = PREFERRED_MODELS.indexOf(id);
    return r === -1 ? PREFERRED_MODELS.length : r;
  };
  return [...new Set(ids)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

const text = (v: unknown, fallback: string): string => (typeof v === 'string' && v.trim() !== '' ? v : fallback);

function position(v: unknown): Position | undefined {
  return v === 'last' || v === 'mean' || (typeof v === 'number' && Number.isInteger(v)) ? v : undefined;
}

/** One entry of datasets/index.json or of a card's `datasets`, or null when it is unusable. */
export function readDatasetEntry(raw: unknown, model: string): BuiltinDataset | null {
  if (raw === null || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'string' || typeof r.file !== 'string' || !/\.(jsonl|csv|tsv|txt)$/i.test(r.file) || r.file.includes('..')) return null;
  const file = r.file.startsWith('datasets/') ? r.file : `datasets/${r.file}`;
  const labelFields = Array.isArray(r.labelFields) ? r.labelFields.filter((f): f is string => typeof f === 'string') : [];
  const entry: BuiltinDataset = { id: r.id, file, model: text(r.model, model), description: text(r.description, ''), labelFields };
  const at = position(r.readPosition);
  if (at !== undefined) entry.readPosition = at;
  if (typeof r.rows === 'number') entry.rows = r.rows;
  return entry;
}

/** The catalog from each model's card and the shared dataset index (either may be missing). */
export function buildCatalog(ids: readonly string[], cards: ReadonlyMap<string, unknown>, index: unknown): Catalog {
  const indexed = Array.isArray(index) ? index.map((e) => readDatasetEntry(e, '')).filter((e): e is BuiltinDataset => e !== null) : [];
  const models = orderModelIds(ids).map((id): ModelEntry => {
    const card = (cards.get(id) ?? {}) as Record<string, unknown>;
    const fromIndex = indexed.filter((d) => d.model === id);
    const fromCard = Array.isArray(card.datasets) ? card.datasets.map((e) => readDatasetEntry(e, id)).filter((e): e is BuiltinDataset => e !== null) : [];
    return { id, title: text(card.title, id), description: text(card.description, ''), datasets: fromIndex.length > 0 ? fromIndex : fromCard };
  });
  return { models };
}

/** The model a view's id names: itself when built in (or already loaded from disk), else the default. */
export function defaultModelId(catalog: Catalog): string | null {
  return catalog.models[0]?.id ?? null;
}

/** A JSON file from the site, or undefined when it is absent (dev servers answer a missing file with HTML). */
export async function fetchOptionalJson(url: string): Promise<unknown> {
  try {
    const res = await fetch(url);
    if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return undefined;
    return await res.json();
  } catch {
    return undefined;
  }
}

export async function loadCatalog(base: string): Promise<Catalog> {
  const ids = bundledModelIds();
  const cards = new Map<string, unknown>();
  await Promise.all(ids.map(async (id) => cards.set(id, await fetchOptionalJson(`${base}models/${encodeURIComponent(id)}/card.json`))));
  const present = ids.filter((id) => cards.get(id) !== undefined);
  return buildCatalog(present, cards, await fetchOptionalJson(`${base}datasets/index.json`));
}
