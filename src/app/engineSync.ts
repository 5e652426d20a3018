// Keeps the engine in line with the store: after every change `reconcile` checks, in order, the model,
// the backend, the view's fit to the model and the dataset, then starts the jobs the view needs and
// stops those it no longer needs. One instance per engine client.
import type { BackendPreference } from '../data/urlState';
import type { EngineClient, RunHandle } from '../workers/client';
import type { ModelFilesPayload } from '../workers/protocol';
import type { Catalog } from './catalog';
import { loadRef, type DatasetEnv } from './datasetLoad';
import { datasetRefKey } from './keys';
import { planJobs, type Need } from './plan';
import { resolveModelId } from './selectors';
import type { AppState, Store } from './store';
import { checkView } from './viewCheck';

interface Running {
  keys: string[];
  handle: RunHandle<unknown>;
  /** Set when the user pressed cancel (the result is marked cancelled, not recomputed). */
  byUser: boolean;
}

export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
const isAbort = (e: unknown) => e instanceof Error && e.name === 'AbortError';

export class EngineSync {
  private readonly running = new Map<number, Running>();
  private modelGeneration = 0;
  private backendSwitch: BackendPreference | null = null;
  private scheduled = false;

  constructor(
    private readonly store: Store,
    private readonly client: EngineClient,
    private readonly data: DatasetEnv,
    private readonly modelFiles: (id: string) => Promise<ModelFilesPayload>,
    private readonly now: () => number,
  ) {}

  /** Runs `reconcile` once after the current burst of store changes. */
  readonly schedule = (): void => {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.reconcile());
  };

  async loadModel(id: string, backend: BackendPreference): Promise<void> {
    const generation = ++this.modelGeneration;
    this.cancelAll();
    this.store.dispatch({ type: 'modelLoading', id });
    try {
      const files = await this.modelFiles(id);
      const { model, backend: info } = await this.client.run({ kind: 'loadModel', id, files, backend }, { priority: 10 }).promise;
      if (generation === this.modelGeneration) this.store.dispatch({ type: 'modelReady', model, backend: info });
    } catch (error) {
      if (generation === this.modelGeneration) this.store.dispatch({ type: 'modelFailed', id, message: `Could not load ${id}: ${messageOf(error)}` });
    }
  }

  private async switchBackend(choice: BackendPreference): Promise<void> {
    this.backendSwitch = choice;
    this.cancelAll();
    try {
      const { backend, model } = await this.client.run({ kind: 'backend', choice }, { priority: 10 }).promise;
      this.store.dispatch({ type: 'backendChanged', backend, model });
    } catch (error) {
      this.store.dispatch({ type: 'modelFailed', id: this.store.getState().engine.model?.id ?? '', message: `Could not switch to ${choice}: ${messageOf(error)}` });
    } finally {
      this.backendSwitch = null;
    }
  }

  cancelAll(): void {
    for (const r of this.running.values()) r.handle.cancel();
  }

  /** Stops the jobs that fill `keys`; their results show as cancelled until retried. */
  cancel(keys: readonly string[]): void {
    for (const r of this.running.values()) {
      if (!r.keys.some((k) => keys.includes(k))) continue;
      r.byUser = true;
      r.handle.cancel();
    }
  }

  private start(need: Need): void {
    const { store } = this;
    store.dispatch({ type: 'jobStarted', keys: need.keys, label: need.label, at: this.now() });
    const handle = this.client.run(need.job, { priority: need.priority, onProgress: (progress) => store.dispatch({ type: 'jobProgress', keys: need.keys, progress }) });
    const entry: Running = { keys: need.keys, handle, byUser: false };
    this.running.set(handle.id, entry);
    handle.promise.then(
      (result) => {
        const values = need.unpack(result);
        store.dispatch({ type: 'jobDone', entries: need.keys.map((k, i): [string, unknown] => [k, values[i]]) });
      },
      (error) => {
        if (!isAbort(error)) store.dispatch({ type: 'jobFailed', keys: need.keys, message: messageOf(error) });
        else store.dispatch(entry.byUser ? { type: 'jobCancelled', keys: need.keys } : { type: 'resultsCleared', keys: need.keys });
      },
    ).finally(() => this.running.delete(handle.id));
  }

  /** Starts the jobs the view needs and stops the ones it no longer needs. */
  private runNeeds(s: AppState): void {
    const needs = planJobs(s);
    const wanted = new Set(needs.flatMap((n) => n.keys));
    for (const r of this.running.values()) if (!r.keys.some((k) => wanted.has(k))) r.handle.cancel();
    const busy = new Set([...this.running.values()].flatMap((r) => r.keys));
    for (const need of needs) {
      if (need.keys.some((k) => !(k in s.results) && !busy.has(k))) this.start(need);
    }
  }

  /** The model the view names once it is loaded, else null (after starting the load or fixing the view). */
  private ensureModel(s: AppState, catalog: Catalog): string | null {
    const id = resolveModelId(s.view, catalog, s.engine.model);
    if (id === null) {
      const { dataset, colourBy, selection } = s.view;
      this.store.dispatch({ type: 'fixView', patch: { model: '', dataset, colourBy, selection }, warnings: [`The link names the model ${JSON.stringify(s.view.model)}, which is not built into this version; showing the default model`] });
      return null;
    }
    if (s.engine.model?.id === id && s.engine.loading === null) return id;
    if (s.engine.loading !== id && s.engine.failed !== id) void this.loadModel(id, s.view.backend);
    return null;
  }

  /** True when the backend is the one asked for and the view fits the model. */
  private ensureEngine(s: AppState): boolean {
    const backend = s.engine.backend;
    if (this.backendSwitch !== null) return false;
    if (backend && backend.requested !== s.view.backend && s.engine.error === null) {
      void this.switchBackend(s.view.backend);
      return false;
    }
    const fix = checkView(s.view, s.engine.model!);
    if (fix) this.store.dispatch({ type: 'fixView', ...fix });
    return fix === null;
  }

  private ensureDataset(s: AppState, modelId: string, catalog: Catalog): boolean {
    const key = datasetRefKey(s.view.dataset, modelId);
    if (s.datasetFor === key) return s.dataset !== null;
    if (s.datasetLoading !== key) void loadRef(this.data, s.view.dataset, modelId, catalog);
    return false;
  }

  reconcile(): void {
    this.scheduled = false;
    const s = this.store.getState();
    if (!s.catalog) return;
    const modelId = this.ensureModel(s, s.catalog);
    if (modelId === null || !this.ensureEngine(s)) return;
    if (!this.ensureDataset(s, modelId, s.catalog)) return;
    this.runNeeds(this.store.getState());
  }
}
