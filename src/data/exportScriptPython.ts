// Python literals from JavaScript values, for the exported script. Every string becomes an ASCII-only
// double-quoted literal, so no user text can end a literal, start a comment or hide in odd code points.

/** A value that has a Python literal: None, bool, int/float, str, list or dict with str keys. */
export type PyValue = null | boolean | number | string | readonly PyValue[] | { readonly [key: string]: PyValue };

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** One character (a code point, or a lone surrogate) as Python source. */
function escapeChar(ch: string): string {
  const simple = SIMPLE_ESCAPES[ch];
  if (simple !== undefined) return simple;
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x20 && cp < 0x7f) return ch;
  if (cp < 0x100) return `\\x${hex(cp, 2)}`;
  return cp < 0x10000 ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
}

/** A Python str literal equal to `s` (lone surrogates included, as Python allows them in str). */
export function pyStr(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeChar(ch);
  return out + '"';
}

/** A Python number literal; integers stay ints unless `float` is set. */
export function pyNum(n: number, float = false): string {
  if (!Number.isFinite(n)) throw new Error(`cannot write ${n} into a Python script; use a finite number`);
  const text = Object.is(n, -0) ? '-0' : String(n);
  return float && /^-?\d+$/.test(text) ? `${text}.0` : text;
}

/** A Python literal for `v`, on one line. */
export function pyValue(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyNum(v);
  if (typeof v === 'string') return pyStr(v);
  if (Array.isArray(v)) return `[${v.map(pyValue).join(', ')}]`;
  const entries = Object.entries(v as { [key: string]: PyValue });
  return `{${entries.map(([k, x]) => `${pyStr(k)}: ${pyValue(x)}`).join(', ')}}`;
}

/** A list literal with one item per line, for long lists that people will read or edit. */
export function pyListLines(items: readonly PyValue[]): string {
  if (items.length === 0) return '[]';
  return `[\n${items.map((x) => `    ${pyValue(x)},`).join('\n')}\n]`;
}
