// The engine worker: a thin switch from messages to the shared handler, which holds the model and the
// activation cache and runs jobs one at a time. Results' typed arrays are transferred, not copied.
import { WASM_PATHS } from '../model/wasmAssets';
import { createEngineHandler } from './handler';
import type { EngineRequest } from './protocol';

const scope = self as unknown as {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<EngineRequest>) => void) | null;
};

const handler = createEngineHandler((message, transfer) => scope.postMessage(message, transfer), { wasmPaths: WASM_PATHS });

scope.onmessage = (event) => handler.handle(event.data);
