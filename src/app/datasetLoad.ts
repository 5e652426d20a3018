// Getting prompts into the store: dropped or picked files (binary sniffing, size cap), pasted text,
// session files, built-in sets and the datasets a link refers to. Texts are parsed and hashed by the
// parse worker, so a large file never blocks the page. A parse with errors waits for the user's
// acceptance; the current dataset stays until then.
import { datasetFromParsed, loadLinkedDataset, missingDatasetMessage, type DatasetStore } from '../data/dataset';
import { checkPromptFileSize, type ParsedPromptFile } from '../data/promptFile';
import type { DatasetSource, Position } from '../data/types';
import { datasetRefFor, type DatasetRef, type KnownText } from '../data/urlState';
import type { PromptParser } from '../workers/parseClient';
import type { ParseInput, ParseOutcome } from '../workers/parseJob';
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
  /** Reads prompt files: in a worker, or on this thread where workers cannot start. */
  parser: PromptParser;
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
function accept(env: DatasetEnv, parsed: ParsedPromptFile, origin: Origin, forKey: string | null, textColumn?: string, known?: KnownText): void {
  const dataset = datasetFromParsed(parsed, known ? { ...origin, contentHash: known.contentHash } : origin);
  if (forKey !== null) {
    env.store.dispatch({ type: 'datasetReady', dataset, forKey });
    return;
  }
  const ref = datasetRefFor(origin.name, origin.text, parsed.rows.length, textColumn, known);
  if (ref.kind === 'hash') void env.datasets.put({ hash: ref.hash, name: origin.name, text: origin.text }).catch(() => undefined);
  const model = env.store.getState().view.model;
  env.store.dispatch({ type: 'datasetReady', dataset, forKey: datasetRefKey(ref, model), ref });
}

/** The latest user read (drop, paste, column choice) per env: an older one that finishes later is dropped. */
const latestRead = new WeakMap<DatasetEnv, number>();

/** A user's read, or null when a newer one started meanwhile; a failed worker shows as a refused file. */
async function readLatest(env: DatasetEnv, input: ParseInput): Promise<ParseOutcome | null> {
  const n = (latestRead.get(env) ?? 0) + 1;
  latestRead.set(env, n);
  env.store.dispatch({ type: 'datasetReading', name: input.name });
  let outcome: ParseOutcome;
  try {
    outcome = await env.parser.parse(input);
  } catch (error) {
    outcome = { kind: 'rejected', error: error instanceof Error ? error.message : String(error) };
  }
  if (latestRead.get(env) !== n) return null;
  env.store.dispatch({ type: 'datasetReading', name: null });
  return outcome;
}

/** A user's text read: a session restores, a refusal or errors are shown, else it loads. */
function applyRead(env: DatasetEnv, outcome: ParseOutcome, origin: Origin, textColumn?: string): void {
  if (outcome.kind === 'rejected') return env.store.dispatch({ type: 'fileRejected', message: outcome.error });
  if (outcome.kind === 'session') return restoreSession(env, outcome);
  const { parsed, contentHash, utf8Bytes } = outcome.read;
  const known = { contentHash, utf8Bytes };
  if (parsed.errorCount > 0 || parsed.rows.length === 0) {
    env.store.dispatch({ type: 'datasetReview', pending: { parsed, name: origin.name, source: origin.source, text: origin.text, known } });
    return;
  }
  if (parsed.warnings.length > 0) env.store.dispatch({ type: 'warn', messages: parsed.warnings.map((w) => `${origin.name}: ${w}`) });
  accept(env, parsed, origin, null, textColumn, known);
}

/** A user's text (pasted): read off the page, then as `applyRead`. */
export async function openText(env: DatasetEnv, text: string, name: string, source: DatasetSource): Promise<void> {
  const outcome = await readLatest(env, { kind: 'text', name, text });
  if (outcome) applyRead(env, outcome, { name, source, text });
}

/** A dropped or picked file: its bytes move to the parse worker, which decodes, sniffs, parses and hashes. */
export async function openFile(env: DatasetEnv, file: File): Promise<void> {
  const tooLarge = checkPromptFileSize(file.size, file.name);
  if (tooLarge !== null) return env.store.dispatch({ type: 'fileRejected', message: tooLarge });
  const outcome = await readLatest(env, { kind: 'file', name: file.name, bytes: await file.arrayBuffer() });
  if (outcome) applyRead(env, outcome, { name: file.name, source: 'file', text: outcome.kind === 'prompts' ? outcome.text ?? '' : '' });
}

/** Uses the readable rows of the parse awaiting review. */
export function acceptPending(env: DatasetEnv): void {
  const pending = env.store.getState().pending;
  if (!pending || pending.parsed.rows.length === 0) return;
  accept(env, pending.parsed, pending, null, undefined, pending.known);
}

/** Re-reads the current dataset with another prompt column. */
export async function chooseTextColumn(env: DatasetEnv, column: string): Promise<void> {
  const dataset = env.store.getState().dataset;
  if (!dataset) return;
  const outcome = await readLatest(env, { kind: 'text', name: dataset.name, text: dataset.text, textColumn: column });
  if (outcome) applyRead(env, outcome, { name: dataset.name, source: dataset.source, text: dataset.text }, column);
}

function restoreSession(env: DatasetEnv, outcome: Extract<ParseOutcome, { kind: 'session' }>): void {
  const { session, dataset } = outcome;
  env.store.dispatch({ type: 'replaceView', view: session.state, warnings: outcome.warnings });
  if (!session.dataset || !dataset) return;
  accept(env, dataset.parsed, { name: session.dataset.name, source: 'file', text: session.dataset.text }, null, outcome.textColumn, dataset);
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
    const outcome = await env.parser.parse({ kind: 'text', name: origin.name, text: origin.text, textColumn: column, preferLabelColumns: origin.labelFields });
    if (outcome.kind !== 'prompts') throw new Error(`${origin.name} holds no readable prompts (it is ${outcome.kind === 'session' ? 'a saved session; drop it on the page' : 'not a prompt file'})`);
    const { parsed } = outcome.read;
    if (ref?.kind === 'hash' && outcome.read.contentHash !== ref.hash) throw new Error(missingDatasetMessage(ref));
    if (parsed.rows.length === 0) throw new Error(`${origin.name} holds no readable prompts (${parsed.errors[0]?.message ?? 'it is empty'})`);
    accept(env, parsed, origin, forKey, undefined, outcome.read);
    markTimeline('dataset ready');
  } catch (error) {
    env.store.dispatch({ type: 'datasetFailed', forKey, message: error instanceof Error ? error.message : String(error) });
  }
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
  const linked = await loadLinkedDataset(ref, env.datasets, false); // the hash is checked with the parse
  if (!linked.ok) throw new Error(linked.message);
  return { name: linked.name, source: 'url', text: linked.text };
}
