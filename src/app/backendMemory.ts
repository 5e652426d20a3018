// Remembers the backend that auto measured fastest here, so a later visit re-tests that one backend
// instead of all four (seconds of shader compiles on software GPUs). Kept in localStorage, per browser.
import type { BackendInfo, RememberedBackend } from '../workers/protocol';

export const BACKEND_MEMORY_KEY = 'repscope.autoBackend';
/** A measurement older than this is redone: drivers and browsers change. */
export const BACKEND_MEMORY_MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const MAX_TIMINGS_LENGTH = 300;
const NAMES: readonly string[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendMemory {
  /** The remembered auto choice, or null when none is valid here. */
  read(): RememberedBackend | null;
  /** Keeps a full auto measurement (a report without `timings` is ignored). */
  write(info: BackendInfo): void;
}

interface Stored extends RememberedBackend {
  at: number;
  userAgent: string;
}

/** The stored record when it is well-formed, from this browser, and recent; else null. */
export function decodeMemory(text: string | null, userAgent: string, now: number): RememberedBackend | null {
  if (text === null || text.length > 2 * MAX_TIMINGS_LENGTH + userAgent.length) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (raw === null || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.chosen !== 'string' || !NAMES.includes(r.chosen)) return null;
  if (typeof r.timings !== 'string' || r.timings.length > MAX_TIMINGS_LENGTH) return null;
  if (typeof r.at !== 'number' || !(r.at <= now) || now - r.at > BACKEND_MEMORY_MAX_AGE_MS) return null;
  if (r.userAgent !== userAgent) return null;
  return { chosen: r.chosen as RememberedBackend['chosen'], timings: r.timings };
}

/** A memory over a Storage (localStorage); one that throws (blocked storage) remembers nothing. */
export function storageBackendMemory(storage: Pick<Storage, 'getItem' | 'setItem'>, userAgent: string, now: () => number = Date.now): BackendMemory {
  const read = () => {
    try {
      return decodeMemory(storage.getItem(BACKEND_MEMORY_KEY), userAgent, now());
    } catch {
      return null;
    }
  };
  return {
    read,
    write(info) {
      if (info.requested !== 'auto' || info.timings === undefined || !NAMES.includes(info.chosen)) return;
      const old = read();
      if (old?.chosen === info.chosen && old.timings === info.timings) return;
      const record: Stored = { chosen: info.chosen as RememberedBackend['chosen'], timings: info.timings.slice(0, MAX_TIMINGS_LENGTH), at: now(), userAgent };
      try {
        storage.setItem(BACKEND_MEMORY_KEY, JSON.stringify(record));
      } catch {
        // Storage full or blocked: the next visit measures again.
      }
    },
  };
}

/** The page's memory, or one that remembers nothing where localStorage is missing. */
export function browserBackendMemory(): BackendMemory {
  try {
    if (typeof localStorage !== 'undefined' && typeof navigator !== 'undefined') return storageBackendMemory(localStorage, navigator.userAgent);
  } catch {
    // Reading `localStorage` itself throws where storage is blocked.
  }
  return { read: () => null, write: () => undefined };
}
