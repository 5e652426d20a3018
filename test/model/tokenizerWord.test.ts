// Word- and char-level tokenizers: splitting, lowercasing, unknown reporting, bos, decode, lookups.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { charTokenizer, wordTokenizer } from '../../src/model/tokenizer';
import type { WordTokenizerSpec } from '../../src/model/tokenizer';

const VOCAB = ['<unk>', '<bos>', '.', ',', '?', '!', "'", '(', ')', 'mia', 'saw', 'the', 'cat', 's', 'paris'];
const SPEC: WordTokenizerSpec = { vocab: VOCAB, unk: '<unk>', bos: '<bos>', addBos: false, lowercase: true };
const id = (text: string): number => VOCAB.indexOf(text);

describe('wordTokenizer', () => {
  it('splits on whitespace and gives each punctuation character its own token', () => {
    const tok = wordTokenizer(SPEC);
    const { ids, tokens, unknown } = tok.encode("Mia saw the cat's (cat).");
    expect(tokens.map((t) => t.text)).toEqual(['mia', 'saw', 'the', 'cat', "'", 's', '(', 'cat', ')', '.']);
    expect(ids).toEqual(tokens.map((t) => id(t.text)));
    expect(unknown).toEqual([]);
  });

  it('treats runs of any whitespace, including tabs and newlines, as one boundary', () => {
    const tok = wordTokenizer(SPEC);
    expect(tok.encode('  mia\t\tsaw\n\nthe\u00a0cat  ').ids).toEqual([id('mia'), id('saw'), id('the'), id('cat')]);
    expect(tok.encode('').ids).toEqual([]);
    expect(tok.encode(' \n ').ids).toEqual([]);
  });

  it('lowercases words before lookup only when asked to', () => {
    expect(wordTokenizer(SPEC).encode('MIA Saw').ids).toEqual([id('mia'), id('saw')]);
    const caseSensitive = wordTokenizer({ ...SPEC, lowercase: false });
    const { ids, unknown } = caseSensitive.encode('MIA saw');
    expect(ids).toEqual([id('<unk>'), id('saw')]);
    expect(unknown).toEqual([{ index: 0, text: 'MIA' }]);
  });

  it('reports every unknown word with its position in ids and its original text', () => {
    const tok = wordTokenizer(SPEC);
    const { ids, tokens, unknown } = tok.encode('Mia saw Zorro and the DOG!');
    expect(ids).toEqual([id('mia'), id('saw'), 0, 0, id('the'), 0, id('!')]);
    expect(unknown).toEqual([
      { index: 2, text: 'Zorro' },
      { index: 3, text: 'and' },
      { index: 5, text: 'DOG' },
    ]);
    expect(tokens[2]).toEqual({ id: 0, text: '<unk>' });
  });

  it('prepends bos when addBos is true and counts it in unknown indices', () => {
    const tok = wordTokenizer({ ...SPEC, addBos: true });
    const { ids, unknown } = tok.encode('mia zorro');
    expect(ids).toEqual([id('<bos>'), id('mia'), 0]);
    expect(unknown).toEqual([{ index: 2, text: 'zorro' }]);
    expect(tok.encode('').ids).toEqual([id('<bos>')]);
  });

  it('does not let input text produce the bos or unk ids by spelling them', () => {
    const tok = wordTokenizer({ ...SPEC, split: 'whitespace' });
    const { ids, unknown } = tok.encode('<bos> mia <unk>');
    expect(ids).toEqual([0, id('mia'), 0]);
    expect(unknown).toEqual([
      { index: 0, text: '<bos>' },
      { index: 2, text: '<unk>' },
    ]);
  });

  it('keeps underscores inside words but splits hyphens and apostrophes off', () => {
    const tok = wordTokenizer({ vocab: ['<unk>', 'snake_case', 'well', '-', 'known', "'", 'n', '_'], unk: '<unk>' });
    expect(tok.encode("snake_case well-known 'n _").tokens.map((t) => t.text)).toEqual(['snake_case', 'well', '-', 'known', "'", 'n', '_']);
  });

  it('keeps words with punctuation whole when split is "whitespace"', () => {
    const tok = wordTokenizer({ vocab: ['<unk>', "mia's", 'cat.'], unk: '<unk>', split: 'whitespace' });
    expect(tok.encode("mia's cat.").ids).toEqual([1, 2]);
  });

  it('splits symbols and non-Latin punctuation too, and keeps non-Latin words together', () => {
    const tok = wordTokenizer({ vocab: ['<unk>', 'привет', '¿', 'qué', '€', '5', '»'], unk: '<unk>' });
    expect(tok.encode('¿qué? привет €5»').tokens.map((t) => t.text)).toEqual(['¿', 'qué', '<unk>', 'привет', '€', '5', '»']);
  });

  it('decodes by joining token texts with single spaces', () => {
    const tok = wordTokenizer(SPEC);
    expect(tok.decode(tok.encode('Mia saw the cat.').ids)).toBe('mia saw the cat .');
    expect(tok.decode([])).toBe('');
  });

  it('treats words like __proto__ and constructor as ordinary vocabulary entries', () => {
    const vocab = ['<unk>', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype'];
    const tok = wordTokenizer({ vocab, unk: '<unk>' });
    const { ids, unknown } = tok.encode('__proto__ constructor toString hasOwnProperty prototype valueOf');
    expect(ids).toEqual([1, 2, 3, 4, 5, 0]);
    expect(unknown).toEqual([{ index: 5, text: 'valueOf' }]);
    expect(tok.tokenId('__proto__')).toBe(1);
    expect(tok.tokenId('valueOf')).toBeUndefined();
    expect(tok.tokenId('__defineGetter__')).toBeUndefined();
  });

  it('looks up token ids exactly, without lowercasing', () => {
    const tok = wordTokenizer(SPEC);
    expect(tok.tokenId('paris')).toBe(id('paris'));
    expect(tok.tokenId('Paris')).toBeUndefined();
    expect(tok.tokenId('<unk>')).toBe(0);
  });

  it('throws a clear error for out-of-range ids in tokenText and decode', () => {
    const tok = wordTokenizer(SPEC);
    expect(tok.tokenText(id('cat'))).toBe('cat');
    expect(() => tok.tokenText(VOCAB.length)).toThrow(/Token id 15 is out of range for the word tokenizer: valid ids are integers 0 to 14/);
    expect(() => tok.tokenText(-1)).toThrow(/out of range/);
    expect(() => tok.tokenText(1.5)).toThrow(/out of range/);
    expect(() => tok.decode([1, 99])).toThrow(/Token id 99 is out of range/);
  });

  it('reports vocabSize and kind, and keeps its vocabulary when the caller mutates the spec', () => {
    const vocab = [...VOCAB];
    const tok = wordTokenizer({ ...SPEC, vocab });
    vocab[9] = 'changed';
    expect(tok.kind).toBe('word');
    expect(tok.vocabSize).toBe(VOCAB.length);
    expect(tok.tokenText(9)).toBe('mia');
  });

  it('rejects an invalid spec passed directly, naming the spec as the source', () => {
    expect(() => wordTokenizer({ vocab: ['a', 'b'], unk: '<unk>' })).toThrow(/^word tokenizer spec: "unk" is "<unk>", which is not in "vocab"/);
    expect(() => wordTokenizer({ vocab: ['<unk>'], unk: '<unk>', bos: '<unk>', addBos: true })).toThrow(/"bos" and "unk" are both "<unk>"/);
    expect(() => wordTokenizer({ vocab: ['<unk>', '<s>'], unk: '<unk>', bos: '<s>' })).toThrow(/"addBos" must be set to true or false when "bos" is set/);
    expect(() => wordTokenizer({ vocab: ['<unk>'], unk: '<unk>', addBos: true })).toThrow(/"addBos" is .* but "bos" is null/);
  });

  it('maps every known word to its id and never loses a position (property)', () => {
    const tok = wordTokenizer({ vocab: ['<unk>', 'a', 'b', 'c'], unk: '<unk>' });
    const word = fc.constantFrom('a', 'b', 'c', 'x', 'yy');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 30 }), (words) => {
        const { ids, unknown } = tok.encode(words.join(' '));
        expect(ids.length).toBe(words.length);
        expect(unknown.map((u) => u.text)).toEqual(words.filter((w) => w === 'x' || w === 'yy'));
        unknown.forEach((u) => expect(ids[u.index]).toBe(0));
        expect(tok.decode(ids)).toBe(words.map((w) => (w === 'x' || w === 'yy' ? '<unk>' : w)).join(' '));
      }),
    );
  });
});

