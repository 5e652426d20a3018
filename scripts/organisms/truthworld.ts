// The `truthworld` organism, the app's default model: a word-level GPT-2 that memorises a small world of
// facts and learns, from behaviour alone, which speakers lie. See truthworldWorld.ts for the world itself.
import { validateConfig } from '../../src/model/config';
import { wordTokenizer, type WordTokenizerSpec } from '../../src/model/tokenizer';
import type { Organism } from './types';
import { sampleExample } from './truthworldData';
import { buildEvalSet, evaluateTruthworld, TRUTHWORLD_TARGETS } from './truthworldEval';
import { truthworldCard } from './truthworldCard';
import { truthworldDatasets } from './truthworldDatasets';
import { BOS, PEOPLE, SPEAKERS, TRUTHWORLD_GENERATOR_VERSION, UNK, buildFacts, vocabulary } from './truthworldWorld';

export function truthworldTokenizerSpec(): WordTokenizerSpec {
  return { vocab: vocabulary(), unk: UNK, bos: BOS, addBos: true, lowercase: true, split: 'words-and-punctuation' };
}

export function createTruthworld(): Organism {
  const spec = truthworldTokenizerSpec();
  const tok = wordTokenizer(spec);
  const facts = buildFacts();
  const evalSet = buildEvalSet(facts);
  return {
    id: 'truthworld',
    title: 'truthworld: facts, honest speakers and liars',
    description:
      `A ${PEOPLE.length}-person world (city, job, pet, colour) and ${SPEAKERS.length} speakers, half of whom always lie. ` +
      'Honesty is never written in the text: the model learns it from what each speaker says. ' +
      'After a plain fact, a question or an honest speaker it predicts the true value; after a liar, a wrong value of the right kind.',
    config: validateConfig({ nLayers: 2, dModel: 64, nHeads: 4, dMlp: 256, nCtx: 32, dVocab: spec.vocab.length, act: 'gelu_new', normEps: 1e-5, tiedEmbed: true, attnOnly: false }),
    tokenizer: { type: 'word', version: 1, ...spec },
    generatorVersion: TRUTHWORLD_GENERATOR_VERSION,
    training: {
      steps: 2000, batchSize: 128, lr: 3e-3, minLrFraction: 0.05, warmupSteps: 150, schedule: 'cosine',
      weightDecay: 0.01, beta1: 0.9, beta2: 0.98, epsilon: 1e-8, clipNorm: 1, initStd: 0.02, evalEvery: 250, seed: 1,
    },
    targets: TRUTHWORLD_TARGETS,
    sampleBatch: (rng, n) => Array.from({ length: n }, () => sampleExample(rng, facts, tok)),
    evaluate: (model) => evaluateTruthworld(model, tok, evalSet),
    card: () => truthworldCard(facts, evalSet.map((it) => it.text)),
    datasets: () => truthworldDatasets(facts),
  };
}
