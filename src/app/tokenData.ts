// The explorer's points at position 'all', from the encode job's tokens: which (prompt, token) each row
// is (the engine derives the same rows from the same token counts), which label columns are token-level,
// each row's label, and the sentence that says how many tokens of how many prompts are shown. Pure.
import type { PromptRow } from '../data/types';
import { TOKEN_ROW_CAP, tokenRows, tokenRowsText, type TokenRows } from '../data/tokenRows';
import { isTokenColouring, tokenLevelColumns, tokenRowLabels } from '../data/tokenLabels';
import type { EncodedPrompt } from '../workers/protocol';
import { encodingKey } from './keys';
import { activationIdentity, labelColumn, runRows, tokenCapFor } from './selectors';
import type { AppState } from './store';

export interface TokenPoints {
  /** Row r is token `rows.token[r]` of prompt `rows.prompt[r]`. */
  rows: TokenRows;
  /** Label columns whose values give one part per text token. */
  tokenLevel: string[];
  /** Each row's label in the colouring column (null: none). */
  labels: (string | null)[];
  /** "every token: 20,000 tokens of the first 1,234 prompts". */
  text: string;
}

/** Token rows of `encoded` (the run's prompts, in order) with labels from `column`. */
export function tokenPoints(rows: readonly PromptRow[], encoded: readonly EncodedPrompt[], labelColumns: readonly string[], column: string | null, cap = TOKEN_ROW_CAP): TokenPoints {
  const t = tokenRows(encoded.map((e) => e.tokens.length), cap);
  const used = rows.slice(0, t.prompts);
  const tokenLevel = tokenLevelColumns(rows, encoded, labelColumns);
  const labels = tokenRowLabels(used, encoded, t, column, column !== null && !isTokenColouring(column) && tokenLevel.includes(column));
  return { rows: t, tokenLevel, labels, text: tokenRowsText(t, rows.length, cap) };
}

/** The encode job's prompts for the current view, or null until it is done. */
export function encodedPrompts(state: AppState): EncodedPrompt[] | null {
  const { view, dataset } = state;
  const model = state.engine.model;
  if (!model || !dataset) return null;
  const id = activationIdentity(model, state.engine.backend?.chosen, dataset, view);
  const entry = state.results[encodingKey(model.id, id.dataset, view.position)];
  return entry?.status === 'done' ? (entry.value as { prompts: EncodedPrompt[] }).prompts : null;
}

// One entry: every progress tick derives the view again, and 20,000 labels need not be rebuilt each time.
let last: { key: unknown[]; value: TokenPoints } | null = null;

/** The view's token points at position 'all' once the prompts are encoded; null otherwise. Memoised. */
export function viewTokenPoints(state: AppState): TokenPoints | null {
  const { view, dataset } = state;
  const model = state.engine.model;
  const encoded = view.position === 'all' ? encodedPrompts(state) : null;
  if (!dataset || !model || !encoded) return null;
  const column = labelColumn(view, dataset);
  const cap = tokenCapFor(model, view.site);
  const key: unknown[] = [dataset, view.maxPrompts, encoded, column, cap];
  if (last && last.key.every((k, i) => k === key[i])) return last.value;
  const value = tokenPoints(runRows(dataset, view.maxPrompts).rows, encoded, dataset.labelColumns, column, cap);
  last = { key, value };
  return value;
}

/** A row's place for a tooltip or a list: prompt, token index and the token's text. */
export function tokenPlace(encoded: readonly EncodedPrompt[], rows: TokenRows, r: number): { prompt: number; token: number; text: string; span: [number, number] | null } {
  const prompt = rows.prompt[r], token = rows.token[r];
  const e = encoded[prompt];
  return { prompt, token, text: e?.tokens[token] ?? '', span: e?.spans[token] ?? null };
}
