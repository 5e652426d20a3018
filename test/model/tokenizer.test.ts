// loadTokenizer and the tokenizer.json format: round trips through toJSON and the rejection of
// malformed files with messages that say what to fix.
import { describe, expect, it } from 'vitest';
import { MAX_VOCAB_SIZE, charTokenizer, loadTokenizer, wordTokenizer } from '../../src/model/tokenizer';

const WORD_JSON = {
  type: 'word',
  version: 1,
  vocab: ['<unk>', '<bos>', '.', 'mia', 'saw', 'the', 'cat'],
  unk: '<unk>',
  bos: '<bos>',
  addBos: true,
  lowercase: true,
  split: 'words-and-punctuation',
};
const CHAR_JSON = { type: 'char', version: 1, vocab: ['<unk>', 'a', 'b', ' '], unk: '<unk>', bos: null, addBos: false };

/** A copy of WORD_JSON with some fields replaced or (when undefined) removed. */
function wordJson(changes: Record<string, unknown>): Record<string, unknown> {
  const json: Record<string, unknown> = { ...WORD_JSON, ...changes };
  for (const key of Object.keys(changes)) if (changes[key] === undefined) delete json[key];
  return json;
}

describe('loadTokenizer', () => {
  it('builds a word tokenizer from tokenizer.json', async () => {
    const tok = await loadTokenizer(WORD_JSON);
    expect(tok.kind).toBe('word');
    expect(tok.vocabSize).toBe(7);
    expect(tok.encode('Mia saw the dog.')).toEqual({
      ids: [1, 3, 4, 5, 0, 2],
      tokens: [
        { id: 1, text: '<bos>' },
        { id: 3, text: 'mia' },
        { id: 4, text: 'saw' },
        { id: 5, text: 'the' },
        { id: 0, text: '<unk>' },
        { id: 2, text: '.' },
      ],
      unknown: [{ index: 4, text: 'dog' }],
    });
  });

  it('round-trips word and char tokenizers through toJSON, JSON text and loadTokenizer', async () => {
    for (const json of [WORD_JSON, CHAR_JSON]) {
      const tok = await loadTokenizer(json);
      expect(tok.toJSON()).toEqual(json);
      const again = await loadTokenizer(JSON.parse(JSON.stringify(tok.toJSON())));
      expect(again.toJSON()).toEqual(json);
      expect(again.encode('Mia saw a cat').ids).toEqual(tok.encode('Mia saw a cat').ids);
    }
  });

  it('writes every field explicitly, filling in defaults for omitted optional ones', async () => {
    const tok = await loadTokenizer({ type: 'word', vocab: ['<unk>', 'a'], unk: '<unk>' });
    expect(tok.toJSON()).toEqual({
      type: 'word', version: 1, vocab: ['<unk>', 'a'], unk: '<unk>', bos: null, addBos: false, lowercase: false, split: 'words-and-punctuation',
    });
    const direct = charTokenizer({ vocab: ['<unk>', 'a'], unk: '<unk>' });
    expect(direct.toJSON()).toEqual({ type: 'char', version: 1, vocab: ['<unk>', 'a'], unk: '<unk>', bos: null, addBos: false });
  });

  it('returns a fresh vocabulary from toJSON, so changing it does not change the tokenizer', () => {
    const tok = wordTokenizer({ vocab: ['<unk>', 'a'], unk: '<unk>' });
    (tok.toJSON() as { vocab: string[] }).vocab[1] = 'changed';
    expect(tok.tokenText(1)).toBe('a');
  });

  it('rejects a value that is not a JSON object', async () => {
    await expect(loadTokenizer(null)).rejects.toThrow(/^tokenizer\.json: expected a JSON object .*; got null\.$/);
    await expect(loadTokenizer([WORD_JSON])).rejects.toThrow(/expected a JSON object .*; got an array/);
    await expect(loadTokenizer('{"type":"gpt2"}')).rejects.toThrow(/got a string \(parse the file with JSON\.parse first\)/);
  });

  it('rejects a missing or unknown type', async () => {
    await expect(loadTokenizer({ vocab: ['<unk>'] })).rejects.toThrow(/"type" must be one of "gpt2", "word", "char"; it is missing/);
    await expect(loadTokenizer({ type: 'bpe' })).rejects.toThrow(/"type" must be one of "gpt2", "word", "char"; got "bpe"/);
    await expect(loadTokenizer({ type: '__proto__' })).rejects.toThrow(/got "__proto__"/);
    await expect(loadTokenizer({ type: 3 })).rejects.toThrow(/"type" must be one of .*; got number/);
  });

  it('rejects an unsupported version', async () => {
    await expect(loadTokenizer(wordJson({ version: 2 }))).rejects.toThrow(/"version" is 2, but this version of Repscope reads version 1/);
    await expect(loadTokenizer({ type: 'gpt2', version: '1' })).rejects.toThrow(/"version" is a string/);
  });

  it('rejects unknown fields, such as misspelt ones', async () => {
    await expect(loadTokenizer(wordJson({ lowercse: true }))).rejects.toThrow(/unknown field "lowercse"; the allowed fields are "type", "version", "vocab"/);
    await expect(loadTokenizer({ type: 'gpt2', vocab: [] })).rejects.toThrow(/unknown field "vocab"; the allowed fields are "type", "version"\./);
    await expect(loadTokenizer({ ...CHAR_JSON, lowercase: true })).rejects.toThrow(/unknown field "lowercase"/);
  });

  it('rejects a missing, non-array or empty vocab', async () => {
    await expect(loadTokenizer(wordJson({ vocab: undefined }))).rejects.toThrow(/^tokenizer\.json: "vocab" must be a non-empty array of token strings; got undefined/);
    await expect(loadTokenizer(wordJson({ vocab: { 0: 'a' } }))).rejects.toThrow(/"vocab" must be a non-empty array .*; got object/);
    await expect(loadTokenizer(wordJson({ vocab: [] }))).rejects.toThrow(/"vocab" is empty; it needs at least the "unk" entry/);
  });

  it('rejects vocab entries that are not non-empty strings', async () => {
    await expect(loadTokenizer(wordJson({ vocab: ['<unk>', 7] }))).rejects.toThrow(/"vocab\[1\]" must be a non-empty string; got number/);
    await expect(loadTokenizer(wordJson({ vocab: ['<unk>', ''] }))).rejects.toThrow(/"vocab\[1\]" must be a non-empty string; got the empty string/);
    await expect(loadTokenizer(wordJson({ vocab: ['<unk>', null] }))).rejects.toThrow(/"vocab\[1\]" .*; got null/);
  });

  it('rejects duplicate vocab entries, naming both ids', async () => {
    const vocab = ['<unk>', '<bos>', 'mia', 'cat', 'mia'];
    await expect(loadTokenizer(wordJson({ vocab }))).rejects.toThrow(/"vocab" lists "mia" twice \(ids 2 and 4\); each token must appear exactly once/);
  });

  it('rejects an unk or bos that is missing from vocab', async () => {
    await expect(loadTokenizer(wordJson({ unk: '[UNK]' }))).rejects.toThrow(
      /"unk" is "\[UNK\]", which is not in "vocab"; add it to "vocab" or set "unk" to one of its entries/,
    );
    await expect(loadTokenizer(wordJson({ unk: undefined }))).rejects.toThrow(/"unk" must be a string naming an entry of "vocab"; got undefined/);
    await expect(loadTokenizer(wordJson({ bos: '<s>' }))).rejects.toThrow(/"bos" is "<s>", which is not in "vocab"/);
    await expect(loadTokenizer(wordJson({ bos: 1 }))).rejects.toThrow(/"bos" must be a string naming an entry of "vocab", or null; got number/);
  });

  it('rejects addBos that is missing when bos is set, or true when bos is null', async () => {
    await expect(loadTokenizer(wordJson({ addBos: undefined }))).rejects.toThrow(/"addBos" must be set to true or false when "bos" is set/);
    await expect(loadTokenizer(wordJson({ bos: null }))).rejects.toThrow(/"addBos" is true but "bos" is null/);
    await expect(loadTokenizer(wordJson({ addBos: 'yes' }))).rejects.toThrow(/"addBos" must be true or false; got a string/);
  });

  it('rejects a bad lowercase or split option', async () => {
    await expect(loadTokenizer(wordJson({ lowercase: 'yes' }))).rejects.toThrow(/"lowercase" must be true or false; got a string/);
    await expect(loadTokenizer(wordJson({ split: 'bpe' }))).rejects.toThrow(/"split" must be one of "words-and-punctuation", "whitespace"; got "bpe"/);
  });

  it('rejects a char vocabulary entry longer than one character', async () => {
    await expect(loadTokenizer({ ...CHAR_JSON, vocab: ['<unk>', 'ab'] })).rejects.toThrow(/"vocab\[1\]" is "ab", which is not a single character/);
  });

  it('rejects a vocabulary larger than the size cap before reading its entries', async () => {
    const vocab = new Array<string>(MAX_VOCAB_SIZE + 1);
    await expect(loadTokenizer(wordJson({ vocab }))).rejects.toThrow(/"vocab" has 1,000,001 entries, more than the limit of 1,000,000/);
  });

  it('accepts a vocabulary at the size cap', async () => {
    const vocab = Array.from({ length: MAX_VOCAB_SIZE }, (_, i) => `w${i}`);
    const tok = await loadTokenizer({ type: 'word', vocab, unk: 'w0' });
    expect(tok.vocabSize).toBe(MAX_VOCAB_SIZE);
    expect(tok.encode('w999999 w5').ids).toEqual([999_999, 5]);
  });

  it('treats a "__proto__" key in the file as an unknown field and pollutes nothing', async () => {
    const text = '{"type":"word","vocab":["<unk>"],"unk":"<unk>","__proto__":{"polluted":true}}';
    await expect(loadTokenizer(JSON.parse(text))).rejects.toThrow(/unknown field "__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts vocabulary words that are Object.prototype member names', async () => {
    const vocab = ['<unk>', '__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const tok = await loadTokenizer({ type: 'word', vocab, unk: '<unk>' });
    expect(tok.encode('constructor __proto__ valueOf').ids).toEqual([2, 1, 0]);
    expect(tok.tokenId('hasOwnProperty')).toBe(4);
    expect(tok.tokenId('isPrototypeOf')).toBeUndefined();
  });

  it('truncates very long values in messages', async () => {
    const long = 'x'.repeat(500);
    const message = await loadTokenizer(wordJson({ unk: long })).then(
      () => '',
      (err: Error) => err.message,
    );
    expect(message).toMatch(/"unk" is "x{40}…", which is not in "vocab"/);
    expect(message.length).toBeLessThan(200);
  });
});
