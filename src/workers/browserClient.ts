// The engine client the page uses: a module Worker built by Vite, or, where workers cannot start,
// the same handler on the main thread (the reason is kept so the UI can say why it may be slower).
import { WASM_PATHS } from '../model/wasmAssets';
import { createEngineClient, type EngineClient, type EnginePort } from './client';
import { mainThreadPort } from './mainThread';

export interface BrowserEngine {
  client: EngineClient;
  /** Null when jobs run in a worker, else why they run on the page's thread. */
  fallbackReason: string | null;
}

export function createBrowserEngine(preferWorker = true): BrowserEngine {
  if (preferWorker && typeof Worker !== 'undefined') {
    try {
      const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'repscope-engine' });
      return { client: createEngineClient(worker as unknown as EnginePort, true), fallbackReason: null };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return { client: createEngineClient(mainThreadPort({ wasmPaths: WASM_PATHS }), false), fallbackReason: `workers could not start (${why}); the engine runs on the page` };
    }
  }
  const why = preferWorker ? 'this browser has no Web Workers; the engine runs on the page' : 'the engine runs on the page as requested';
  return { client: createEngineClient(mainThreadPort({ wasmPaths: WASM_PATHS }), false), fallbackReason: why };
}
