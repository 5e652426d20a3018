// The CLI's own parsers: flags, prompt files (txt, jsonl, RFC 4180 csv), hook patterns and positions.
import { describe, expect, it } from 'vitest';
import { CliError, parseArgs } from '../../src/cli/args';
import { expandHooks, parsePosition } from '../../src/cli/hookSpec';
import { MAX_PROMPTS, parseCsv, parsePromptFile } from '../../src/cli/promptFile';
import { parseIds } from '../../src/cli/prompts';
import { validateConfig } from '../../src/model/config';

const SPECS = { out: 'string', json: 'boolean', position: 'string' } as const;

describe('parseArgs', () => {
  it('reads --flag value, --flag=value, booleans and positionals in any order', () => {
    const args = parseArgs(['m', '--out', 'a.npy', '--json', '--position=-1'], SPECS, 'x');
    expect(args.positionals).toEqual(['m']);
    expect(Object.fromEntries(args.flags)).toEqual({ out: 'a.npy', json: true, position: '-1' });
  });

  it('takes the next argument as a value even when it starts with a dash, and stops at --', () => {
    const args = parseArgs(['--position', '-2', '--', '--json'], SPECS, 'x');
    expect(args.flags.get('position')).toBe('-2');
    expect(args.positionals).toEqual(['--json']);
  });

  it('rejects unknown, repeated, value-less and short flags as usage errors', () => {
    const fails = (argv: string[], message: string) => {
      const run = () => parseArgs(argv, SPECS, 'cache');
      expect(run).toThrow(CliError);
      expect(run).toThrow(message);
    };
    fails(['--bogus'], 'unknown option --bogus for "repscope cache"');
    fails(['--constructor'], 'unknown option --constructor');
    fails(['--out', 'a', '--out', 'b'], 'option --out is given twice');
    fails(['--out'], 'option --out needs a value');
    fails(['--json=yes'], 'option --json takes no value');
    fails(['-x'], 'unknown option -x');
  });
});

describe('parsePromptFile', () => {
  it('reads one prompt per non-blank .txt line, with CRLF and a BOM', () => {
    expect(parsePromptFile('\uFEFFthe cat\r\n\r\n a dog \r\n', 'p.txt')).toEqual([{ line: 1, text: 'the cat' }, { line: 3, text: ' a dog ' }]);
  });

  it('reads .jsonl text or ids with optional labels', () => {
    const rows = parsePromptFile('{"text": "a", "label": 1}\n\n{"ids": [3, 4], "label": "x"}\n{"text": "b", "label": null}', 'p.jsonl');
    expect(rows).toEqual([{ line: 1, text: 'a', label: 1 }, { line: 3, ids: [3, 4], label: 'x' }, { line: 4, text: 'b' }]);
    expect(() => parsePromptFile('{"text": "a", "ids": [1]}', 'p.jsonl')).toThrow('p.jsonl line 1: give exactly one of "text"');
    expect(() => parsePromptFile('{"ids": [1.5]}', 'p.jsonl')).toThrow('"ids" must be a non-empty array');
    expect(() => parsePromptFile('["a"]', 'p.jsonl')).toThrow('expected a JSON object');
    expect(() => parsePromptFile('{"text": "a", "label": {}}', 'p.jsonl')).toThrow('"label" must be a string, number or boolean');
  });

  it('parses CSV quoting: commas, doubled quotes and line breaks inside quoted fields', () => {
    const records = parseCsv('a,b\r\n"x, y","say ""hi"""\n"multi\nline",\n', 'q.csv');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', ''] },
    ]);
    expect(() => parseCsv('"a"b\n', 'q.csv')).toThrow('q.csv line 1: unexpected "b" after a closing quote');
  });

  it('maps CSV columns text, prompt or statement and label, counting lines of multi-line fields', () => {
    const rows = parsePromptFile('Statement,Label\n"The sky\nis blue",1\nGrass is red,0', 'facts.csv');
    expect(rows).toEqual([{ line: 2, text: 'The sky\nis blue', label: '1' }, { line: 4, text: 'Grass is red', label: '0' }]);
    expect(parsePromptFile('prompt\nhello\n', 'p.csv')).toEqual([{ line: 2, text: 'hello' }]);
    expect(() => parsePromptFile('text,label\n,1\n', 'e.csv')).toThrow('e.csv line 2: empty text');
  });

  it('refuses empty files and more than MAX_PROMPTS prompts', () => {
    expect(() => parsePromptFile('\n\n', 'p.txt')).toThrow('p.txt: the file has no prompts');
    expect(() => parsePromptFile('a\n'.repeat(MAX_PROMPTS + 1), 'p.txt')).toThrow(`more than the limit of ${MAX_PROMPTS}`);
    expect(parsePromptFile('a\n'.repeat(MAX_PROMPTS), 'p.txt')).toHaveLength(MAX_PROMPTS);
  });
});

describe('expandHooks, parsePosition and parseIds', () => {
  const config = validateConfig({ nLayers: 3, dModel: 8, nHeads: 2, nCtx: 8, dVocab: 10 });

  it('expands * over layers, keeps the order given and drops duplicates', () => {
    expect(expandHooks('hook_embed, blocks.*.hook_resid_post,blocks.1.hook_resid_post', config)).toEqual([
      'hook_embed', 'blocks.0.hook_resid_post', 'blocks.1.hook_resid_post', 'blocks.2.hook_resid_post',
    ]);
    expect(expandHooks('blocks.2.attn.*', config)).toHaveLength(6);
    expect(() => expandHooks(' , ', config)).toThrow('--hooks is empty');
  });

  it('reads all, last, mean and integer positions, and nothing else', () => {
    expect([undefined, 'all', 'last', 'mean', '3', '-1'].map(parsePosition)).toEqual(['all', 'all', 'last', 'mean', 3, -1]);
    for (const bad of ['first', '1.5', '', ' 2']) expect(() => parsePosition(bad)).toThrow('--position must be all, last, mean or a token index');
  });

  it('reads ids separated by commas or spaces within the vocabulary', () => {
    expect(parseIds('1, 2 3,', 10)).toEqual([1, 2, 3]);
    expect(() => parseIds('', 10)).toThrow('--ids is empty');
    expect(() => parseIds('-1', 10)).toThrow('"-1" is not a token id');
    expect(() => parseIds('10', 10)).toThrow('token id 10 is outside the model\'s vocabulary (ids 0–9)');
  });
});