describe('charTokenizer', () => {
  const CHARS = ['<unk>', '<bos>', 'a', 'b', ' ', '\n', '😀', 'é'];
  const tok = charTokenizer({ vocab: CHARS, unk: '<unk>', bos: '<bos>', addBos: false });

  it('encodes one id per code point, including emoji outside the BMP', () => {
    expect(tok.encode('ab 😀\né').ids).toEqual([2, 3, 4, 6, 5, 7]);
    expect(tok.kind).toBe('char');
    expect(tok.vocabSize).toBe(CHARS.length);
  });

  it('reports unknown characters with their positions and decodes by concatenation', () => {
    const { ids, unknown } = tok.encode('aXb😎');
    expect(ids).toEqual([2, 0, 3, 0]);
    expect(unknown).toEqual([
      { index: 1, text: 'X' },
      { index: 3, text: '😎' },
    ]);
    expect(tok.decode(tok.encode('ab a').ids)).toBe('ab a');
    expect(tok.decode(ids)).toBe('a<unk>b<unk>');
  });

  it('prepends bos when addBos is true', () => {
    const withBos = charTokenizer({ vocab: CHARS, unk: '<unk>', bos: '<bos>', addBos: true });
    expect(withBos.encode('ba').ids).toEqual([1, 3, 2]);
    expect(withBos.encode('Z').unknown).toEqual([{ index: 1, text: 'Z' }]);
  });

  it('round-trips any text made of its own characters (property)', () => {
    const text = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '😀', 'é')).map((chars) => chars.join(''));
    fc.assert(
      fc.property(text, (s) => {
        expect(tok.decode(tok.encode(s).ids)).toBe(s);
      }),
    );
  });

  it('rejects entries longer than one character other than unk and bos', () => {
    expect(() => charTokenizer({ vocab: ['<unk>', 'a', 'ab'], unk: '<unk>' })).toThrow(
      /^char tokenizer spec: "vocab\[2\]" is "ab", which is not a single character/,
    );
  });
});
