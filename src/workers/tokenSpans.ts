// Where each token sits in its prompt's text, so a tooltip can mark the token that was read. Tokenizers
// give ids and display text, not offsets, so this matches token texts left to right (best effort).
import type { Position } from '../data/types';

/** The token read at `position` in a prompt of `length` tokens; null for 'mean'/'all' or outside the prompt. */
export function readIndexOf(position: Position, length: number): number | null {
  if (position === 'last') return length > 0 ? length - 1 : null;
  if (position === 'mean' || position === 'all') return null;
  const p = position < 0 ? length + position : position;
  return p >= 0 && p < length ? p : null;
}

/**
 * [start, end) of each token in `text`, or null where it cannot be found: a token matches when its text
 * (case-insensitively; `pieces` override it, e.g. an unknown word's own spelling) follows the previous
 * match after nothing but whitespace. Special tokens such as <bos> match nothing and get null.
 */
export function tokenSpans(text: string, tokens: readonly string[], pieces: ReadonlyMap<number, string> = new Map()): ([number, number] | null)[] {
  const lower = text.toLowerCase();
  let cursor = 0;
  return tokens.map((token, i) => {
    const piece = (pieces.get(i) ?? token).toLowerCase();
    if (piece === '') return null;
    const at = lower.indexOf(piece, cursor);
    if (at === -1 || lower.slice(cursor, at).trim() !== '') return null;
    cursor = at + piece.length;
    return [at, at + piece.length];
  });
}
