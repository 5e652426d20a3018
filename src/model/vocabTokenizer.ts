// Validation and shared machinery of the vocabulary-list tokenizers (word and char level).
// Token texts are only ever Map keys, so entries like "__proto__" or "constructor" are ordinary words.
import { MAX_VOCAB_SIZE, checkTokenId, describeType, makeEncoding, quote } from './tokenizerBase';
import type { Tokenizer, UnknownToken } from './tokenizerBase';

/** A spec as it may arrive at run time: every field still unchecked. */
export type Unchecked<T> = { [K in keyof T]?: unknown };

/** A validated vocabulary with its special entries. */
export interface Vocabulary {
  entries: readonly string[];
  ids: ReadonlyMap<string, number>;
  unkId: number;
  bosId: number | null;
  addBos: boolean;
}

/** How one vocabulary tokenizer kind cuts, normalises and rejoins text. */
export interface VocabTokenizerParts {
  kind: 'word' | 'char';
  vocab: Vocabulary;
  /** Cuts input into the pieces that are looked up one by one. */
  split(text: string): string[];
  /** The lookup key of a piece (e.g. lowercased). */
  normalize(piece: string): string;
  /** Placed between token texts by `decode`. */
  separator: string;
  /** The tokenizer.json object, given a fresh copy of the vocabulary so callers cannot alter ours. */
  toJSON(vocab: string[]): unknown;
}

/** Every message names its source ("tokenizer.json", "word tokenizer spec") so people know which file to fix. */
export function specError(where: string, detail: string): Error {
  return new Error(`${where}: ${detail}`);
}

/** Throws unless `value` is a non-array object. */
export function checkObject(value: unknown, where: string): asserts value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const hint = typeof value === 'string' ? ' (parse the file with JSON.parse first)' : '';
    throw specError(where, `expected a JSON object such as {"type": "word", "vocab": [...], "unk": "<unk>"}; got ${describeType(value)}${hint}.`);
  }
}

/**
 * Reads the allowed own fields of an object; rejects non-objects and unknown fields (typos such as
 * "lowercse" would otherwise be ignored silently). Only fixed field names become keys of the result.
 */
export function readFields<K extends string>(value: unknown, allowed: readonly K[], where: string): Partial<Record<K, unknown>> {
  checkObject(value, where);
  const allowedSet: ReadonlySet<string> = new Set(allowed);
  for (const key of Object.keys(value)) {
    if (!allowedSet.has(key)) {
      throw specError(where, `unknown field ${quote(key)}; the allowed fields are ${allowed.map((k) => `"${k}"`).join(', ')}.`);
    }
  }
  const fields: Partial<Record<K, unknown>> = {};
  for (const key of allowed) {
    if (Object.hasOwn(value, key)) fields[key] = (value as Record<string, unknown>)[key];
  }
  return fields;
}

/** Checks the vocabulary list and builds the text → id map. */
export function readVocabList(vocab: unknown, where: string): { entries: string[]; ids: Map<string, number> } {
  if (!Array.isArray(vocab)) {
    throw specError(where, `"vocab" must be a non-empty array of token strings; got ${describeType(vocab)}.`);
  }
  if (vocab.length === 0) throw specError(where, '"vocab" is empty; it needs at least the "unk" entry.');
  if (vocab.length > MAX_VOCAB_SIZE) {
    const size = vocab.length.toLocaleString('en-US');
    throw specError(where, `"vocab" has ${size} entries, more than the limit of ${MAX_VOCAB_SIZE.toLocaleString('en-US')}; use a smaller vocabulary.`);
  }
  const entries: string[] = [];
  const ids = new Map<string, number>();
  for (let i = 0; i < vocab.length; i++) {
    const entry: unknown = vocab[i];
    if (typeof entry !== 'string' || entry === '') {
      throw specError(where, `"vocab[${i}]" must be a non-empty string; got ${entry === '' ? 'the empty string' : quote(entry)}.`);
    }
    const earlier = ids.get(entry);
    if (earlier !== undefined) {
      throw specError(where, `"vocab" lists ${quote(entry)} twice (ids ${earlier} and ${i}); each token must appear exactly once.`);
    }
    ids.set(entry, i);
    entries.push(entry);
  }
  return { entries, ids };
}

/** Validates `vocab`, `unk`, `bos` and `addBos`, the fields every vocabulary tokenizer shares. */
export function readVocabulary(spec: Unchecked<{ vocab: 0; unk: 0; bos: 0; addBos: 0 }>, where: string): Vocabulary {
  const { entries, ids } = readVocabList(spec.vocab, where);
  const unkId = lookupSpecial('unk', spec.unk, ids, where);
  const bos = spec.bos ?? null;
  const bosId = bos === null ? null : lookupSpecial('bos', bos, ids, where);
  if (bosId === unkId) {
    throw specError(where, `"bos" and "unk" are both ${quote(bos)}; they must be different entries.`);
  }
  return { entries, ids, unkId, bosId, addBos: readAddBos(spec.addBos, bosId, where) };
}

function lookupSpecial(field: 'unk' | 'bos', value: unknown, ids: ReadonlyMap<string, number>, where: string): number {
  if (typeof value !== 'string') {
    const orNull = field === 'bos' ? ', or null' : '';
    throw specError(where, `"${field}" must be a string naming an entry of "vocab"${orNull}; got ${describeType(value)}.`);
  }
  const id = ids.get(value);
  if (id === undefined) {
    throw specError(where, `"${field}" is ${quote(value)}, which is not in "vocab"; add it to "vocab" or set "${field}" to one of its entries.`);
  }
  return id;
}

/** `addBos` must be stated whenever there is a bos entry: guessing would silently shift every position. */
function readAddBos(addBos: unknown, bosId: number | null, where: string): boolean {
  if (addBos !== undefined && typeof addBos !== 'boolean') {
    throw specError(where, `"addBos" must be true or false; got ${describeType(addBos)}.`);
  }
  if (bosId === null && addBos === true) {
    throw specError(where, '"addBos" is true but "bos" is null; name the bos entry in "bos" or set "addBos" to false.');
  }
  if (bosId !== null && addBos === undefined) {
    throw specError(where, '"addBos" must be set to true or false when "bos" is set: true if the model saw "bos" before every training sequence.');
  }
  return addBos ?? false;
}

/**
 * Assembles the Tokenizer. Input pieces never map to the unk or bos ids by matching their text, so
 * user text cannot inject control tokens; such pieces count as unknown and are reported.
 */
export function buildVocabTokenizer(parts: VocabTokenizerParts): Tokenizer {
  const { entries, ids, unkId, bosId, addBos } = parts.vocab;
  const tokenText = (id: number): string => {
    checkTokenId(id, entries.length, parts.kind);
    return entries[id];
  };
  const lookup = (piece: string): number | undefined => {
    const id = ids.get(parts.normalize(piece));
    return id === unkId || id === bosId ? undefined : id;
  };
  return {
    kind: parts.kind,
    vocabSize: entries.length,
    encode(text) {
      const out: number[] = addBos && bosId !== null ? [bosId] : [];
      const unknown: UnknownToken[] = [];
      for (const piece of parts.split(text)) {
        const id = lookup(piece);
        if (id === undefined) unknown.push({ index: out.length, text: piece });
        out.push(id ?? unkId);
      }
      return makeEncoding(out, tokenText, unknown);
    },
    decode: (list) => list.map(tokenText).join(parts.separator),
    tokenText,
    tokenId: (text) => ids.get(text),
    toJSON: () => parts.toJSON([...entries]),
  };
}
