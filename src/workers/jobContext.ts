// What a running job gets from the handler: a cancel flag it checks between steps, a progress reporter,
// and a way to let queued messages (a cancel) in while it works.

export interface JobContext {
  readonly signal: { readonly aborted: boolean };
  /** Reports `done` of `total` units of `what`; the handler throttles and adds the time left. */
  progress(what: string, done: number, total: number): void;
  /** Throws an AbortError when the job was cancelled. */
  checkCancelled(): void;
  /** Lets the event loop run (so a cancel message can arrive), then checks for cancellation. */
  pause(): Promise<void>;
}

/** The error a cancelled job ends with; `name` is 'AbortError', as fetch's. */
export function cancelledError(): Error {
  const error = new Error('the job was cancelled');
  error.name = 'AbortError';
  return error;
}

export function isCancelled(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** A context for running job functions directly (tests, scripts): never cancelled, progress ignored. */
export function quietContext(onProgress?: (what: string, done: number, total: number) => void): JobContext {
  const signal = { aborted: false };
  return {
    signal,
    progress: (what, done, total) => onProgress?.(what, done, total),
    checkCancelled: () => undefined,
    pause: () => new Promise((resolve) => setTimeout(resolve, 0)),
  };
}
