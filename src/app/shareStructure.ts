// Structural sharing: a freshly derived value that keeps the old value's objects wherever nothing changed,
// so memoised React components see the same references and skip rendering. A job's progress tick changes
// one panel's message; without this every chart would redraw ten times a second while the worker runs.

const isPlain = (v: unknown): boolean => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/**
 * `next`, with every array or plain object down to `depth` levels that equals its counterpart in `prev`
 * (same keys, elements identical after sharing) replaced by that counterpart. Other objects (typed
 * arrays, class instances, results) compare by identity only.
 */
export function shareStructure<T>(prev: T | null | undefined, next: T, depth: number): T {
  if (prev === next || prev == null || depth <= 0) return next;
  if (Array.isArray(prev) && Array.isArray(next)) {
    if (prev.length !== next.length) return next;
    const out = next.map((v, i) => shareStructure(prev[i], v, depth - 1));
    return (out.every((v, i) => v === prev[i]) ? prev : out.every((v, i) => v === next[i]) ? next : out) as T;
  }
  if (isPlain(prev) && isPlain(next)) {
    const [p, n] = [prev as Record<string, unknown>, next as Record<string, unknown>];
    const keys = Object.keys(n);
    if (keys.length !== Object.keys(p).length || keys.some((k) => !Object.hasOwn(p, k))) return next;
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = shareStructure(p[k], n[k], depth - 1);
    return (keys.every((k) => out[k] === p[k]) ? prev : keys.every((k) => out[k] === n[k]) ? next : out) as T;
  }
  return next;
}
