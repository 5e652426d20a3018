// The app without a page, for Node tests: the store, the engine handler on this thread with the small random
// test model on cpu, and the actions started; plus waiting on the store until a condition holds.
import { memoryDatasetStore } from '../../src/data/dataset';
import { createActions, type Actions } from '../../src/app/actions';
import { createStore, initialState, type AppState, type Store } from '../../src/app/store';
import { createEngineClient, type EngineClient } from '../../src/workers/client';
import { mainThreadPort } from '../../src/workers/mainThread';
import { testModelFiles } from '../workers/engineFixture';

export interface TestApp {
  store: Store;
  client: EngineClient;
  actions: Actions;
  stop: () => void;
}

export function startTestApp(): TestApp {
  const store = createStore(initialState({ ...initialState().view, backend: 'cpu' }));
  const client = createEngineClient(mainThreadPort(), false);
  const actions = createActions({
    store, client, datasets: memoryDatasetStore(), base: '/',
    catalog: async () => ({ models: [{ id: 'test', title: 'test model', description: '', datasets: [] }] }),
    modelFiles: async () => testModelFiles(),
  });
  return { store, client, actions, stop: actions.start() };
}

export function storeUntil(store: Store, probe: (s: AppState) => boolean, what: string, ms = 60_000): Promise<AppState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`timed out waiting for ${what}`)); }, ms);
    const check = () => {
      const s = store.getState();
      if (!probe(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    };
    const off = store.subscribe(check);
    check();
  });
}
