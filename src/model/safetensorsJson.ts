// Lists the top-level keys of JSON text in written order and finds duplicate keys in its top two levels
// (tensor names; entry fields and metadata keys), which JSON.parse hides by keeping only the last one.
// One pass in O(1) memory beyond the keys themselves, so hostile nesting cannot exhaust the stack; keys are
// compared decoded ("a" and "\u0061" are one key).

export interface DuplicateKey {
  /** Keys of the enclosing objects, outermost first: [] for a tensor name, [name] for a field. */
  path: string[];
  key: string;
}

export interface KeyScan {
  /** Top-level keys in the order written (JSON.parse's objects hoist integer-like keys instead). */
  topLevelKeys: string[];
  /** The first duplicated key at depth 1 or 2, or null. */
  duplicate: DuplicateKey | null;
}

/** Only these levels can hold meaningful keys in a safetensors header: deeper objects are invalid anyway. */
const TRACKED_DEPTH = 2;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const [OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, COMMA] = [0x7b, 0x7d, 0x5b, 0x5d, 0x2c];

/** Scans `text`, which must already be valid JSON (accepted by JSON.parse). */
export function scanKeys(text: string): KeyScan {
  const topLevelKeys: string[] = [];
  let depth = 0;
  // For the tracked levels: the keys seen in the open object there, or null when it is an array.
  const keySets: (Set<string> | null)[] = [null, null];
  let expectKey = false;
  let topKey = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const close = closingQuote(text, i);
      const keys = depth >= 1 && depth <= TRACKED_DEPTH ? keySets[depth - 1] : null;
      if (expectKey && keys !== null) {
        const key = decodeString(text, i, close);
        if (keys.has(key)) return { topLevelKeys, duplicate: { path: depth === 1 ? [] : [topKey], key } };
        keys.add(key);
        if (depth === 1) {
          topKey = key;
          topLevelKeys.push(key);
        }
      }
      expectKey = false;
      i = close;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth <= TRACKED_DEPTH) keySets[depth - 1] = c === OPEN_BRACE ? new Set() : null;
      expectKey = c === OPEN_BRACE && depth <= TRACKED_DEPTH;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    } else if (c === COMMA) {
      expectKey = depth >= 1 && depth <= TRACKED_DEPTH && keySets[depth - 1] !== null;
    }
  }
  return { topLevelKeys, duplicate: null };
}

/** Index of the quote that closes the string opening at `open`. */
function closingQuote(text: string, open: number): number {
  for (let j = open + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === QUOTE) return j;
  }
  return text.length - 1;
}

/** The value of the JSON string literal text[open..close]; only strings with escapes need JSON.parse. */
function decodeString(text: string, open: number, close: number): string {
  const inner = text.slice(open + 1, close);
  return inner.includes('\\') ? (JSON.parse(text.slice(open, close + 1)) as string) : inner;
}
