// The app's side of the engine: each job returns a promise, with progress callbacks and cancel. Talks to
// a Worker, or to the same handler on this thread through mainThread.ts (old browsers, Node tests).
import type { EngineEvent, EngineRequest, EngineResponse, Job, JobKind, JobResult } from './protocol';

export interface Progress {
  what: string;
  done: number;
  total: number;
  etaMs: number | null;
}

export interface RunOptions {
  onProgress?: (progress: Progress) => void;
  /** Higher runs first among queued jobs (default 0). */
  priority?: number;
  /** Buffers in the job to move to the worker instead of copying (they are unusable here afterwards). */
  transfer?: ArrayBuffer[];
}

export interface RunHandle<T> {
  id: number;
  promise: Promise<T>;
  /** Stops the job at its next step (or drops it from the queue); its promise rejects with an AbortError. */
  cancel(): void;
}

export interface EngineClient {
  run<K extends JobKind>(job: Job<K>, options?: RunOptions): RunHandle<JobResult<K>>;
  /** Unsolicited engine news, such as a lost WebGL context; returns an unsubscribe. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** True when jobs run in a worker, false when on this thread. */
  readonly inWorker: boolean;
  dispose(): void;
}

/** What a Worker offers; a port on this thread offers the same. */
export interface EnginePort {
  postMessage(message: EngineRequest, transfer?: Transferable[]): void;
  onmessage: ((event: { data: EngineResponse }) => void) | null;
  /** A Worker reports a script that failed to load or crashed here. */
  onerror?: ((event: { message?: string }) => void) | null;
  terminate(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: Progress) => void;
}

function abortError(): Error {
  const error = new Error('cancelled');
  error.name = 'AbortError';
  return error;
}

export function createEngineClient(port: EnginePort, inWorker: boolean): EngineClient {
  const pending = new Map<number, Pending>();
  const listeners = new Set<(event: EngineEvent) => void>();
  let nextId = 1;
  port.onmessage = ({ data }) => {
    if (data.type === 'event') return listeners.forEach((l) => l(data.event));
    const p = pending.get(data.id);
    if (!p) return;
    if (data.type === 'progress') return p.onProgress?.({ what: data.what, done: data.done, total: data.total, etaMs: data.etaMs });
    pending.delete(data.id);
    if (data.type === 'result') p.resolve(data.result);
    else p.reject(data.cancelled ? abortError() : new Error(data.message));
  };
  port.onerror = (event) => {
    const error = new Error(`the engine worker failed (${event.message || 'it could not start'}); reload the page`);
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  return {
    inWorker,
    run<K extends JobKind>(job: Job<K>, options: RunOptions = {}): RunHandle<JobResult<K>> {
      const id = nextId++;
      const promise = new Promise<JobResult<K>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: options.onProgress });
      });
      port.postMessage({ type: 'run', id, job, priority: options.priority }, options.transfer);
      return { id, promise, cancel: () => port.postMessage({ type: 'cancel', id }) };
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      port.terminate();
      for (const p of pending.values()) p.reject(new Error('the engine was shut down'));
      pending.clear();
    },
  };
}
