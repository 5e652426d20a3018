// The tokenizer contract shared by every tokenizer kind, plus the small checks they all need.
// Public names are re-exported from `tokenizer.ts`; import them from there.

/** One position of an encoding: its id and the vocabulary's display text for that id. */
export interface Token {
  id: number;
  /** Always `tokenizer.tokenText(id)`; for an unknown word this is the unk entry, not the input. */
  text: string;
}

/** A piece of input that had no vocabulary entry and was encoded as the unk id. */
export interface UnknownToken {
  /** Position in `Encoding.ids` (a prepended bos counts as position 0). */
  index: number;
  /** The input text exactly as written, before any lowercasing. */
  text: string;
}

export interface Encoding {
  ids: number[];
  /** Same length and order as `ids`. */
  tokens: Token[];
  /** Every position that fell back to the unk id, in order; empty for GPT-2, which has no unknowns. */
  unknown: UnknownToken[];
}

export type TokenizerKind = 'gpt2' | 'word' | 'char';

export interface Tokenizer {
  kind: TokenizerKind;
  /** Number of ids; valid ids are 0 … vocabSize − 1. */
  vocabSize: number;
  encode(text: string): Encoding;
  /** Throws for ids that are not integers in range, rather than guessing. */
  decode(ids: readonly number[]): string;
  /** Display text for one id; throws a clear error for an id out of range. */
  tokenText(id: number): string;
  /** Exact (case-sensitive, unnormalised) vocabulary lookup, e.g. for target tokens; undefined if absent. */
  tokenId(text: string): number | undefined;
  /** The tokenizer.json object that `loadTokenizer` accepts to rebuild this tokenizer. */
  toJSON(): unknown;
}

/** Largest vocabulary we accept, so a hostile or mistaken file cannot ask for absurd memory. */
export const MAX_VOCAB_SIZE = 1_000_000;

/** Throws unless `id` is an integer in [0, vocabSize). */
export function checkTokenId(id: number, vocabSize: number, kind: TokenizerKind): void {
  if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
    throw new RangeError(
      `Token id ${String(id)} is out of range for the ${kind} tokenizer: valid ids are integers 0 to ${vocabSize - 1}.`,
    );
  }
}

/** A short, quoted rendering of a user-supplied value for error messages. */
export function quote(value: unknown): string {
  if (typeof value !== 'string') return describeType(value);
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return JSON.stringify(shown);
}

/** The JSON-ish type name of a value, for "got …" in error messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : typeof value;
}

/** Builds an Encoding whose token texts come from `tokenText`, so the two can never disagree. */
export function makeEncoding(ids: number[], tokenText: (id: number) => string, unknown: UnknownToken[] = []): Encoding {
  return { ids, tokens: ids.map((id) => ({ id, text: tokenText(id) })), unknown };
}
