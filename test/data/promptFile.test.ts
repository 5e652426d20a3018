// Tests for parsePromptFile on the fixture files: every format, the nasty cases (BOM, CRLF, quoting,
// ragged rows, broken JSON lines), column detection and overrides, and the messages users see.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePromptFile, type ParsedPromptFile } from '../../src/data/promptFile';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/prompts/${name}`, import.meta.url), 'utf8');
const parseFixture = (name: string): ParsedPromptFile => parsePromptFile(fixture(name), name);
const texts = (p: ParsedPromptFile): string[] => p.rows.map((r) => r.text);
const labelsOf = (p: ParsedPromptFile, column: string): (string | undefined)[] => p.rows.map((r) => r.labels.get(column));

describe('parsePromptFile on .txt', () => {
  it('reads one prompt per non-blank line, keeping leading spaces and unicode', () => {
    const p = parseFixture('plain.txt');
    expect(p.format).toBe('txt');
    expect(texts(p)).toEqual([
      'The capital of France is', '  indented prompt keeps its spaces', 'Naïve café — déjà vu 🙂', '東京は日本の首都です', 'last line without newline',
    ]);
    expect(p.rows.map((r) => r.line)).toEqual([1, 3, 4, 6, 7]);
    expect(p.errors).toEqual([]);
    expect(p.columns).toEqual([]);
    expect(p.textColumn).toBeNull();
  });

  it('drops a byte-order mark and CRLF line ends', () => {
    const p = parseFixture('bom-crlf.txt');
    expect(texts(p)).toEqual(['First prompt', 'Second prompt', 'Third prompt']);
    expect(p.rows.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('says a file without prompts holds none, and how to write one', () => {
    const p = parsePromptFile('\n  \n\n', 'empty.txt');
    expect(p.rows).toEqual([]);
    expect(p.errors).toEqual([{ line: 0, message: 'empty.txt holds no prompts; put one prompt per line, or a header row and one row per prompt' }]);
  });
});

describe('parsePromptFile on .csv', () => {
  it('handles BOM, CRLF, embedded commas, doubled quotes, line breaks in quotes and blank lines', () => {
    const p = parseFixture('statements.csv');
    expect(p.format).toBe('csv');
    expect(p.columns).toEqual(['statement', 'label', 'topic']);
    expect(p.textColumn).toBe('statement');
    expect(p.labelColumns).toEqual(['label', 'topic']);
    expect(texts(p)).toEqual([
      'Paris is in France, not Spain.', 'She said "hello" twice.', 'A prompt that spans\ntwo lines',
      'Unquoted with a "quote" inside', 'Émoji 🙂 and ünïcödé',
    ]);
    expect(p.rows.map((r) => r.line)).toEqual([2, 3, 4, 7, 8]);
    expect(labelsOf(p, 'label')).toEqual(['true', 'false', 'true', 'false', 'true']);
    expect(p.errors).toEqual([]);
  });

  it('lists ragged rows and broken quotes by line, and keeps the rows that could be read', () => {
    const p = parseFixture('ragged.csv');
    expect(texts(p)).toEqual(['good row one', 'good row two', 'good row three']);
    expect(p.rows.map((r) => r.line)).toEqual([2, 4, 8]);
    expect(p.errors).toEqual([
      { line: 3, message: 'this row has 3 fields but the header has 2; put fields that contain commas in double quotes' },
      { line: 5, message: 'text follows a closing quote; put the whole field in quotes and write a quote inside it as ""' },
      { line: 6, message: 'this row has 1 field but the header has 2; put fields that contain commas in double quotes' },
      { line: 7, message: 'a quoted field opens on this line and is never closed; close it with " and write a quote inside a quoted field as ""' },
    ]);
    expect(p.errorCount).toBe(4);
  });

  it('says when a row has an empty prompt', () => {
    const p = parsePromptFile('text,label\n,a\nhello,b\n', 'x.csv');
    expect(texts(p)).toEqual(['hello']);
    expect(p.errors).toEqual([{ line: 2, message: 'the text column "text" is empty on this row; fill it in or delete the row' }]);
  });

  it('names unnamed and repeated header columns and warns about them', () => {
    const p = parsePromptFile('text,,text\na,b,c\n', 'x.csv');
    expect(p.columns).toEqual(['text', 'column 2', 'text (2)']);
    expect(p.warnings).toEqual([
      'column 2 has no name in the header; it is called "column 2"',
      'the header names "text" twice; the later one is called "text (2)"',
    ]);
  });
});

describe('parsePromptFile on .tsv', () => {
  it('detects the prompt column by name and label columns by cardinality', () => {
    const p = parseFixture('labels.tsv');
    expect(p.format).toBe('tsv');
    expect(p.textColumn).toBe('sentence');
    expect(texts(p)[1]).toBe('It was "fine", I suppose.');
    // id and score have a different value on every row, so they are not offered as labels.
    expect(p.labelColumns).toEqual(['sentiment']);
    expect(p.rows[0].labels.get('score')).toBe('0.9');
  });
});

describe('parsePromptFile on .jsonl', () => {
  it('reads text, labels, groups and scalars, skipping blank lines and CRLF', () => {
    const p = parseFixture('prompts.jsonl');
    expect(p.format).toBe('jsonl');
    expect(texts(p)).toEqual(['The sky is blue', 'The sky is green', 'Snow is white ❄', 'Fire is cold']);
    expect(p.rows.map((r) => r.line)).toEqual([1, 3, 4, 5]);
    expect(labelsOf(p, 'label')).toEqual(['true', 'false', 'true', 'false']);
    expect(p.rows.map((r) => r.group)).toEqual(['colour', 'colour', 'colour', 'temperature']);
    expect(p.rows[1].labels.get('confidence')).toBe('0.25');
    expect(p.warnings).toEqual([
      'line 4: the field "__proto__" holds an object or array; only strings, numbers and booleans are read',
      'line 5: the field "meta" holds an object or array; only strings, numbers and booleans are read',
    ]);
  });

  it('treats __proto__ and constructor as ordinary column names without touching prototypes', () => {
    const p = parseFixture('prompts.jsonl');
    expect(p.columns).toContain('__proto__');
    expect(p.rows[2].labels.get('constructor')).toBe('x');
    expect(p.rows[2].labels.has('__proto__')).toBe(false); // an object value is not read
    expect(({} as { polluted?: string }).polluted).toBeUndefined();
  });

  it('lists each unreadable line with its number and an example of a good one', () => {
    const p = parseFixture('broken.jsonl');
    expect(texts(p)).toEqual(['fine one', 'fine two']);
    expect(p.errors.map((e) => e.line)).toEqual([2, 3, 4, 6]);
    expect(p.errors[0].message).toMatch(/^this line is not valid JSON \(.+\); each line must be one object such as \{"text": "…", "label": "…"\}$/);
    expect(p.errors[1].message).toBe('this line is JSON but not an object; each line must be one object such as {"text": "…", "label": "…"}');
    expect(p.errors[2].message).toBe('the text column "text" is empty on this row; fill it in or delete the row');
  });
});

describe('contrast pairs', () => {
  it('turns positive/negative columns into two prompts per row sharing a pair id', () => {
    const p = parseFixture('contrast-columns.csv');
    expect(p.textColumn).toBeNull();
    expect(texts(p)).toEqual(['I am happy today', 'I am sad today', 'Yes, certainly', 'No, certainly not']);
    expect(p.rows.map((r) => [r.pair, r.role])).toEqual([
      ['line-2', 'positive'], ['line-2', 'negative'], ['line-3', 'positive'], ['line-3', 'negative'],
    ]);
    expect(p.rows[0].labels.get('concept')).toBe('mood');
    expect(p.rows[0].labels.has('positive')).toBe(false);
    expect(p.errors).toEqual([{ line: 4, message: 'the "negative" prompt of this pair is empty; fill it in or delete the row' }]);
    expect(p.pairs).toEqual({ source: 'columns', complete: 2, incomplete: 0 });
  });

  it('pairs rows that share a pair id, reads roles, and warns about a pair with one prompt', () => {
    const p = parseFixture('pairs.jsonl');
    expect(p.rows.map((r) => [r.pair, r.role])).toEqual([
      ['p1', 'positive'], ['p1', 'negative'], ['p2', 'positive'], ['p2', 'negative'], ['p3', 'positive'],
    ]);
    expect(p.pairs).toEqual({ source: 'field', complete: 2, incomplete: 1 });
    expect(p.warnings).toEqual(['pair "p3" has 1 prompt (line 5); a contrast pair needs exactly two']);
    expect(p.labelColumns).toEqual(['label']);
  });

  it('warns about a pair whose prompts have the same role', () => {
    const p = parsePromptFile('text,pair,role\na,1,positive\nb,1,positive\n', 'x.csv');
    expect(p.warnings).toEqual(['pair "1" has two positive prompts (lines 2, 3); one should be negative']);
  });

  it('keeps rows with an unknown role, without one, and says so once', () => {
    const p = parsePromptFile('text,pair,role\na,1,up\nb,1,down\n', 'x.csv');
    expect(p.rows.map((r) => r.role)).toEqual([undefined, undefined]);
    expect(p.warnings).toEqual(['line 2: role "up" is neither positive nor negative; such rows keep no role']);
  });
});

describe('column detection and overrides', () => {
  it('takes the longest non-numeric column when no column has a prompt-like name', () => {
    const p = parseFixture('no-named-column.csv');
    expect(p.textColumn).toBe('body');
    expect(p.labelColumns).toEqual(['topic']);
  });

  it('uses the columns the caller chooses', () => {
    const p = parsePromptFile(fixture('labels.tsv'), 'labels.tsv', { textColumn: 'sentiment', labelColumns: ['id', 'score'] });
    expect(texts(p)).toEqual(['pos', 'neutral', 'neg', 'pos']);
    expect(p.labelColumns).toEqual(['id', 'score']);
  });

  it('a chosen text column replaces positive/negative pairs', () => {
    const p = parsePromptFile(fixture('contrast-columns.csv'), 'c.csv', { textColumn: 'negative' });
    expect(p.pairs).toBeNull();
    expect(texts(p)).toEqual(['I am sad today', 'No, certainly not']);
  });

  it('says which columns exist when a chosen one does not', () => {
    const p = parsePromptFile('text,label\na,b\n', 'x.csv', { textColumn: 'prompt' });
    expect(p.rows).toEqual([]);
    expect(p.errors).toEqual([{ line: 0, message: 'there is no column "prompt"; the columns are "text", "label"' }]);
  });

  it('says what to do when no column can hold prompts', () => {
    const p = parsePromptFile('a,b\n1,2\n3,4\n', 'numbers.csv');
    expect(p.errors).toEqual([{ line: 0, message: 'no column holds prompt text; name one "text" (or "prompt", "statement"), or give "positive" and "negative" columns' }]);
  });
});

describe('format detection', () => {
  it('guesses pasted text: jsonl, tsv, csv with a known header, else one prompt per line', () => {
    expect(parsePromptFile('{"text": "a"}\n', 'pasted').format).toBe('jsonl');
    expect(parsePromptFile('text\tlabel\na\tb\n', 'pasted').format).toBe('tsv');
    expect(parsePromptFile('statement,label\na,b\n', 'pasted').format).toBe('csv');
    expect(parsePromptFile('Paris, the capital, is\nRome is\n', 'pasted').format).toBe('txt');
  });

  it('follows an explicit format over the name', () => {
    const p = parsePromptFile('text,label\na,b\n', 'notes.txt', { format: 'csv' });
    expect(p.format).toBe('csv');
    expect(texts(p)).toEqual(['a']);
  });

  it('recognises an exported session by its kind, whatever the name', () => {
    const p = parsePromptFile(fixture('session.json'), 'dropped.jsonl');
    expect(p.format).toBe('session');
    expect(p.session?.state.model).toBe('truthworld');
    expect(p.session?.dataset?.name).toBe('mini.csv');
    expect(p.errors).toEqual([]);
  });

  it('says a .json file that is not a session belongs in .jsonl', () => {
    const p = parsePromptFile('[{"text": "a"}]', 'prompts.json');
    expect(p.errors).toEqual([{
      line: 0,
      message: 'prompts.json is a .json file but not a Repscope session; put prompts in a .jsonl file, one object per line such as {"text": "…", "label": "…"}',
    }]);
  });
});

describe('caps', () => {
  it('stops at maxRows with a line-numbered error and keeps what was read', () => {
    const p = parsePromptFile('a\nb\nc\nd\n', 'x.txt', { maxRows: 2 });
    expect(texts(p)).toEqual(['a', 'b']);
    expect(p.errors).toEqual([{ line: 3, message: 'the file has more than 2 prompts, the most one set may hold; the rest were not read: split the file' }]);
  });

  it('counts positive/negative rows as two prompts against the cap', () => {
    const p = parsePromptFile('positive,negative\na,b\nc,d\n', 'x.csv', { maxRows: 3 });
    expect(texts(p)).toEqual(['a', 'b']);
    expect(p.errors.map((e) => e.line)).toEqual([3]);
  });

  it('lists the first 100 errors and counts the rest', () => {
    const lines = ['text,label', ...Array.from({ length: 250 }, (_, i) => `row ${i},a,extra`)];
    const p = parsePromptFile(lines.join('\n'), 'x.csv');
    expect(p.errors).toHaveLength(100);
    expect(p.errorCount).toBe(250);
  });

  it('refuses text larger than the file cap', () => {
    const p = parsePromptFile('a'.repeat(50 * 1024 * 1024 + 1), 'huge.txt');
    expect(p.rows).toEqual([]);
    expect(p.errors).toEqual([{ line: 0, message: 'huge.txt is larger than 50 MB, the most a prompt file may be; split it' }]);
  });
});
