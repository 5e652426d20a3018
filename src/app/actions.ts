// The app's actions: what the page can ask for. Each dispatches to the store or talks to the engine
// client; an EngineSync keeps the engine in step with the store after every change.
import type { DatasetStore } from '../data/dataset';
import type { ViewState } from '../data/urlState';
import type { EngineClient } from '../workers/client';
import { mainThreadParser, type PromptParser } from '../workers/parseClient';
import type { ModelFilesPayload } from '../workers/protocol';
import { loadCatalog, type Catalog } from './catalog';
import type { BackendMemory } from './backendMemory';
import { acceptPending, chooseTextColumn, openFile, openText, type DatasetEnv } from './datasetLoad';
import { EngineSync, messageOf } from './engineSync';
import { fetchBuiltinModel } from './modelFiles';
import { isModelDrop, readUserModelFiles } from './userModel';
import type { Store } from './store';
import { markTimeline } from './timeline';

export interface ActionsEnv {
  store: Store;
  client: EngineClient;
  datasets: DatasetStore;
  /** Site root of the built-in files (Vite's BASE_URL). */
  base: string;
  /** The catalog, when not loaded from the site (tests). */
  catalog?: () => Promise<Catalog>;
  /** A model's files, when not fetched from the site (tests). */
  modelFiles?: (id: string) => Promise<ModelFilesPayload>;
  now?: () => number;
  /** Where auto's measured choice is kept between visits (default: nowhere). */
  backendMemory?: BackendMemory;
  /** Reads prompt files (default: on this thread; the page passes its parse worker's client). */
  parser?: PromptParser;
}

export class Actions {
  private readonly store: Store;
  private readonly data: DatasetEnv;
  private readonly sync: EngineSync;

  constructor(private readonly env: ActionsEnv) {
    this.store = env.store;
    this.data = { store: env.store, datasets: env.datasets, base: env.base, parser: env.parser ?? mainThreadParser() };
    const files = env.modelFiles ?? ((id: string) => fetchBuiltinModel(env.base, id));
    const memory = env.backendMemory;
    this.sync = new EngineSync(env.store, env.client, this.data, files, env.now ?? (() => performance.now()), () => memory?.read() ?? null);
  }

  /** Loads the catalog and keeps the engine in step with the store until the returned stop is called. */
  start(): () => void {
    const { store } = this;
    const unsubscribe = store.subscribe(this.sync.schedule);
    let backend = store.getState().engine.backend;
    const unRemember = store.subscribe(() => {
      const next = store.getState().engine.backend;
      if (next === backend) return;
      backend = next;
      if (next !== null) this.env.backendMemory?.write(next);
    });
    const offEvent = this.env.client.onEvent((event) => store.dispatch({ type: 'backendChanged', backend: event.backend, model: event.model }));
    (this.env.catalog ?? (() => loadCatalog(this.env.base)))().then(
      (catalog) => {
        markTimeline('catalog ready');
        store.dispatch({ type: 'catalogLoaded', catalog });
      },
      (error) => store.dispatch({ type: 'catalogFailed', message: `Could not list the built-in models: ${messageOf(error)}` }),
    );
    this.sync.schedule();
    return () => {
      unsubscribe();
      unRemember();
      offEvent();
      this.sync.cancelAll();
    };
  }

  setView(patch: Partial<ViewState>): void {
    this.store.dispatch({ type: 'setView', patch });
  }

  openFile(file: File): Promise<void> {
    return openFile(this.data, file);
  }

  /** Dropped or picked files: a model's (weights, config.json) load as a model, else the first is read as prompts. */
  openFiles(files: readonly File[]): Promise<void> {
    if (isModelDrop(files)) return this.openModelFiles(files);
    return files[0] ? this.openFile(files[0]) : Promise.resolve();
  }

  /** A GPT-2-family model from the user's model.safetensors and config.json (tokenizer.json and card.json optional). */
  async openModelFiles(files: readonly File[]): Promise<void> {
    const read = await readUserModelFiles(files);
    if (!read.ok) {
      this.store.dispatch({ type: 'modelFailed', id: '', message: `Could not open the model: ${read.error}` });
      return;
    }
    if (read.notes.length > 0) this.store.dispatch({ type: 'warn', messages: read.notes });
    await this.sync.loadUserModel(read.baseId, read.files);
  }

  openText(text: string, name = 'pasted text'): Promise<void> {
    return openText(this.data, text, name, 'paste');
  }

  acceptPending(): void {
    acceptPending(this.data);
  }

  dismissPending(): void {
    this.store.dispatch({ type: 'reviewClosed' });
  }

  chooseTextColumn(column: string): Promise<void> {
    return chooseTextColumn(this.data, column);
  }

  /** Stops the jobs that fill `keys`; their results show as cancelled until retried. */
  cancel(keys: readonly string[]): void {
    this.sync.cancel(keys);
  }

  retry(keys: string[]): void {
    this.store.dispatch({ type: 'resultsCleared', keys });
  }

  computeUmapAllLayers(): void {
    this.store.dispatch({ type: 'requestUmapAllLayers' });
  }

  setEnginePrompt(text: string): void {
    this.store.dispatch({ type: 'setEnginePrompt', text });
  }

  dismissWarning(index: number): void {
    this.store.dispatch({ type: 'dismissWarning', index });
  }

  /** Retries a model whose load failed. */
  reloadModel(): void {
    const s = this.store.getState();
    if (s.engine.failed) this.sync.retry(s.engine.failed, s.view.backend);
  }
}

export function createActions(env: ActionsEnv): Actions {
  return new Actions(env);
}
