// The coordinates CSV at position 'all': one line per token row, naming its prompt, its index in the
// prompt's tokens and the token's text, with each label column's value for that token.
import { shortestFloat32, toCsv } from './export';
import type { TokenRows } from './tokenRows';
import type { Matrix, PromptRow } from './types';

export interface TokenColumn {
  name: string;
  /** One value per token row (null: none). */
  values: readonly (string | null)[];
}

export function tokenCoordinatesToCsv(
  rows: readonly PromptRow[], t: TokenRows, tokenText: (row: number) => string, columns: readonly TokenColumn[], coords: Matrix, axis = 'pc',
): string {
  if (coords.rows !== t.rows) throw new Error(`the projection has ${coords.rows} points for ${t.rows} tokens; export the projection of the current dataset`);
  const axes = Array.from({ length: coords.cols }, (_, j) => `${axis}${j + 1}`);
  const header = ['index', 'prompt_index', 'token_index', 'token', 'line', 'text', ...columns.map((c) => c.name), 'pair', 'role', 'group', ...axes];
  const body = Array.from({ length: t.rows }, (_, i) => {
    const r = rows[t.prompt[i]];
    return [
      i, t.prompt[i], t.token[i], tokenText(i), r.line, r.text, ...columns.map((c) => c.values[i] ?? ''), r.pair ?? '', r.role ?? '', r.group ?? '',
      ...Array.from(coords.data.subarray(i * coords.cols, (i + 1) * coords.cols), shortestFloat32),
    ];
  });
  return toCsv(header, body);
}
