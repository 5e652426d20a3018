// Browser-only: lets Vite ship the tfjs wasm binaries as hashed assets. `?url` imports exist only
// under Vite, so Node code (CLI, unit tests) must not import this; there tfjs finds the files itself.
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** Pass as `initBackend(choice, { wasmPaths: WASM_PATHS })`; tfjs wants an entry for every binary. */
export const WASM_PATHS: Record<string, string> = {
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
};
