// A test-only hook: under Vitest (Vite mode 'test') the page puts `window.__repscopeTest` up, so browser
// tests can read the engine's tensor counts without reaching into its worker. In any other mode the
// check is a constant false that Vite folds away, so the production bundle neither has nor sets it.
import type { Controller } from './controller';

export interface RepscopeTestHook {
  /** tf.memory() where the engine runs (in its worker, or on the page where workers cannot start). */
  engineMemory(): Promise<{ numTensors: number; numBytes: number }>;
}

declare global {
  interface Window {
    __repscopeTest?: RepscopeTestHook;
  }
}

/** Puts the hook up for `ctl` in test mode only; returns what takes it down again. */
export function exposeTestHook(ctl: Controller): () => void {
  if (import.meta.env.MODE !== 'test') return () => undefined;
  const hook: RepscopeTestHook = { engineMemory: () => ctl.engineMemory() };
  window.__repscopeTest = hook;
  return () => {
    if (window.__repscopeTest === hook) delete window.__repscopeTest;
  };
}
