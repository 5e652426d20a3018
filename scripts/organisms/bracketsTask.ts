// The brackets task: balanced sequences of "( )" and "[ ]" nested at most MAX_DEPTH deep, the nesting depth
// after each token (the numeric feature), the innermost open bracket, and the word vocabulary.
import type { Rng } from '../../src/data/random';
import type { WordTokenizerSpec } from '../../src/model/tokenizer';
import type { TrainingExample } from './types';

/** Bump when anything here changes what is generated (grammar, lengths, sampling, vocabulary, loss weights). */
export const BRACKETS_GENERATOR_VERSION = 'brackets-1';

export const MAX_DEPTH = 8;
/** Sequences hold 1..MAX_PAIRS bracket pairs, so at most 2·MAX_PAIRS tokens after <bos>. */
export const MAX_PAIRS = 20;
export const MAX_TOKENS = 2 * MAX_PAIRS;
/** Each sequence draws its chance of opening (when both are allowed) from this range, so depths vary widely. */
export const OPEN_PROB_RANGE = [0.3, 0.7] as const;

export const OPENERS = ['(', '['] as const;
export const CLOSERS = [')', ']'] as const;
export type Bracket = (typeof OPENERS)[number] | (typeof CLOSERS)[number];
export const BOS = '<bos>';
export const UNK = '<unk>';

export function bracketsTokenizerSpec(): WordTokenizerSpec {
  return { vocab: [UNK, BOS, ...OPENERS, ...CLOSERS], unk: UNK, bos: BOS, addBos: true, lowercase: false, split: 'whitespace' };
}

export const isOpener = (t: string): boolean => (OPENERS as readonly string[]).includes(t);
export const isCloser = (t: string): boolean => (CLOSERS as readonly string[]).includes(t);
/** The closer that matches an opener. */
export const closerOf = (opener: string): string => CLOSERS[(OPENERS as readonly string[]).indexOf(opener)];

/**
 * One balanced sequence: 1..MAX_PAIRS pairs drawn uniformly, then token by token: open (a uniformly drawn
 * kind) or close the innermost bracket. Opening is forced at depth 0, closing at MAX_DEPTH or when the
 * remaining tokens are just enough to close everything; otherwise open with the sequence's probability.
 */
export function sampleSequence(rng: Rng): string[] {
  const length = 2 * (1 + rng.int(MAX_PAIRS));
  const openProb = OPEN_PROB_RANGE[0] + (OPEN_PROB_RANGE[1] - OPEN_PROB_RANGE[0]) * rng.next();
  const stack: string[] = [];
  const tokens: string[] = [];
  for (let t = 0; t < length; t++) {
    const remaining = length - t;
    const canOpen = stack.length < MAX_DEPTH && stack.length + 1 <= remaining - 1;
    const open = canOpen && (stack.length === 0 || rng.next() < openProb);
    if (open) {
      const opener = OPENERS[rng.int(OPENERS.length)];
      stack.push(opener);
      tokens.push(opener);
    } else {
      tokens.push(closerOf(stack.pop()!));
    }
  }
  return tokens;
}

/** Depth after each token: open brackets not yet closed once the token is read. */
export function depthsOf(tokens: readonly string[]): number[] {
  let depth = 0;
  return tokens.map((t) => (depth += isOpener(t) ? 1 : -1));
}

/** The innermost open bracket after each token ("none" at depth 0): the one the next closer must match. */
export function innermostOf(tokens: readonly string[]): string[] {
  const stack: string[] = [];
  return tokens.map((t) => {
    if (isOpener(t)) stack.push(t);
    else stack.pop();
    return stack.at(-1) ?? 'none';
  });
}

export const sequenceText = (tokens: readonly string[]): string => tokens.join(' ');

/** Ids of <bos> followed by the tokens (ids fixed by the vocabulary order). */
export function sequenceIds(tokens: readonly string[], vocab: readonly string[]): number[] {
  return [vocab.indexOf(BOS), ...tokens.map((t) => vocab.indexOf(t))];
}

/** Loss on every token: openers teach the open/close odds, closers the matching. */
export function sampleTrainingExample(rng: Rng, vocab: readonly string[]): TrainingExample {
  const ids = sequenceIds(sampleSequence(rng), vocab);
  return { ids, lossWeights: ids.map((_, t) => (t === 0 ? 0 : 1)) };
}

/** n sequences from a fixed seed (evaluation and datasets use their own seeds, apart from training's). */
export function fixedSequences(rng: Rng, n: number): string[][] {
  return Array.from({ length: n }, () => sampleSequence(rng));
}
