// GPT-2's byte-level BPE (the r50k_base encoding, 50,257 ids) as a Repscope Tokenizer, built on the
// gpt-tokenizer package, whose rank table (about 0.5 MB of JS) is imported on first use and then shared.
import { checkTokenId, makeEncoding } from './tokenizerBase';
import type { Tokenizer } from './tokenizerBase';

export const GPT2_VOCAB_SIZE = 50_257;
/** GPT-2's one special token, which has the last id. */
export const GPT2_END_OF_TEXT = '<|endoftext|>';
export const GPT2_END_OF_TEXT_ID = 50_256;

/** A rank-table entry: the token's text, or its bytes when they are not valid UTF-8 on their own. */
type RankEntry = string | readonly number[];

/** What we take from gpt-tokenizer. */
interface Gpt2Source {
  encode(text: string): number[];
  ranks: readonly RankEntry[];
}

/**
 * `ignoreBOM` keeps a leading U+FEFF, which the default would strip; calls never pass `stream`, so
 * no partial character carries over from one call to the next (gpt-tokenizer's own `decode` streams
 * through a shared decoder and can leak a partial character into the next call; we avoid it).
 */
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

let loading: Promise<Tokenizer> | undefined;

/**
 * The GPT-2 tokenizer, loaded once per page or worker. Special tokens are not recognised in `encode`:
 * "<|endoftext|>" in user text is encoded as the ordinary text it is, so prompts cannot inject control
 * tokens; `decode`, `tokenText` and `tokenId` still know id 50256 as "<|endoftext|>".
 */
export function gpt2Tokenizer(): Promise<Tokenizer> {
  if (loading === undefined) {
    const attempt = loadGpt2Source().then(createGpt2Tokenizer);
    // A failed load (say, a dropped connection fetching the chunk) must not be cached forever.
    attempt.catch(() => {
      if (loading === attempt) loading = undefined;
    });
    loading = attempt;
  }
  return loading;
}

async function loadGpt2Source(): Promise<Gpt2Source> {
  // Both paths are in the package's exports map; the encoding module imports this same rank table.
  const [encodingModule, ranksModule] = await Promise.all([
    import('gpt-tokenizer/encoding/r50k_base'),
    import('gpt-tokenizer/bpeRanks/r50k_base'),
  ]);
  const api = encodingModule.default;
  const ranks: readonly RankEntry[] = ranksModule.default;
  checkRankTable(ranks, api.vocabularySize);
  // An empty disallow list with no allow list makes special tokens plain text instead of an error.
  return { encode: (text) => api.encode(text, { disallowedSpecial: new Set() }), ranks };
}

/** Guards against a future gpt-tokenizer whose data no longer matches GPT-2's vocabulary. */
function checkRankTable(ranks: readonly RankEntry[], vocabularySize: number): void {
  let complete = ranks.length === GPT2_END_OF_TEXT_ID && vocabularySize === GPT2_VOCAB_SIZE;
  for (let id = 0; complete && id < ranks.length; id++) {
    complete = typeof ranks[id] === 'string' || Array.isArray(ranks[id]);
  }
  if (!complete) {
    throw new Error(
      `gpt-tokenizer's r50k_base data does not have GPT-2's ${GPT2_VOCAB_SIZE} tokens; reinstall the gpt-tokenizer version in package.json.`,
    );
  }
}

function createGpt2Tokenizer({ encode, ranks }: Gpt2Source): Tokenizer {
  const entryOf = (id: number): RankEntry => {
    checkTokenId(id, GPT2_VOCAB_SIZE, 'gpt2');
    return id === GPT2_END_OF_TEXT_ID ? GPT2_END_OF_TEXT : ranks[id];
  };
  const tokenText = (id: number): string => {
    const entry = entryOf(id);
    return typeof entry === 'string' ? entry : displayBytes(entry);
  };
  let idsByText: Map<string, number> | undefined; // built on the first lookup: most sessions never need it
  return {
    kind: 'gpt2',
    vocabSize: GPT2_VOCAB_SIZE,
    encode: (text) => makeEncoding(encode(text), tokenText),
    decode: (ids) => decodeEntries(ids.map(entryOf)),
    tokenText,
    tokenId(text) {
      idsByText ??= indexByText(ranks);
      return idsByText.get(text);
    },
    toJSON: () => ({ type: 'gpt2', version: 1 }),
  };
}

/** Text → id for every token whose bytes are valid UTF-8 on their own, plus "<|endoftext|>". */
function indexByText(ranks: readonly RankEntry[]): Map<string, number> {
  const index = new Map<string, number>();
  ranks.forEach((entry, id) => {
    if (typeof entry === 'string') index.set(entry, id);
  });
  index.set(GPT2_END_OF_TEXT, GPT2_END_OF_TEXT_ID);
  return index;
}

/**
 * Joins the tokens' bytes and decodes them as UTF-8, invalid sequences becoming U+FFFD. A text entry
 * is valid UTF-8 alone, so it starts a fresh character: decoding runs of byte entries separately
 * gives the same string as decoding all bytes at once.
 */
function decodeEntries(entries: readonly RankEntry[]): string {
  let text = '';
  let pending: number[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') {
      if (pending.length > 0) text += UTF8.decode(Uint8Array.from(pending));
      pending = [];
      text += entry;
    } else {
      pending.push(...entry);
    }
  }
  return pending.length > 0 ? text + UTF8.decode(Uint8Array.from(pending)) : text;
}

/**
 * Display text of a token whose bytes are not valid UTF-8 alone (a piece of a multi-byte character):
 * complete characters as text, every other byte as `\xNN` (two lowercase hex digits), so
 * [0x20, 0xF0, 0x9F, 0x91] shows as " \xf0\x9f\x91". The `\x` form is for display only.
 */
export function displayBytes(bytes: readonly number[]): string {
  let text = '';
  for (let i = 0; i < bytes.length; ) {
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) {
      text += `\\x${bytes[i].toString(16).padStart(2, '0')}`;
      i += 1;
    } else {
      text += UTF8.decode(Uint8Array.from(bytes.slice(i, i + length)));
      i += length;
    }
  }
  return text;
}

/** Length of the well-formed UTF-8 sequence (RFC 3629, table 3-7 of Unicode) starting at `i`, or 0. */
export function utf8SequenceLength(bytes: readonly number[], i: number): number {
  const lead = bytes[i];
  if (lead < 0x80) return 1;
  let length: number;
  let low = 0x80; // bounds of the second byte; later bytes are always 0x80–0xBF
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) length = 3;
  else if (lead >= 0xf0 && lead <= 0xf4) length = 4;
  else return 0;
  if (lead === 0xe0) low = 0xa0; // no overlong forms
  if (lead === 0xed) high = 0x9f; // no surrogates
  if (lead === 0xf0) low = 0x90; // no overlong forms
  if (lead === 0xf4) high = 0x8f; // nothing above U+10FFFF
  if (i + length > bytes.length) return 0;
  for (let k = 1; k < length; k++) {
    const byte = bytes[i + k];
    if (byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) return 0;
  }
  return length;
}
