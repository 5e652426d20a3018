// The benchmark's models: the built-in tiny-gpt2 (loaded from its files, as the app does) and a
// GPT-2-small-shaped model with seeded random weights, built from arrays without any file.
import { createRng } from '../../../src/data/random';
import type { ModelCore } from '../../../src/model/cache';
import { validateConfig, type ModelConfig } from '../../../src/model/config';
import { loadModel, type ModelFiles } from '../../../src/model/model';
import { resolveWeights, uploadWeights, type HostTensor } from '../../../src/model/weights';

export type BenchModelId = 'tiny-gpt2' | 'gpt2-small';
export const BENCH_MODELS: readonly BenchModelId[] = ['tiny-gpt2', 'gpt2-small'];

export const GPT2_SMALL_CONFIG: ModelConfig = validateConfig({
  nLayers: 12, dModel: 768, nHeads: 12, dMlp: 3072, nCtx: 1024, dVocab: 50257, tiedEmbed: true,
});

const WEIGHT_SEED = 2024;

/**
 * GPT-2-shaped named arrays. Uniform rather than normal values: 124M Box–Muller draws take seconds,
 * and the timing does not depend on the distribution (LayerNorm keeps activations in range).
 */
export function randomNamedWeights(c: ModelConfig, seed: number): Map<string, HostTensor> {
  const rng = createRng(seed);
  const named = new Map<string, HostTensor>();
  const add = (name: string, shape: number[], std: number, centre = 0) => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    const halfWidth = std * Math.sqrt(3); // a uniform on [-h, h] has standard deviation h/√3
    for (let i = 0; i < data.length; i++) data[i] = centre + halfWidth * (2 * rng.next() - 1);
    named.set(name, { shape, data });
  };
  const inner = c.nHeads * c.dHead;
  add('wte.weight', [c.dVocab, c.dModel], 0.02);
  add('wpe.weight', [c.nCtx, c.dModel], 0.01);
  for (let i = 0; i < c.nLayers; i++) {
    const p = `h.${i}.`;
    add(p + 'ln_1.weight', [c.dModel], 0.05, 1);
    add(p + 'ln_1.bias', [c.dModel], 0.02);
    add(p + 'attn.c_attn.weight', [c.dModel, 3 * inner], 0.02);
    add(p + 'attn.c_attn.bias', [3 * inner], 0.02);
    add(p + 'attn.c_proj.weight', [inner, c.dModel], 0.02);
    add(p + 'attn.c_proj.bias', [c.dModel], 0.02);
    add(p + 'ln_2.weight', [c.dModel], 0.05, 1);
    add(p + 'ln_2.bias', [c.dModel], 0.02);
    add(p + 'mlp.c_fc.weight', [c.dModel, c.dMlp], 0.02);
    add(p + 'mlp.c_fc.bias', [c.dMlp], 0.02);
    add(p + 'mlp.c_proj.weight', [c.dMlp, c.dModel], 0.02);
    add(p + 'mlp.c_proj.bias', [c.dModel], 0.02);
  }
  add('ln_f.weight', [c.dModel], 0.05, 1);
  add('ln_f.bias', [c.dModel], 0.02);
  return named;
}

// Node benchmarks every backend in one process: generating the arrays once saves seconds per backend.
let gpt2Arrays: Map<string, HostTensor> | null = null;

/** Uploads a model to the current backend; the caller disposes its weights. */
export async function buildBenchModel(id: BenchModelId, loadTinyFiles: () => Promise<ModelFiles>): Promise<ModelCore> {
  if (id === 'tiny-gpt2') return loadModel(await loadTinyFiles(), id);
  gpt2Arrays ??= randomNamedWeights(GPT2_SMALL_CONFIG, WEIGHT_SEED);
  const config = GPT2_SMALL_CONFIG;
  return { config, weights: uploadWeights(resolveWeights(gpt2Arrays, config), config) };
}

/** One prompt of `length` seeded token ids (the same ids on every backend). */
export function benchPrompt(config: ModelConfig, length: number): number[] {
  const rng = createRng(length);
  return Array.from({ length }, () => rng.int(config.dVocab));
}
