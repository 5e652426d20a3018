// Getting prompts into the store: dropped or picked files (binary sniffing, size cap), pasted text,
// session files, built-in sets and the datasets a link refers to. A parse with errors waits for the
// user's acceptance; the current dataset stays until then.
import { datasetFromParsed, loadLinkedDataset, type DatasetStore } from '../data/dataset';
import { decodePromptBytes, parsePromptFile, type ParsedPromptFile } from '../data/promptFile';
import type { DatasetSource, Position } from '../data/types';
import { datasetRefFor, type DatasetRef } from '../data/urlState';
import type { SessionFile } from '../data/sessionFile';
import type { Catalog } from './catalog';
import { DEMO_DATASET_NAME, demoDatasetText } from './demoDataset';
import { datasetRefKey } from './keys';
import type { Store } from './store';
import { markTimeline } from './timeline';

export interface DatasetEnv {
  store: Store;
  datasets: DatasetStore;
  /** Site root for built-in files, e.g. "/" (Vite's BASE_URL). */
  base: string;
}

interface Origin {
  name: string;
  source: DatasetSource;
  text: string;
  builtinId?: string;
  readPosition?: Position;
  /** The label columns a built-in set's author lists (others stay in the rows, unoffered). */
  labelFields?: string[];
}

/**
 * Makes a parse the current dataset. With `forKey` it answers a view's reference (the view stays); without,
 * the view's reference becomes this text (inline when small, else by hash with the text kept in IndexedDB).
 */
function accept(env: DatasetEnv, parsed: ParsedPromptFile, origin: Origin, forKey: string | null, textColumn?: string): void {
  const dataset = datasetFromParsed(parsed, origin);
  if (forKey !== null) {
    env.store.dispatch({ type: 'datasetReady', dataset, forKey });
    return;
  }
  const ref = datasetRefFor(origin.name, origin.text, parsed.rows.length, textColumn);
  if (ref.kind === 'hash') void env.datasets.put({ hash: ref.hash, name: origin.name, text: origin.text }).catch(() => undefined);
  const model = env.store.getState().view.model;
  env.store.dispatch({ type: 'datasetReady', dataset, forKey: datasetRefKey(ref, model), ref });
}

/** A user's text (dropped, picked or pasted): a session restores, errors wait for review, else it loads. */
export function openText(env: DatasetEnv, text: string, name: string, source: DatasetSource): void {
  const parsed = parsePromptFile(text, name);
  if (parsed.format === 'session' && parsed.session) return restoreSession(env, parsed.session, parsed.warnings);
  if (parsed.errorCount > 0 || parsed.rows.length === 0) {
    env.store.dispatch({ type: 'datasetReview', pending: { parsed, name, source, text } });
    return;
  }
  if (parsed.warnings.length > 0) env.store.dispatch({ type: 'warn', messages: parsed.warnings.map((w) => `${name}: ${w}`) });
  accept(env, parsed, { name, source, text }, null);
}

export async function openFile(env: DatasetEnv, file: File): Promise<void> {
  const decoded = decodePromptBytes(new Uint8Array(await file.arrayBuffer()), file.name);
  if (!decoded.ok) {
    env.store.dispatch({ type: 'fileRejected', message: decoded.error });
    return;
  }
  openText(env, decoded.text, file.name, 'file');
}

/** Uses the readable rows of the parse awaiting review. */
export function acceptPending(env: DatasetEnv): void {
  const pending = env.store.getState().pending;
  if (!pending || pending.parsed.rows.length === 0) return;
  accept(env, pending.parsed, pending, null);
}

/** Re-reads the current dataset with another prompt column. */
export function chooseTextColumn(env: DatasetEnv, column: string): void {
  const dataset = env.store.getState().dataset;
  if (!dataset) return;
  const parsed = parsePromptFile(dataset.text, dataset.name, { textColumn: column });
  if (parsed.errorCount > 0 || parsed.rows.length === 0) {
    env.store.dispatch({ type: 'datasetReview', pending: { parsed, name: dataset.name, source: dataset.source, text: dataset.text } });
    return;
  }
  accept(env, parsed, { name: dataset.name, source: dataset.source, text: dataset.text }, null, column);
}

function restoreSession(env: DatasetEnv, session: SessionFile, warnings: string[]): void {
  env.store.dispatch({ type: 'replaceView', view: session.state, warnings });
  if (!session.dataset) return;
  const column = session.state.dataset?.kind === 'builtin' ? undefined : session.state.dataset?.textColumn;
  const parsed = parsePromptFile(session.dataset.text, session.dataset.name, column === undefined ? {} : { textColumn: column });
  accept(env, parsed, { name: session.dataset.name, source: 'file', text: session.dataset.text }, null, column);
}

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not fetch ${url} (HTTP ${res.status})`);
  return res.text();
}

/** Loads the dataset a view's reference names, for model `modelId`. */
export async function loadRef(env: DatasetEnv, ref: DatasetRef | null, modelId: string, catalog: Catalog): Promise<void> {
  const forKey = datasetRefKey(ref, modelId);
  env.store.dispatch({ type: 'datasetLoading', forKey });
  markTimeline('dataset fetch');
  try {
    const origin = await refOrigin(env, ref, modelId, catalog);
    const column = ref !== null && ref.kind !== 'builtin' ? ref.textColumn : undefined;
    const parsed = parseOrigin(origin, column);
    if (parsed.rows.length === 0) throw new Error(`${origin.name} holds no readable prompts (${parsed.errors[0]?.message ?? 'it is empty'})`);
    accept(env, parsed, origin, forKey);
    markTimeline('dataset ready');
  } catch (error) {
    env.store.dispatch({ type: 'datasetFailed', forKey, message: error instanceof Error ? error.message : String(error) });
  }
}

/** Parses with the author's label columns when they exist in the file, else with the detected ones. */
function parseOrigin(origin: Origin, textColumn: string | undefined): ParsedPromptFile {
  const base = textColumn === undefined ? {} : { textColumn };
  if (origin.labelFields && origin.labelFields.length > 0) {
    const parsed = parsePromptFile(origin.text, origin.name, { ...base, labelColumns: origin.labelFields });
    if (parsed.errorCount === 0) return parsed;
  }
  return parsePromptFile(origin.text, origin.name, base);
}

async function refOrigin(env: DatasetEnv, ref: DatasetRef | null, modelId: string, catalog: Catalog): Promise<Origin> {
  if (ref === null || ref.kind === 'builtin') {
    const sets = catalog.models.flatMap((m) => m.datasets);
    const entry = ref === null ? catalog.models.find((m) => m.id === modelId)?.datasets[0] : sets.find((d) => d.id === ref.id);
    if (entry) {
      const text = await fetchText(env.base + entry.file);
      return { name: entry.file.split('/').at(-1)!, source: 'builtin', text, builtinId: entry.id, readPosition: entry.readPosition, labelFields: entry.labelFields };
    }
    if (ref !== null) throw new Error(`The link's dataset "${ref.id}" is not built into this version; drop the file, or pick another model`);
    return { name: DEMO_DATASET_NAME, source: 'builtin', text: demoDatasetText(), builtinId: 'demo' };
  }
  if (ref.kind === 'inline') return { name: ref.name, source: 'url', text: ref.text };
  const linked = await loadLinkedDataset(ref, env.datasets);
  if (!linked.ok) throw new Error(linked.message);
  return { name: linked.name, source: 'url', text: linked.text };
}
