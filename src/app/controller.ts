// Wires the page together: the store, the engine (a worker, or the page's thread), the actions that keep
// them in step, the URL fragment both ways, and the theme. Started by <App/>; StrictMode's quick
// unmount-remount keeps the same engine instead of starting a second one.
import { indexedDbDatasetStore } from '../data/dataset';
import { setTheme } from '../ui/theme';
import { createBrowserEngine } from '../workers/browserClient';
import type { EngineClient } from '../workers/client';
import { createBrowserParser } from '../workers/parseClient';
import { createActions, type Actions } from './actions';
import { browserBackendMemory } from './backendMemory';
import { buildExport, saveDownload, type ExportKind } from './exports';
import { createStore, initialState, type Store } from './store';
import { bindUrlSync, createUrlSync } from './urlSync';

export interface ControllerOptions {
  /** Run the engine in a worker (default true); false runs it on the page. */
  preferWorker?: boolean;
}

interface Running {
  actions: Actions;
  client: EngineClient;
  stop: () => void;
}

export interface Controller {
  store: Store;
  /** The current actions (valid once started, i.e. in event handlers). */
  actions(): Actions;
  start(): () => void;
  exportFile(kind: ExportKind): Promise<void>;
  link(): string;
  /** tf.memory() where the engine runs (its `memory` job); for leak tests, through testHook.ts. */
  engineMemory(): Promise<{ numTensors: number; numBytes: number }>;
}

function boot(store: Store, options: ControllerOptions): Running {
  // Files are parsed in a worker even when the engine runs on the page: that worker is small and never busy.
  const parser = createBrowserParser();
  const engine = createBrowserEngine(options.preferWorker ?? true);
  store.dispatch({ type: 'engineReset' });
  if (engine.fallbackReason) store.dispatch({ type: 'engineFallback', reason: engine.fallbackReason });
  const actions = createActions({ store, client: engine.client, datasets: indexedDbDatasetStore(), base: import.meta.env.BASE_URL, backendMemory: browserBackendMemory(), parser });
  const sync = createUrlSync({ history: window.history, location: window.location });
  const unbind = bindUrlSync(sync, {
    subscribe: store.subscribe,
    view: () => store.getState().view,
    byUser: () => store.getState().viewSource === 'user',
  }, (d) => store.dispatch({ type: 'replaceView', view: d.state, warnings: d.warnings }), window);
  // Bound first, so a link read with warnings is rewritten in place to the view actually shown.
  const decoded = sync.read();
  if (window.location.hash !== '') store.dispatch({ type: 'replaceView', view: decoded.state, warnings: decoded.warnings });
  let theme = store.getState().view.theme;
  setTheme(document.documentElement, theme);
  const unTheme = store.subscribe(() => {
    const next = store.getState().view.theme;
    if (next !== theme) setTheme(document.documentElement, (theme = next));
  });
  const stopActions = actions.start();
  return {
    actions, client: engine.client,
    stop: () => {
      stopActions();
      unbind();
      unTheme();
      engine.client.dispose();
      parser.dispose();
    },
  };
}

export function createController(options: ControllerOptions = {}): Controller {
  const store = createStore(initialState());
  let running: Running | null = null;
  let users = 0;
  let pendingStop: ReturnType<typeof setTimeout> | null = null;
  return {
    store,
    actions: () => running!.actions,
    start() {
      users++;
      if (pendingStop !== null) clearTimeout(pendingStop);
      pendingStop = null;
      running ??= boot(store, options);
      return () => {
        users--;
        if (users > 0) return;
        pendingStop = setTimeout(() => {
          running?.stop();
          running = null;
        }, 0);
      };
    },
    async exportFile(kind) {
      if (!running) throw new Error('the engine is not running');
      saveDownload(await buildExport(kind, store.getState(), running.client));
    },
    link: () => window.location.href,
    async engineMemory() {
      if (!running) throw new Error('the engine is not running');
      return running.client.run({ kind: 'memory' }).promise;
    },
  };
}
