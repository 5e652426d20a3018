// Waiting on the app's store in tests: resolves with the state once a condition holds, or fails naming it.
import type { AppState, Store } from '../../src/app/store';

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
