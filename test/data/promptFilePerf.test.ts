// Large files: 100,000-line CSV, JSONL and text files parse completely (times are printed, not asserted:
// the machines are shared and noisy), and the row cap stops a file that is too long.
import { describe, expect, it } from 'vitest';
import { parsePromptFile } from '../../src/data/promptFile';

const N = 100_000;
const LABELS = ['true', 'false'];
const TOPICS = ['geo', 'history', 'science', 'sport'];

function timed<T>(what: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  console.log(`${what}: ${(performance.now() - start).toFixed(0)} ms`);
  return result;
}

function bigCsv(): string {
  const lines = ['id,statement,label,topic'];
  for (let i = 0; i < N; i++) {
    const statement = i % 10 === 0 ? `"Statement ${i}, with a comma and ""quotes"""` : `Statement number ${i} about something`;
    lines.push(`${i},${statement},${LABELS[i % 2]},${TOPICS[i % 4]}`);
  }
  return lines.join('\r\n');
}

describe('parsePromptFile on large files', () => {
  it('parses a 100,000-line CSV', () => {
    const text = bigCsv();
    const p = timed(`100k-line CSV (${(text.length / 1e6).toFixed(1)} MB)`, () => parsePromptFile(text, 'big.csv'));
    expect(p.errorCount).toBe(0);
    expect(p.rows).toHaveLength(N);
    expect(p.rows[N - 1]).toMatchObject({ text: `Statement number ${N - 1} about something`, line: N + 1 });
    expect(p.rows[10].text).toBe('Statement 10, with a comma and "quotes"');
    expect(p.labelColumns).toEqual(['label', 'topic']);
  });

  it('parses a 100,000-line JSONL file', () => {
    const text = Array.from({ length: N }, (_, i) => JSON.stringify({ text: `Prompt ${i}`, label: LABELS[i % 2], pair: `p${i >> 1}` })).join('\n');
    const p = timed('100k-line JSONL', () => parsePromptFile(text, 'big.jsonl'));
    expect(p.errorCount).toBe(0);
    expect(p.rows).toHaveLength(N);
    expect(p.pairs).toEqual({ source: 'field', complete: N / 2, incomplete: 0 });
  });

  it('parses a 100,000-line text file', () => {
    const text = Array.from({ length: N }, (_, i) => `Prompt number ${i}`).join('\n');
    const p = timed('100k-line TXT', () => parsePromptFile(text, 'big.txt'));
    expect(p.rows).toHaveLength(N);
  });

  it('stops at 200,000 prompts with an error on the first line left out', () => {
    const text = Array.from({ length: 200_005 }, (_, i) => `p${i}`).join('\n');
    const p = parsePromptFile(text, 'too-many.txt');
    expect(p.rows).toHaveLength(200_000);
    expect(p.errors).toEqual([{ line: 200_001, message: 'the file has more than 200,000 prompts, the most one set may hold; the rest were not read: split the file' }]);
  });
});
