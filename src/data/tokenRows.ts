// Position 'all' gives one row per token: which prompts fit under the row cap (whole prompts, in order)
// and which (prompt, token) each row is. The engine and the app both derive rows from token counts here.

/** Most token rows the explorer reads at position 'all' (the scatter and UMAP are built for 20k points). */
export const TOKEN_ROW_CAP = 20_000;

export interface TokenRows {
  /** How many prompts, from the first, have their tokens in the rows. */
  prompts: number;
  rows: number;
  /** Row r is token `token[r]` of prompt `prompt[r]`. */
  prompt: Int32Array;
  token: Int32Array;
  /** Whether prompts were left out to stay under the cap. */
  capped: boolean;
}

/**
 * Rows for prompts of `lengths` tokens: whole prompts in order while their tokens fit under `cap`
 * (the first prompt always, so a row set is never empty for a non-empty input).
 */
export function tokenRows(lengths: readonly number[], cap = TOKEN_ROW_CAP): TokenRows {
  if (!Number.isInteger(cap) || cap < 1) throw new Error(`the token row cap must be a positive integer, not ${cap}`);
  let prompts = 0;
  let rows = 0;
  while (prompts < lengths.length && (prompts === 0 || rows + lengths[prompts] <= cap)) rows += lengths[prompts++];
  const prompt = new Int32Array(rows);
  const token = new Int32Array(rows);
  let r = 0;
  for (let p = 0; p < prompts; p++) {
    for (let t = 0; t < lengths[p]; t++, r++) {
      prompt[r] = p;
      token[r] = t;
    }
  }
  return { prompts, rows, prompt, token, capped: prompts < lengths.length };
}

/** What the UI says about the rows: "every token: 20,000 tokens of the first 1,234 prompts". */
export function tokenRowsText(t: Pick<TokenRows, 'prompts' | 'rows' | 'capped'>, total: number, cap = TOKEN_ROW_CAP): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const tokens = `${n(t.rows)} token${t.rows === 1 ? '' : 's'}`;
  if (t.capped) return `every token: ${tokens} of the first ${n(t.prompts)} prompts (of ${n(total)}; at most ${n(cap)} tokens are read)`;
  return `every token: ${tokens} of ${t.prompts === 1 ? '1 prompt' : `${n(t.prompts)} prompts`}`;
}
