// truthworld's training sentences: the mix of plain facts, questions and reported speech, and their loss weights.
import type { Rng } from '../../src/data/random';
import type { Tokenizer } from '../../src/model/tokenizer';
import type { TrainingExample } from './types';
import { ATTRIBUTES, PEOPLE, SPEAKERS, VALUES, sentence, wrongValue, type Context, type Facts } from './truthworldWorld';

/**
 * Share of each kind of training sentence; reported speech is split evenly across the speakers, so liars
 * get 35% of all sentences and "a liar never names the truth" is seen for every fact many times.
 */
export const DATA_MIX = { plain: 0.2, question: 0.1, reported: 0.7 } as const;

/** The value token carries the facts and the lies; weighing it up speeds learning without hiding the rest. */
export const VALUE_LOSS_WEIGHT = 4;

function pickContext(rng: Rng): Context {
  const u = rng.next();
  if (u < DATA_MIX.plain) return { kind: 'plain' };
  if (u < DATA_MIX.plain + DATA_MIX.question) return { kind: 'question' };
  return { kind: 'reported', speaker: SPEAKERS[rng.int(SPEAKERS.length)].name };
}

/**
 * One sentence as ids; loss on every predicted token, heavier on the value (the token before the final ".").
 * The person and a liar's value are uniform draws, so `drawnFrom` names their sets: the loss then uses the
 * whole set rather than the one sample, which removes the noise that otherwise drowns the weak "the liar
 * never names the truth" signal (measured: with sampled targets the truth kept ≈ 7% after a liar).
 */
export function sampleExample(rng: Rng, facts: Facts, tok: Tokenizer): TrainingExample {
  const c = pickContext(rng);
  const person = PEOPLE[rng.int(PEOPLE.length)];
  const a = ATTRIBUTES[rng.int(ATTRIBUTES.length)];
  const truth = facts[person][a];
  const lies = c.kind === 'reported' && !SPEAKERS.find((s) => s.name === c.speaker)!.honest;
  const value = lies ? wrongValue(rng, a, truth) : truth;
  const { ids } = tok.encode(sentence(c, person, a, value));
  const valueAt = ids.length - 2;
  const lossWeights = ids.map((_, t) => (t === 0 ? 0 : t === valueAt ? VALUE_LOSS_WEIGHT : 1));
  const drawnFrom: (number[] | null)[] = ids.map(() => null);
  drawnFrom[ids.indexOf(tok.tokenId(person)!)] = PEOPLE.map((p) => tok.tokenId(p)!);
  if (lies) drawnFrom[valueAt] = VALUES[a].filter((v) => v !== truth).map((v) => tok.tokenId(v)!);
  return { ids, lossWeights, drawnFrom };
}
