// The page's side of prompt-file parsing: one promise per file, answered by the parse worker, or by the
// same function on this thread (still asynchronously, behind the same interface) where workers cannot
// start, as in Node tests. A file's bytes are moved to the worker, not copied.
import type { PromptRow } from '../data/types';
import { runParse, type ParseInput, type ParseOutcome } from './parseJob';
import { putRows, type ParseRequest, type ParseResponse } from './parseProtocol';

export interface PromptParser {
  parse(input: ParseInput): Promise<ParseOutcome>;
  /** Null while files are read in a worker, else why they are read on the page's thread. */
  readonly fallbackReason: string | null;
  dispose(): void;
}

/** What a Worker offers. */
export interface ParsePort {
  postMessage(message: ParseRequest, transfer: Transferable[]): void;
  onmessage: ((event: { data: ParseResponse }) => void) | null;
  onerror?: ((event: { message?: string }) => void) | null;
  terminate(): void;
}

/** Reads files on this thread, a microtask after the call (so callers never depend on which side reads). */
export function mainThreadParser(reason = 'prompt files are read on the page'): PromptParser {
  return {
    fallbackReason: reason,
    parse: (input) => Promise.resolve(input).then(runParse),
    dispose: () => undefined,
  };
}

interface Pending {
  resolve(outcome: ParseOutcome): void;
  reject(error: Error): void;
  /** Slices of rows received so far. */
  rows: PromptRow[][];
}

export function createParseClient(port: ParsePort): PromptParser {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let fallback: PromptParser | null = null;
  const rejectAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  port.onmessage = ({ data }) => {
    const p = pending.get(data.id);
    if (!p) return;
    if (data.type === 'rows') return void p.rows.push(data.rows);
    pending.delete(data.id);
    if (data.type === 'error') return p.reject(new Error(`could not read the file: ${data.message}`));
    putRows(data.outcome, p.rows.length === 1 ? p.rows[0] : p.rows.flat());
    // In a task of its own: what the page does with a file never adds to the task that received it.
    setTimeout(() => p.resolve(data.outcome), 0);
  };
  port.onerror = (event) => {
    // The files in flight were moved to the broken worker; later ones are read on the page.
    fallback = mainThreadParser(`the parse worker failed (${event.message || 'it could not start'}); prompt files are read on the page`);
    rejectAll(new Error(`${fallback.fallbackReason}; drop the file again`));
  };
  return {
    get fallbackReason() {
      return fallback?.fallbackReason ?? null;
    },
    parse(input) {
      if (fallback) return fallback.parse(input);
      const id = nextId++;
      return new Promise<ParseOutcome>((resolve, reject) => {
        pending.set(id, { resolve, reject, rows: [] });
        port.postMessage({ id, input }, input.kind === 'file' ? [input.bytes] : []);
      });
    },
    dispose() {
      port.terminate();
      rejectAll(new Error('the prompt-file reader was shut down'));
    },
  };
}

/** The parser the page uses: a module Worker built by Vite, else this thread, with the reason. */
export function createBrowserParser(preferWorker = true): PromptParser {
  if (!preferWorker) return mainThreadParser('prompt files are read on the page as requested');
  if (typeof Worker === 'undefined') return mainThreadParser('this browser has no Web Workers; prompt files are read on the page');
  try {
    const worker = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module', name: 'repscope-parse' });
    return createParseClient(worker as unknown as ParsePort);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return mainThreadParser(`workers could not start (${why}); prompt files are read on the page`);
  }
}
