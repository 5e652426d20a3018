// Word-level and character-level tokenizers for the small built-in models, defined by a vocabulary
// list. Words missing from the vocabulary become the unk id and are reported, never dropped.
import { buildVocabTokenizer, readFields, readVocabulary, specError } from './vocabTokenizer';
import type { Unchecked } from './vocabTokenizer';
import { describeType, quote } from './tokenizerBase';
import type { Tokenizer } from './tokenizerBase';

/**
 * How text is cut into words:
 * - `words-and-punctuation`: each punctuation or symbol character (Unicode categories P and S) is
 *   its own token and every other run of non-whitespace is a word, so "Mia's (cat)." → mia ' s ( cat ) .
 *   The underscore and other connector punctuation (Pc) join words, as in regex `\w`: "__proto__" is one word.
 * - `whitespace`: every maximal run of non-whitespace characters is one word.
 */
export type WordSplit = 'words-and-punctuation' | 'whitespace';
export const WORD_SPLITS: readonly WordSplit[] = ['words-and-punctuation', 'whitespace'];

const SPLIT_PATTERNS: ReadonlyMap<WordSplit, RegExp> = new Map([
  ['words-and-punctuation', /(?!\p{Pc})[\p{P}\p{S}]|(?:[^\s\p{P}\p{S}]|\p{Pc})+/gu],
  ['whitespace', /\S+/gu],
]);

export interface WordTokenizerSpec {
  /** Token texts; an entry's index is its id. 1 to 1,000,000 unique, non-empty strings. */
  vocab: readonly string[];
  /** The entry that stands for any word not in `vocab`; must be in `vocab`. */
  unk: string;
  /** Beginning-of-sequence entry, or null (the default) when the model has none. */
  bos?: string | null;
  /** Whether `encode` prepends `bos`. Required when `bos` is set; must be false or absent otherwise. */
  addBos?: boolean;
  /** Lowercase each word (locale-independent `toLowerCase`) before lookup; default false. */
  lowercase?: boolean;
  /** How text is cut into words; default `words-and-punctuation`. */
  split?: WordSplit;
}

export interface CharTokenizerSpec {
  /** One Unicode code point per entry (apart from `unk` and `bos`); an entry's index is its id. */
  vocab: readonly string[];
  /** The entry that stands for any character not in `vocab`; must be in `vocab`, may be longer than one character. */
  unk: string;
  /** Beginning-of-sequence entry, or null (the default). */
  bos?: string | null;
  /** Whether `encode` prepends `bos`. Required when `bos` is set. */
  addBos?: boolean;
}

export const WORD_SPEC_FIELDS = ['vocab', 'unk', 'bos', 'addBos', 'lowercase', 'split'] as const;
export const CHAR_SPEC_FIELDS = ['vocab', 'unk', 'bos', 'addBos'] as const;

/** Builds a word-level tokenizer; throws an Error that names the field to fix when the spec is invalid. */
export function wordTokenizer(spec: WordTokenizerSpec): Tokenizer {
  return buildWordTokenizer(spec, 'word tokenizer spec');
}

/** Builds a character-level tokenizer; throws an Error that names the field to fix when the spec is invalid. */
export function charTokenizer(spec: CharTokenizerSpec): Tokenizer {
  return buildCharTokenizer(spec, 'char tokenizer spec');
}

/** `where` names the source of the spec in error messages. */
export function buildWordTokenizer(spec: Unchecked<WordTokenizerSpec>, where: string): Tokenizer {
  const fields = readFields(spec, WORD_SPEC_FIELDS, where);
  const vocab = readVocabulary(fields, where);
  const lowercase = fields.lowercase ?? false;
  if (typeof lowercase !== 'boolean') {
    throw specError(where, `"lowercase" must be true or false; got ${describeType(lowercase)}.`);
  }
  const split = fields.split ?? 'words-and-punctuation';
  const pattern = SPLIT_PATTERNS.get(split as WordSplit);
  if (typeof split !== 'string' || pattern === undefined) {
    throw specError(where, `"split" must be one of ${WORD_SPLITS.map((s) => `"${s}"`).join(', ')}; got ${quote(split)}.`);
  }
  const bos = vocab.bosId === null ? null : vocab.entries[vocab.bosId];
  const unk = vocab.entries[vocab.unkId];
  return buildVocabTokenizer({
    kind: 'word',
    vocab,
    split: (text) => text.match(pattern) ?? [],
    normalize: lowercase ? (piece) => piece.toLowerCase() : (piece) => piece,
    separator: ' ',
    toJSON: (list) => ({ type: 'word', version: 1, vocab: list, unk, bos, addBos: vocab.addBos, lowercase, split }),
  });
}

/** `where` names the source of the spec in error messages. */
export function buildCharTokenizer(spec: Unchecked<CharTokenizerSpec>, where: string): Tokenizer {
  const vocab = readVocabulary(readFields(spec, CHAR_SPEC_FIELDS, where), where);
  vocab.entries.forEach((entry, id) => {
    const isSpecial = id === vocab.unkId || id === vocab.bosId;
    if (!isSpecial && codePointCount(entry) !== 1) {
      throw specError(where, `"vocab[${id}]" is ${JSON.stringify(entry)}, which is not a single character; a char vocabulary holds one character per entry, apart from "unk" and "bos".`);
    }
  });
  const bos = vocab.bosId === null ? null : vocab.entries[vocab.bosId];
  const unk = vocab.entries[vocab.unkId];
  return buildVocabTokenizer({
    kind: 'char',
    vocab,
    split: (text) => Array.from(text),
    normalize: (piece) => piece,
    separator: '',
    toJSON: (list) => ({ type: 'char', version: 1, vocab: list, unk, bos, addBos: vocab.addBos }),
  });
}

/** Counts code points without building an array, stopping once the answer is known to exceed one. */
function codePointCount(text: string): number {
  let count = 0;
  for (const _ of text) {
    if (++count > 1) break;
  }
  return count;
}
