// The app's actions: what the page can ask for. Each dispatches to the store or talks to the engine
// client; an EngineSync keeps the engine in step with the store after every change.
import type { DatasetStore } from '../data/dataset';
import type { ViewState } from '../data/urlState';
import type { EngineClient } from '../workers/client';
import type { ModelFilesPayload } from '../workers/protocol';
import { loadCatalog, type Catalog } from './catalog';
import { acceptPending, chooseTextColumn, openFile, openText, type DatasetEnv } from './datasetLoad';
import { EngineSync, messageOf } from './engineSync';
import { fetchBuiltinModel } from './modelFiles';
import type { Store } from './store';

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
}

export class Actions {
  private readonly store: Store;
  private readonly data: DatasetEnv;
  private readonly sync: EngineSync;

  constructor(private readonly env: ActionsEnv) {
    this.store = env.store;
    this.data = { store: env.store, datasets: env.datasets, base: env.base };
    const files = env.modelFiles ?? ((id: string) => fetchBuiltinModel(env.base, id));
    this.sync = new EngineSync(env.store, env.client, this.data, files, env.now ?? (() => performance.now()));
  }

  /** Loads the catalog and keeps the engine in step with the store until the returned stop is called. */
  start(): () => void {
    const { store } = this;
    const unsubscribe = store.subscribe(this.sync.schedule);
    const offEvent = this.env.client.onEvent((event) => store.dispatch({ type: 'backendChanged', backend: event.backend, model: event.model }));
    (this.env.catalog ?? (() => loadCatalog(this.env.base)))().then(
      (catalog) => store.dispatch({ type: 'catalogLoaded', catalog }),
      (error) => store.dispatch({ type: 'catalogFailed', message: `Could not list the built-in models: ${messageOf(error)}` }),
    );
    this.sync.schedule();
    return () => {
      unsubscribe();
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

  openText(text: string, name = 'pasted text'): void {
    openText(this.data, text, name, 'paste');
  }

  acceptPending(): void {
    acceptPending(this.data);
  }

  dismissPending(): void {
    this.store.dispatch({ type: 'reviewClosed' });
  }

  chooseTextColumn(column: string): void {
    chooseTextColumn(this.data, column);
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
    if (s.engine.failed) void this.sync.loadModel(s.engine.failed, s.view.backend);
  }
}

export function createActions(env: ActionsEnv): Actions {
  return new Actions(env);
}
