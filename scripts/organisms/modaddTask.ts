// The modadd task: "a + b =" → (a + b) mod P, its word vocabulary (number n has id n), and the fixed,
// seeded split of the P² pairs into training and held-out halves. Training seeds never change the split.
import { createRng, type Rng } from '../../src/data/random';
import type { WordTokenizerSpec } from '../../src/model/tokenizer';
import type { TrainingExample } from './types';

/** Bump when anything here changes what is generated (modulus, split, template, vocabulary, loss weights). */
export const MODADD_GENERATOR_VERSION = 'modadd-1';

/** The modulus: a prime, so every non-zero frequency of the DFT over Z/P is a generator of the group. */
export const P = 53;
/** Share of the P² pairs never trained on; the evaluation set is exactly these. */
export const HELD_OUT_FRACTION = 0.4;
export const SPLIT_SEED = 5303;

export const PLUS = '+';
export const EQUALS = '=';
export const BOS = '<bos>';
export const UNK = '<unk>';
/** Text of a prompt; the answer follows after one space. */
export const TEMPLATE = '{a} + {b} =';

/** Numbers first, so the embedding row of number n is row n (the Fourier analysis relies on it). */
export function modaddVocabulary(): string[] {
  return [...Array.from({ length: P }, (_, n) => String(n)), PLUS, EQUALS, BOS, UNK];
}

export function modaddTokenizerSpec(): WordTokenizerSpec {
  return { vocab: modaddVocabulary(), unk: UNK, bos: BOS, addBos: true, lowercase: false, split: 'whitespace' };
}

export interface Pair { a: number; b: number }

export const answer = ({ a, b }: Pair): number => (a + b) % P;
export const promptText = ({ a, b }: Pair): string => TEMPLATE.replace('{a}', String(a)).replace('{b}', String(b));

/** Every pair once, a-major: index a·P + b. */
export function allPairs(): Pair[] {
  return Array.from({ length: P * P }, (_, i) => ({ a: Math.floor(i / P), b: i % P }));
}

/** held[a·P + b] is true for a held-out pair: the first HELD_OUT_FRACTION of a seeded Fisher–Yates shuffle. */
export function heldOutMask(): boolean[] {
  const order = Array.from({ length: P * P }, (_, i) => i);
  const rng = createRng(SPLIT_SEED);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const mask = new Array<boolean>(P * P).fill(false);
  for (const i of order.slice(0, Math.round(HELD_OUT_FRACTION * P * P))) mask[i] = true;
  return mask;
}

export interface Split { train: Pair[]; heldOut: Pair[] }

export function splitPairs(mask = heldOutMask()): Split {
  const pairs = allPairs();
  return { train: pairs.filter((_, i) => !mask[i]), heldOut: pairs.filter((_, i) => mask[i]) };
}

/** Ids of <bos> a + b = without going through text (ids are fixed by the vocabulary order). */
export function promptIds({ a, b }: Pair): number[] {
  return [P + 2, a, P, b, P + 1];
}

/** A training pair drawn uniformly (with replacement); loss only on the answer, the one predictable token. */
export function sampleTrainingExample(rng: Rng, train: readonly Pair[]): TrainingExample {
  const pair = train[rng.int(train.length)];
  return { ids: [...promptIds(pair), answer(pair)], lossWeights: [0, 0, 0, 0, 0, 1] };
}
