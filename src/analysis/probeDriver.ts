// Runs a stepwise analysis (a generator that yields progress after each unit of work) to its end,
// reporting progress, honouring cancellation, and yielding to the event loop so a worker stays responsive.

/** Anything with an `aborted` flag, such as an AbortSignal. */
export interface CancelSignal {
  readonly aborted: boolean;
}

export interface DriveOptions<P> {
  /** Called with each progress report (at most every PROGRESS_INTERVAL_MS, and once at the end). */
  onProgress?: (progress: P) => void;
  /** Checked between steps; when set, the run stops, frees its tensors and rejects with an AbortError. */
  signal?: CancelSignal;
}

/** How often the driver lets other tasks (a cancel message, a progress post) run. */
export const YIELD_INTERVAL_MS = 50;
export const PROGRESS_INTERVAL_MS = 100;

/** The error a cancelled run rejects with; `name` is 'AbortError', like fetch's. */
export function abortError(): Error {
  const error = new Error('the analysis was cancelled');
  error.name = 'AbortError';
  return error;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Steps `steps` to completion; always closes it (so its finally blocks dispose tensors). */
export async function driveSteps<P, R>(steps: Generator<P, R, void>, options: DriveOptions<P> = {}): Promise<R> {
  let lastYield = performance.now();
  let lastProgress = -Infinity;
  try {
    for (;;) {
      if (options.signal?.aborted === true) throw abortError();
      const next = steps.next();
      if (next.done === true) return next.value;
      const now = performance.now();
      if (options.onProgress !== undefined && now - lastProgress >= PROGRESS_INTERVAL_MS) {
        options.onProgress(next.value);
        lastProgress = now;
      }
      if (now - lastYield >= YIELD_INTERVAL_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
  } finally {
    steps.return(undefined as R);
  }
}
