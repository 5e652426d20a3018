// Labels per token at position 'all': a column is token-level when each of its values splits on
// whitespace into one part per text token of its prompt (e.g. depths "1 2 1 0"); other columns are
// broadcast to every token of the prompt. Two built-in colourings need no column: token text and index.
import type { PromptRow } from './types';
import type { TokenRows } from './tokenRows';

/** Built-in colourings of tokens, kept in the view's colourBy under names no file column is likely to use. */
export const TOKEN_TEXT_COLOURING = '@token';
export const TOKEN_INDEX_COLOURING = '@position';
export const TOKEN_COLOURINGS: readonly { id: string; name: string }[] = [
  { id: TOKEN_TEXT_COLOURING, name: 'token text' },
  { id: TOKEN_INDEX_COLOURING, name: 'token position' },
];

export function isTokenColouring(column: string | null): boolean {
  return column === TOKEN_TEXT_COLOURING || column === TOKEN_INDEX_COLOURING;
}

/** A prompt's tokens as the engine's encode job gives them; tokens before `textStart` (a <bos>) are not in the text. */
export interface TokenizedPrompt {
  tokens: readonly string[];
  textStart: number;
}

/** The whitespace-separated parts of a token-level value. */
export function tokenLabelParts(value: string): string[] {
  return value.split(/\s+/).filter((part) => part !== '');
}

/**
 * Whether `column` is token-level over these prompts: every non-empty value splits into exactly as many
 * parts as its prompt has text tokens, and some value has at least two parts (a one-word value on
 * one-token prompts reads the same either way, so it stays sequence-level).
 */
export function isTokenLevelColumn(rows: readonly PromptRow[], prompts: readonly TokenizedPrompt[], column: string): boolean {
  let seen = false;
  let multi = false;
  for (let i = 0; i < Math.min(rows.length, prompts.length); i++) {
    const value = rows[i].labels.get(column);
    if (value === undefined || value.trim() === '') continue;
    const parts = tokenLabelParts(value).length;
    if (parts !== prompts[i].tokens.length - prompts[i].textStart) return false;
    seen = true;
    multi ||= parts >= 2;
  }
  return seen && multi;
}

/** The token-level columns among `columns`. */
export function tokenLevelColumns(rows: readonly PromptRow[], prompts: readonly TokenizedPrompt[], columns: readonly string[]): string[] {
  return columns.filter((c) => isTokenLevelColumn(rows, prompts, c));
}

/**
 * One label per token row: a built-in colouring's value, a token-level column's part for that token
 * (null for tokens not in the text), or a sequence-level column's value for every token of the prompt.
 */
export function tokenRowLabels(
  rows: readonly PromptRow[], prompts: readonly TokenizedPrompt[], t: TokenRows, column: string | null, tokenLevel: boolean,
): (string | null)[] {
  const out: (string | null)[] = new Array(t.rows).fill(null);
  if (column === null) return out;
  const parts = tokenLevel ? rows.slice(0, t.prompts).map((r) => { const v = r.labels.get(column); return v === undefined ? null : tokenLabelParts(v); }) : null;
  for (let r = 0; r < t.rows; r++) {
    const p = t.prompt[r], k = t.token[r];
    if (column === TOKEN_TEXT_COLOURING) out[r] = prompts[p].tokens[k] ?? null;
    else if (column === TOKEN_INDEX_COLOURING) out[r] = String(k);
    else if (parts) out[r] = k < prompts[p].textStart ? null : (parts[p]?.[k - prompts[p].textStart] ?? null);
    else out[r] = rows[p].labels.get(column) ?? null;
  }
  return out;
}
