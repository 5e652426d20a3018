// GPT-2 BPE through gpt-tokenizer: reference ids, exact round trips, special-token handling, and the
// display text of tokens that hold only part of a UTF-8 character.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import RANKS from 'gpt-tokenizer/bpeRanks/r50k_base';
import { displayBytes, utf8SequenceLength } from '../../src/model/gpt2Tokenizer';
import { GPT2_END_OF_TEXT_ID, gpt2Tokenizer, loadTokenizer } from '../../src/model/tokenizer';
import type { Tokenizer } from '../../src/model/tokenizer';

let tok: Tokenizer;
beforeAll(async () => {
  tok = await gpt2Tokenizer();
});

describe('gpt2Tokenizer', () => {
  it.each([
    ['Hello world', [15496, 995]],
    [' Hello world', [18435, 995]],
    ['   Hello', [220, 220, 18435]],
    ['\n\n\n', [628, 198]],
    ['33333', [2091, 20370]],
    ['', []],
  ])('encodes %j as the reference ids %j', (text, ids) => {
    const encoding = tok.encode(text);
    expect(encoding.ids).toEqual(ids);
    expect(encoding.unknown).toEqual([]);
    expect(tok.decode(ids)).toBe(text);
  });

  it('has 50,257 ids and is shared between calls', async () => {
    expect(tok.kind).toBe('gpt2');
    expect(tok.vocabSize).toBe(50_257);
    expect(await gpt2Tokenizer()).toBe(tok);
  });

  it('gives each token the text of its id decoded alone', () => {
    expect(tok.encode(' Paris is nice').tokens).toEqual([
      { id: 6342, text: ' Paris' },
      { id: 318, text: ' is' },
      { id: 3621, text: ' nice' },
    ]);
  });

  it('decodes any well-formed Unicode string back to itself (property)', () => {
    const roundTrips = (s: string): void => {
      expect(tok.decode(tok.encode(s).ids)).toBe(s);
    };
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), roundTrips), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), roundTrips), { numRuns: 200 });
  });

  it('round-trips awkward strings: emoji, a byte order mark, combining marks, control characters', () => {
    for (const s of ['🙂👩‍👩‍👧', '\uFEFF', '\uFEFFstart', 'e\u0301', '\u0000\u0001\t\r\n', 'の日本語', '  \n \n']) {
      expect(tok.decode(tok.encode(s).ids)).toBe(s);
    }
  });

  it('replaces a lone surrogate, which UTF-8 cannot hold, with U+FFFD', () => {
    expect(tok.decode(tok.encode('a\uD800b').ids)).toBe('a\uFFFDb');
  });

  it('encodes "<|endoftext|>" in user text as ordinary text, not as the special id', () => {
    const { ids } = tok.encode('a<|endoftext|>b');
    expect(ids).not.toContain(GPT2_END_OF_TEXT_ID);
    expect(ids).toEqual([64, 27, 91, 437, 1659, 5239, 91, 29, 65]);
    expect(tok.decode(ids)).toBe('a<|endoftext|>b');
  });

  it('still names id 50256 "<|endoftext|>" when decoding and looking up', () => {
    expect(tok.tokenText(GPT2_END_OF_TEXT_ID)).toBe('<|endoftext|>');
    expect(tok.decode([15496, GPT2_END_OF_TEXT_ID])).toBe('Hello<|endoftext|>');
    expect(tok.tokenId('<|endoftext|>')).toBe(GPT2_END_OF_TEXT_ID);
  });

  it('finds the id of a single-token string and nothing for longer strings', () => {
    expect(tok.tokenId(' Paris')).toBe(6342);
    expect(tok.tokenId('Hello')).toBe(15496);
    expect(tok.tokenId('\n')).toBe(198);
    expect(tok.tokenId(' Paris is')).toBeUndefined();
    expect(tok.tokenId('')).toBeUndefined();
    expect(tok.tokenId(' constructor')).toBe(23772);
    expect(tok.tokenId('__proto__')).toBeUndefined();
    expect(tok.tokenId('toString')).toBeUndefined();
  });

  it('agrees with tokenText for every token whose bytes are valid UTF-8 alone', () => {
    for (let id = 0; id < RANKS.length; id++) {
      const entry = RANKS[id];
      if (typeof entry === 'string') expect(tok.tokenId(tok.tokenText(id))).toBe(id);
      else expect(tok.tokenText(id)).toBe(displayBytes(entry));
    }
  });

  it('shows tokens that hold part of a character as text plus \\xNN escapes', () => {
    const [first, second] = tok.encode('🙂').ids;
    expect(tok.tokenText(first)).toBe('\\xf0\\x9f');
    expect(tok.tokenText(second)).toBe('\\x99\\x82');
    expect(tok.decode([first])).toBe('\uFFFD');
    expect(tok.tokenText(50169)).toBe(' \\xf0\\x9f\\x91');
    expect(tok.tokenText(49149)).toBe('の\\xe5\\xae');
  });

  it('decodes partial characters without leaking state into the next call', () => {
    const [first, second] = tok.encode('🙂').ids;
    expect(tok.decode([first])).toBe('\uFFFD');
    expect(tok.decode([second, 15496])).toBe('\uFFFD\uFFFDHello');
    expect(tok.decode([first, second])).toBe('🙂');
  });

  it('decodes any id sequence exactly as UTF-8 decoding of the tokens joined bytes (property)', () => {
    const bytesOf = (id: number): number[] => {
      const entry = id === GPT2_END_OF_TEXT_ID ? '<|endoftext|>' : RANKS[id];
      return typeof entry === 'string' ? [...new TextEncoder().encode(entry)] : entry;
    };
    const reference = new TextDecoder('utf-8', { ignoreBOM: true });
    const ids = fc.array(fc.oneof(fc.integer({ min: 0, max: GPT2_END_OF_TEXT_ID }), fc.constantFrom(8582, 25081, 50169, 49149, 94, 220)), { maxLength: 12 });
    fc.assert(
      fc.property(ids, (list) => {
        expect(tok.decode(list)).toBe(reference.decode(Uint8Array.from(list.flatMap(bytesOf))));
      }),
      { numRuns: 500 },
    );
  });

  it('throws a clear error for ids outside the vocabulary', () => {
    expect(() => tok.tokenText(50_257)).toThrow(/Token id 50257 is out of range for the gpt2 tokenizer: valid ids are integers 0 to 50256/);
    expect(() => tok.tokenText(-1)).toThrow(/out of range/);
    expect(() => tok.decode([15496, Number.NaN])).toThrow(/Token id NaN is out of range/);
  });

  it('is what loadTokenizer builds from {"type": "gpt2"}, and writes that back', async () => {
    expect(await loadTokenizer({ type: 'gpt2' })).toBe(tok);
    expect(await loadTokenizer(tok.toJSON())).toBe(tok);
    expect(tok.toJSON()).toEqual({ type: 'gpt2', version: 1 });
  });
});

describe('utf8SequenceLength and displayBytes', () => {
  it('accept exactly the well-formed UTF-8 sequences', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), (ch) => {
        const bytes = [...new TextEncoder().encode(ch)];
        expect(utf8SequenceLength(bytes, 0)).toBe(bytes.length);
        expect(displayBytes(bytes)).toBe(ch);
        if (bytes.length > 1) expect(utf8SequenceLength(bytes.slice(0, -1), 0)).toBe(0);
      }),
    );
  });

  it('reject overlong forms, surrogates, code points above U+10FFFF and stray continuation bytes', () => {
    for (const bad of [[0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0x80], [0xff]]) {
      expect(utf8SequenceLength(bad, 0)).toBe(0);
    }
    expect(displayBytes([0xed, 0xa0, 0x80, 0x41])).toBe('\\xed\\xa0\\x80A');
  });
});
