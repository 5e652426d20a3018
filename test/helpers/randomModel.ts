// A small random GPT-2-shaped model built directly from seeded arrays, for tests that need any model.
import { createRng } from '../../src/data/random';
import { validateConfig, type ModelConfig } from '../../src/model/config';
import { disposeWeights, resolveWeights, uploadWeights, type HostTensor } from '../../src/model/weights';
import { afterAll, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { ModelCore } from '../../src/model/cache';

export function randomNamedWeights(config: ModelConfig, seed: number): Map<string, HostTensor> {
  const rng = createRng(seed);
  const named = new Map<string, HostTensor>();
  const add = (name: string, shape: number[], scale: number, centre = 0) => {
    const n = shape.reduce((a, b) => a * b, 1);
    named.set(name, { shape, data: Float32Array.from({ length: n }, () => centre + scale * rng.normal()) });
  };
  const inner = config.nHeads * config.dHead;
  add('wte.weight', [config.dVocab, config.dModel], 0.3);
  add('wpe.weight', [config.nCtx, config.dModel], 0.1);
  for (let i = 0; i < config.nLayers; i++) {
    const p = `h.${i}.`;
    add(p + 'ln_1.weight', [config.dModel], 0.1, 1);
    add(p + 'ln_1.bias', [config.dModel], 0.05);
    add(p + 'attn.c_attn.weight', [config.dModel, 3 * inner], 0.25);
    add(p + 'attn.c_attn.bias', [3 * inner], 0.05);
    add(p + 'attn.c_proj.weight', [inner, config.dModel], 0.2);
    add(p + 'attn.c_proj.bias', [config.dModel], 0.05);
    if (!config.attnOnly) {
      add(p + 'ln_2.weight', [config.dModel], 0.1, 1);
      add(p + 'ln_2.bias', [config.dModel], 0.05);
      add(p + 'mlp.c_fc.weight', [config.dModel, config.dMlp], 0.2);
      add(p + 'mlp.c_fc.bias', [config.dMlp], 0.05);
      add(p + 'mlp.c_proj.weight', [config.dMlp, config.dModel], 0.15);
      add(p + 'mlp.c_proj.bias', [config.dModel], 0.05);
    }
  }
  add('ln_f.weight', [config.dModel], 0.1, 1);
  add('ln_f.bias', [config.dModel], 0.05);
  if (!config.tiedEmbed) add('lm_head.weight', [config.dVocab, config.dModel], 0.3);
  return named;
}

export const SMALL_CONFIG = validateConfig({ nLayers: 2, dModel: 24, nHeads: 3, dMlp: 40, nCtx: 16, dVocab: 50 });

/** Uploads a random model; dispose with disposeWeights(model.weights). */
export function randomModel(config: ModelConfig = SMALL_CONFIG, seed = 1): ModelCore {
  return { config, weights: uploadWeights(resolveWeights(randomNamedWeights(config, seed), config), config) };
}

/** For a test file or describe block: the cpu backend and a random model for its tests, freed after them. */
export function withRandomModel(set: (model: ModelCore) => void, config: ModelConfig = SMALL_CONFIG, seed = 1): void {
  let model: ModelCore | null = null;
  beforeAll(async () => {
    tf.env().set('IS_TEST', true);
    await tf.setBackend('cpu');
    model = randomModel(config, seed);
    set(model);
  });
  afterAll(() => {
    if (model) disposeWeights(model.weights);
  });
}
