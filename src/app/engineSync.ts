// Keeps the engine in line with the store: after every change `reconcile` checks, in order, the model,
// the backend, the view's fit to the model and the dataset, then starts the jobs the view needs and
// stops those it no longer needs. One instance per engine client.
import type { BackendPreference } from '../data/urlState';
import type { EngineClient, Progress, RunHandle } from '../workers/client';
import type { ModelFilesPayload, RememberedBackend } from '../workers/protocol';
import type { Catalog } from './catalog';
import { loadRef, type DatasetEnv } from './datasetLoad';
import { datasetRefKey } from './keys';
import { planJobs, type Need } from './plan';
import { resolveModelId } from './selectors';
import type { AppState, Store } from './store';
import { uniqueModelId } from './userModel';
import { checkView } from './viewCheck';
import { markTimeline } from './timeline';

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
  /** Id of a model being loaded from the user's files; the view waits for it (see loadUserModel). */
  private userLoad: string | null = null;
  /** The user's models this session (File handles, not bytes), for "Try again"; ids are never reused. */
  private readonly userFiles = new Map<string, ModelFilesPayload>();

  constructor(
    private readonly store: Store,
    private readonly client: EngineClient,
    private readonly data: DatasetEnv,
    private readonly modelFiles: (id: string) => Promise<ModelFilesPayload>,
    private readonly now: () => number,
    /** The auto choice measured on an earlier visit, which auto then only re-tests. */
    private readonly remembered: () => RememberedBackend | null = () => null,
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
      markTimeline(`model fetch: ${id}`);
      const files = await this.modelFiles(id);
      markTimeline(`model upload: ${id}`);
      const { model, backend: info } = await this.runLoad(id, files, backend);
      markTimeline(`model ready: ${id}`);
      if (generation === this.modelGeneration) this.store.dispatch({ type: 'modelReady', model, backend: info });
    } catch (error) {
      if (generation === this.modelGeneration) this.store.dispatch({ type: 'modelFailed', id, message: `Could not load ${id}: ${messageOf(error)}` });
    }
  }

  /** The loadModel job: progress goes to the store, and a buffer of weights moves to the worker uncopied. */
  private runLoad(id: string, files: ModelFilesPayload, backend: BackendPreference) {
    const remembered = backend === 'auto' ? this.remembered() : null;
    const w = files.weights;
    const transfer = w instanceof ArrayBuffer ? [w] : ArrayBuffer.isView(w) && w.buffer instanceof ArrayBuffer ? [w.buffer] : [];
    const onProgress = (progress: Progress) => this.store.dispatch({ type: 'modelProgress', id, progress });
    return this.client.run({ kind: 'loadModel', id, files, backend, remembered }, { priority: 10, transfer, onProgress }).promise;
  }

  /** Loads a model from the user's files under a fresh id (`baseId`, else `baseId-2`, …). */
  loadUserModel(baseId: string, files: ModelFilesPayload): Promise<void> {
    const taken = new Set([...(this.store.getState().catalog?.models.map((m) => m.id) ?? []), ...this.userFiles.keys()]);
    const id = uniqueModelId(baseId, taken);
    this.userFiles.set(id, files);
    return this.loadUserFiles(id, files);
  }

  /**
   * The current model stays in the view (and usable) until the user's model is up; only then does the view
   * switch to it. When the load fails, nothing else changes and the error names the file and the problem.
   */
  private async loadUserFiles(id: string, files: ModelFilesPayload): Promise<void> {
    const generation = ++this.modelGeneration;
    const viewModel = this.store.getState().view.model;
    this.cancelAll();
    this.userLoad = id;
    this.store.dispatch({ type: 'modelLoading', id });
    try {
      const { model, backend } = await this.runLoad(id, files, this.store.getState().view.backend);
      if (generation !== this.modelGeneration) return;
      this.store.dispatch({ type: 'modelReady', model, backend });
      if (this.store.getState().view.model === viewModel) this.store.dispatch({ type: 'setView', patch: { model: id } });
    } catch (error) {
      if (generation === this.modelGeneration) this.store.dispatch({ type: 'modelFailed', id, message: `Could not load ${id}: ${messageOf(error)}` });
    } finally {
      if (this.userLoad === id) this.userLoad = null;
      this.schedule();
    }
  }

  /** Tries a failed load again: the user's files when the model came from them, else the built-in model. */
  retry(id: string, backend: BackendPreference): void {
    const files = this.userFiles.get(id);
    if (files) void this.loadUserFiles(id, files);
    else void this.loadModel(id, backend);
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
    markTimeline(`job start: ${need.label}`);
    const handle = this.client.run(need.job, { priority: need.priority, onProgress: (progress) => store.dispatch({ type: 'jobProgress', keys: need.keys, progress }) });
    const entry: Running = { keys: need.keys, handle, byUser: false };
    this.running.set(handle.id, entry);
    handle.promise.then(
      (result) => {
        markTimeline(`job done: ${need.label}`);
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
    if (this.userLoad !== null) return null;
    const id = resolveModelId(s.view, catalog, s.engine.model);
    if (id === null) {
      const { dataset, colourBy, selection } = s.view;
      this.store.dispatch({ type: 'fixView', patch: { model: '', dataset, colourBy, selection }, warnings: [`The link names the model ${JSON.stringify(s.view.model)}, which is not built into this version (a model from your own files must be dropped again after a reload); showing the default model`] });
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
