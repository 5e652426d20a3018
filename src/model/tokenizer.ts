// Tokenizers: the public API (types, GPT-2 BPE, word and char level) and our tokenizer.json format.
// Pure code: no DOM and no Node APIs, so it runs the same in the page, in workers and in Node.
//
// tokenizer.json (one object; unknown fields are rejected so typos are caught):
//   {"type": "gpt2"}                       GPT-2's BPE, 50,257 ids, from the gpt-tokenizer package
//   {"type": "word", "version": 1,
//    "vocab": ["<unk>", "<bos>", ".", "mia", ...],  an entry's index is its id; unique, non-empty
//    "unk": "<unk>",                        required, must be in vocab
//    "bos": "<bos>" | null,                 optional, default null
//    "addBos": true,                        whether encode prepends bos; required when bos is set
//    "lowercase": true,                     optional, default false
//    "split": "words-and-punctuation"}      or "whitespace"; optional, default words-and-punctuation
//   {"type": "char", "version": 1, "vocab": ["<unk>", "a", "b", ...], "unk": "<unk>", "bos", "addBos"}
//                                          one character per entry apart from unk and bos
// "version" is optional and must be 1 when present; vocabularies hold at most 1,000,000 entries.
// Word decode joins token texts with single spaces; char decode concatenates them.
import { gpt2Tokenizer } from './gpt2Tokenizer';
import { describeType, quote } from './tokenizerBase';
import type { Tokenizer } from './tokenizerBase';
import { checkObject, readFields, specError } from './vocabTokenizer';
import { CHAR_SPEC_FIELDS, WORD_SPEC_FIELDS, buildCharTokenizer, buildWordTokenizer } from './wordTokenizer';
import type { CharTokenizerSpec, WordTokenizerSpec } from './wordTokenizer';

export type { Encoding, Token, Tokenizer, TokenizerKind, UnknownToken } from './tokenizerBase';
export { MAX_VOCAB_SIZE } from './tokenizerBase';
export type { CharTokenizerSpec, WordSplit, WordTokenizerSpec } from './wordTokenizer';
export { charTokenizer, wordTokenizer, WORD_SPLITS } from './wordTokenizer';
export { GPT2_END_OF_TEXT, GPT2_END_OF_TEXT_ID, GPT2_VOCAB_SIZE, gpt2Tokenizer } from './gpt2Tokenizer';

/** The version of tokenizer.json this code writes and reads. */
export const TOKENIZER_JSON_VERSION = 1;

/** The tokenizer.json object, as `toJSON` writes it and `loadTokenizer` reads it. */
export type TokenizerJson =
  | { type: 'gpt2'; version?: 1 }
  | ({ type: 'word'; version?: 1 } & WordTokenizerSpec)
  | ({ type: 'char'; version?: 1 } & CharTokenizerSpec);

const WHERE = 'tokenizer.json';
const HEADER_FIELDS = ['type', 'version'] as const;

/** Fields allowed for each type. A Map, so a "type" such as "__proto__" finds nothing. */
const FIELDS_BY_TYPE: ReadonlyMap<string, readonly string[]> = new Map([
  ['gpt2', [...HEADER_FIELDS]],
  ['word', [...HEADER_FIELDS, ...WORD_SPEC_FIELDS]],
  ['char', [...HEADER_FIELDS, ...CHAR_SPEC_FIELDS]],
]);

/**
 * Builds a tokenizer from a parsed tokenizer.json. Rejects anything malformed with an Error that
 * starts with "tokenizer.json:" and says which field to fix and how.
 */
export async function loadTokenizer(json: unknown): Promise<Tokenizer> {
  const type = readType(json);
  const fields = readFields(json, FIELDS_BY_TYPE.get(type) ?? [], WHERE);
  checkVersion(fields.version);
  const spec = Object.fromEntries(Object.entries(fields).filter(([key]) => key !== 'type' && key !== 'version'));
  if (type === 'word') return buildWordTokenizer(spec, WHERE);
  if (type === 'char') return buildCharTokenizer(spec, WHERE);
  try {
    return await gpt2Tokenizer();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`${WHERE}: could not load the GPT-2 tokenizer (${reason}); check the connection and reload.`, { cause: err });
  }
}

function readType(json: unknown): string {
  checkObject(json, WHERE);
  const type: unknown = Object.hasOwn(json, 'type') ? (json as { type: unknown }).type : undefined;
  if (typeof type !== 'string' || !FIELDS_BY_TYPE.has(type)) {
    const got = type === undefined ? 'it is missing' : `got ${quote(type)}`;
    throw specError(WHERE, `"type" must be one of "gpt2", "word", "char"; ${got}.`);
  }
  return type;
}

function checkVersion(version: unknown): void {
  if (version !== undefined && version !== TOKENIZER_JSON_VERSION) {
    const got = typeof version === 'number' ? String(version) : describeType(version);
    throw specError(WHERE, `"version" is ${got}, but this version of Repscope reads version ${TOKENIZER_JSON_VERSION}; write "version": 1 or omit it.`);
  }
}
