// Teardown for benchmarks that start things outside the process's own memory (browsers, servers,
// temporary folders): each is registered as it starts and released in reverse order when the work ends,
// fails, or the user presses Ctrl-C (SIGINT) or the process gets SIGTERM.

type Release = () => Promise<unknown> | unknown;

export class Cleanup {
  private readonly releases: { what: string; release: Release }[] = [];
  private running: Promise<void> | null = null;
  /** The signal that ended the work, if one did: loops check it to stop starting new work. */
  signalled: NodeJS.Signals | null = null;

  /** Registers `release` (named for error messages) and returns `value`, for `x = cleanup.add(await start(), …)`. */
  add<T>(value: T, what: string, release: (value: T) => Promise<unknown> | unknown): T {
    this.releases.push({ what, release: () => release(value) });
    return value;
  }

  /** Releases everything registered so far, newest first; a failing release never stops the others. */
  run(log: (message: string) => void = console.error): Promise<void> {
    this.running ??= (async () => {
      while (this.releases.length > 0) {
        const { what, release } = this.releases.pop()!;
        try {
          await release();
        } catch (error) {
          log(`could not release ${what}: ${String(error).split('\n')[0]}`);
        }
      }
      this.running = null;
    })();
    return this.running;
  }
}

/**
 * Runs `work` with a Cleanup that is released on every path: success, an exception, SIGINT or SIGTERM
 * (where the process then exits with 130 or 143 once everything is released).
 */
export async function withCleanup<T>(work: (cleanup: Cleanup) => Promise<T>, log?: (message: string) => void): Promise<T> {
  const cleanup = new Cleanup();
  const onSignal = (signal: NodeJS.Signals) => {
    cleanup.signalled = signal;
    log?.(`${signal}: stopping browsers and servers…`);
    void cleanup.run(log).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await work(cleanup);
  } finally {
    await cleanup.run(log);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
