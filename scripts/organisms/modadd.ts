// The `modadd` organism: a one-layer transformer that learns "a + b =" → (a + b) mod p from part of the
// pairs and answers the held-out rest, by way of a few Fourier frequencies of its number embeddings.
import { validateConfig } from '../../src/model/config';
import type { Organism } from './types';
import { modaddCard } from './modaddCard';
import { modaddDatasets } from './modaddDatasets';
import { MODADD_TARGETS, evaluateModadd } from './modaddEval';
import type { FourierSummary } from './modaddFourier';
import { HELD_OUT_FRACTION, MODADD_GENERATOR_VERSION, P, heldOutMask, modaddTokenizerSpec, sampleTrainingExample, splitPairs } from './modaddTask';

export function createModadd(): Organism {
  const spec = modaddTokenizerSpec();
  const mask = heldOutMask();
  const split = splitPairs(mask);
  // card() takes no weights, so it reports the spectrum of the model evaluated last: the pipeline evaluates
  // the final weights just before it writes the card.
  let lastFourier: FourierSummary | null = null;
  return {
    id: 'modadd',
    title: `modadd: addition mod ${P}`,
    description:
      `"a + b =" → (a + b) mod ${P}. Trained on ${Math.round((1 - HELD_OUT_FRACTION) * 100)}% of the ${P * P} pairs with strong weight decay, ` +
      'it answers the held-out rest by adding angles: its number embeddings concentrate in a few Fourier frequencies, circles in a PCA (see embeddingFourier).',
    // Tied embeddings: the unembedding must be Fourier-shaped to read out (a + b) mod p, so tying shows the circles in the
    // input embedding too (untied, d_model 128, its spectrum stayed flat: top-5 share 0.30). Strong decay and a short run
    // keep the spectrum sparse: longer training adds frequencies to sharpen the margin (1,500 steps: top-5 share 0.60).
    config: validateConfig({ nLayers: 1, dModel: 64, nHeads: 4, dMlp: 256, nCtx: 6, dVocab: spec.vocab.length, act: 'relu', normEps: 1e-5, tiedEmbed: true, attnOnly: false }),
    tokenizer: { type: 'word', version: 1, ...spec },
    generatorVersion: MODADD_GENERATOR_VERSION,
    training: {
      steps: 1000, batchSize: 512, lr: 1e-3, minLrFraction: 0.1, warmupSteps: 50, schedule: 'cosine',
      weightDecay: 10, beta1: 0.9, beta2: 0.98, epsilon: 1e-8, clipNorm: 1, initStd: 0.02, evalEvery: 100, seed: 1,
    },
    targets: MODADD_TARGETS,
    sampleBatch: (rng, n) => Array.from({ length: n }, () => sampleTrainingExample(rng, split.train)),
    evaluate: async (model) => {
      const { fourier, ...evaluation } = await evaluateModadd(model, split);
      lastFourier = fourier;
      return evaluation;
    },
    card: () => modaddCard(split, mask, lastFourier),
    datasets: () => modaddDatasets(mask),
  };
}
