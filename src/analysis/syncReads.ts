// The seam for analyses that interleave forward passes with fits that read tfjs synchronously (dataSync in
// probes and PCA): the caller says where those fits run. WebGPU cannot read synchronously (it destroys the
// device in headless Chromium), so a worker passes model/backend's withSyncReads, which moves them to wasm.

/** Runs `fn` (which creates and frees its own tensors and runs no model) where dataSync works. */
export type SyncReads = <T>(fn: () => Promise<T>) => Promise<T>;

/** The default: run in place, for backends that read synchronously (Node's cpu and wasm, webgl). */
export const readInPlace: SyncReads = (fn) => fn();
