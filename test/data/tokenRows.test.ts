// Rows at position 'all': whole prompts in order under the cap, each row naming its prompt and token,
// the UI's sentence about them, and which label columns are token-level and what each token gets.
import { describe, expect, it } from 'vitest';
import { TOKEN_ROW_CAP, tokenRows, tokenRowsText } from '../../src/data/tokenRows';
import { TOKEN_INDEX_COLOURING, TOKEN_TEXT_COLOURING, isTokenLevelColumn, tokenLabelParts, tokenLevelColumns, tokenRowLabels } from '../../src/data/tokenLabels';
import type { PromptRow } from '../../src/data/types';

describe('tokenRows', () => {
  it('maps each row to its prompt and token, prompt by prompt', () => {
    const t = tokenRows([2, 3, 1]);
    expect(t.rows).toBe(6);
    expect(t.prompts).toBe(3);
    expect(t.capped).toBe(false);
    expect(Array.from(t.prompt)).toEqual([0, 0, 1, 1, 1, 2]);
    expect(Array.from(t.token)).toEqual([0, 1, 0, 1, 2, 0]);
  });

  it('takes whole prompts in order while they fit under the cap, and says it was capped', () => {
    const t = tokenRows([4, 4, 4, 1], 10);
    expect([t.prompts, t.rows, t.capped]).toEqual([2, 8, true]);
    expect(tokenRows([4, 4, 2, 5], 10)).toMatchObject({ prompts: 3, rows: 10, capped: true });
    expect(tokenRows([4, 6], 10)).toMatchObject({ prompts: 2, rows: 10, capped: false });
  });

  it('always keeps the first prompt, and rejects a cap that is not a positive integer', () => {
    expect(tokenRows([30, 2], 10)).toMatchObject({ prompts: 1, rows: 30, capped: true });
    expect(tokenRows([])).toMatchObject({ prompts: 0, rows: 0, capped: false });
    expect(() => tokenRows([1], 0)).toThrow(/positive integer/);
  });

  it('caps at 20,000 tokens by default', () => {
    const t = tokenRows(Array.from({ length: 3000 }, () => 7));
    expect(TOKEN_ROW_CAP).toBe(20_000);
    expect([t.prompts, t.rows]).toEqual([2857, 19_999]);
  });

  it('describes the rows for the UI', () => {
    expect(tokenRowsText({ prompts: 1234, rows: 20_000, capped: true }, 3000)).toBe('every token: 20,000 tokens of the first 1,234 prompts (of 3,000; at most 20,000 tokens are read)');
    expect(tokenRowsText({ prompts: 300, rows: 4321, capped: false }, 300)).toBe('every token: 4,321 tokens of 300 prompts');
  });
});

const row = (text: string, labels: Record<string, string>, line = 1): PromptRow => ({ text, labels: new Map(Object.entries(labels)), line });
const enc = (text: string) => ({ tokens: ['<bos>', ...text.split(' ')], textStart: 1 });

describe('token-level labels', () => {
  const rows = [
    row('( )', { depths: '1 0', max_depth: '1', shape: 'a b' }),
    row('( [ ] )', { depths: '1 2 1 0', max_depth: '2', shape: 'c d' }),
    row('[ ]', { max_depth: '1' }),
  ];
  const prompts = rows.map((r) => enc(r.text));

  it('splits a value on any whitespace', () => {
    expect(tokenLabelParts(' 1  2\t3 ')).toEqual(['1', '2', '3']);
  });

  it('calls a column token-level when every non-empty value has one part per text token', () => {
    expect(isTokenLevelColumn(rows, prompts, 'depths')).toBe(true);
    expect(isTokenLevelColumn(rows, prompts, 'max_depth')).toBe(false);
    expect(isTokenLevelColumn(rows, prompts, 'shape')).toBe(false);
    expect(isTokenLevelColumn(rows, prompts, 'missing')).toBe(false);
    expect(tokenLevelColumns(rows, prompts, ['max_depth', 'depths', 'shape'])).toEqual(['depths']);
  });

  it('keeps one-word values on one-token prompts sequence-level, since they read the same either way', () => {
    const single = [row('(', { kind: 'open' }), row(')', { kind: 'close' })];
    expect(isTokenLevelColumn(single, single.map((r) => enc(r.text)), 'kind')).toBe(false);
  });

  it('counts the text tokens without those the tokenizer adds', () => {
    const noBos = rows.map((r) => ({ tokens: r.text.split(' '), textStart: 0 }));
    expect(isTokenLevelColumn(rows, noBos, 'depths')).toBe(true);
    const withBos = rows.map((r) => ({ tokens: ['<bos>', ...r.text.split(' ')], textStart: 0 }));
    expect(isTokenLevelColumn(rows, withBos, 'depths')).toBe(false);
  });

  it('gives each text token its part, <bos> and unlabelled prompts null', () => {
    const t = tokenRows(prompts.map((p) => p.tokens.length));
    expect(tokenRowLabels(rows, prompts, t, 'depths', true)).toEqual([null, '1', '0', null, '1', '2', '1', '0', null, null, null]);
  });

  it('broadcasts a sequence-level value to every token of its prompt', () => {
    const t = tokenRows(prompts.map((p) => p.tokens.length), 8);
    expect(tokenRowLabels(rows, prompts, t, 'max_depth', false)).toEqual(['1', '1', '1', '2', '2', '2', '2', '2']);
  });

  it('colours by token text or token position without a column, and by nothing with none', () => {
    const t = tokenRows(prompts.map((p) => p.tokens.length), 3);
    expect(tokenRowLabels(rows, prompts, t, TOKEN_TEXT_COLOURING, false)).toEqual(['<bos>', '(', ')']);
    expect(tokenRowLabels(rows, prompts, t, TOKEN_INDEX_COLOURING, false)).toEqual(['0', '1', '2']);
    expect(tokenRowLabels(rows, prompts, t, null, false)).toEqual([null, null, null]);
  });
});
