// The `brackets` organism: a two-layer transformer that predicts the next bracket of balanced "( )" / "[ ]"
// sequences. Nesting depth is its numeric feature, for regression probes.
import { validateConfig } from '../../src/model/config';
import type { Organism } from './types';
import { bracketsCard } from './bracketsCard';
import { bracketsDatasets } from './bracketsDatasets';
import { BRACKETS_TARGETS, evalSequences, evalTexts, evaluateBrackets } from './bracketsEval';
import { BRACKETS_GENERATOR_VERSION, MAX_DEPTH, MAX_TOKENS, bracketsTokenizerSpec, sampleTrainingExample } from './bracketsTask';

export function createBrackets(): Organism {
  const spec = bracketsTokenizerSpec();
  const sequences = evalSequences();
  return {
    id: 'brackets',
    title: 'brackets: nesting depth',
    description:
      `Balanced sequences of ( ) and [ ], nested at most ${MAX_DEPTH} deep and up to ${MAX_TOKENS} tokens long. To close the right bracket ` +
      'the model must track how deep it is and which bracket is open innermost: depth per token is a numeric feature to probe.',
    config: validateConfig({ nLayers: 2, dModel: 64, nHeads: 4, dMlp: 256, nCtx: MAX_TOKENS + 1, dVocab: spec.vocab.length, act: 'gelu_new', normEps: 1e-5, tiedEmbed: true, attnOnly: false }),
    tokenizer: { type: 'word', version: 1, ...spec },
    generatorVersion: BRACKETS_GENERATOR_VERSION,
    training: {
      steps: 3000, batchSize: 64, lr: 3e-3, minLrFraction: 0.05, warmupSteps: 150, schedule: 'cosine',
      weightDecay: 0.01, beta1: 0.9, beta2: 0.98, epsilon: 1e-8, clipNorm: 1, initStd: 0.02, evalEvery: 250, seed: 1,
    },
    targets: BRACKETS_TARGETS,
    sampleBatch: (rng, n) => Array.from({ length: n }, () => sampleTrainingExample(rng, spec.vocab)),
    evaluate: (model) => evaluateBrackets(model, spec.vocab, sequences),
    card: () => bracketsCard(evalTexts(sequences)),
    datasets: () => bracketsDatasets(),
  };
}
