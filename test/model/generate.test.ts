import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { generate, sampleToken, argmax } from '../../src/model/generate';
import { runModel, type ModelCore } from '../../src/model/cache';
import { createRng } from '../../src/data/random';
import { withRandomModel } from '../helpers/randomModel';

let model: ModelCore;
withRandomModel((m) => (model = m));

describe('generate', () => {
  it('greedy decoding appends the argmax of a fresh forward pass at each step', async () => {
    const prompt = [4, 9, 2];
    const out = await generate(model, [prompt], { maxNewTokens: 5 });
    const seq = [...prompt];
    for (let i = 0; i < 5; i++) {
      const { logits } = await runModel(model, [seq], { logits: 'last' });
      seq.push(argmax(logits!.data));
    }
    expect(out.tokens[0]).toEqual(seq.slice(3));
    expect(out.stopped).toEqual(['max_new_tokens']);
  });

  it('gives each prompt of a batch the same tokens as when run alone', async () => {
    const prompts = [[1, 2, 3, 4, 5], [7], [8, 8]];
    const batched = await generate(model, prompts, { maxNewTokens: 4 });
    for (let i = 0; i < prompts.length; i++) {
      const alone = await generate(model, [prompts[i]], { maxNewTokens: 4 });
      expect(batched.tokens[i]).toEqual(alone.tokens[0]);
    }
  });

  it('reproduces sampled tokens for the same seed and differs for another seed', async () => {
    const opts = { maxNewTokens: 8, temperature: 1.5 };
    const a = await generate(model, [[3]], { ...opts, seed: 11 });
    const b = await generate(model, [[3]], { ...opts, seed: 11 });
    const seeds = await Promise.all([12, 13, 14].map((seed) => generate(model, [[3]], { ...opts, seed })));
    expect(a.tokens).toEqual(b.tokens);
    expect(seeds.some((s) => s.tokens[0].join() !== a.tokens[0].join())).toBe(true);
  });

  it('stops at the context length with a message that says so', async () => {
    const out = await generate(model, [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]], { maxNewTokens: 10 });
    expect(out.tokens[0]).toHaveLength(2);
    expect(out.stopped).toEqual(['context']);
    expect(out.message).toMatch(/context length of 16 tokens/);
  });

  it('one-shot interventions touch only the prompt, continual ones every step', async () => {
    const vector = Float32Array.from({ length: model.config.dModel }, (_, i) => 40 * Math.cos(i));
    const iv = [{ hook: 'blocks.1.hook_resid_pre' as const, kind: 'add' as const, vector }];
    const prompt = [5, 6, 7];
    const plain = await generate(model, [prompt], { maxNewTokens: 6 });
    const once = await generate(model, [prompt], { maxNewTokens: 6, interventions: iv, hookScope: 'prompt' });
    const always = await generate(model, [prompt], { maxNewTokens: 6, interventions: iv, hookScope: 'all' });
    // Reference for one-shot: steer only positions < 3 at every step.
    const seq = [...prompt];
    for (let i = 0; i < 6; i++) {
      const { logits } = await runModel(model, [seq], { logits: 'last', interventions: [{ ...iv[0], positions: [0, 1, 2] }] });
      seq.push(argmax(logits!.data));
    }
    expect(once.tokens[0]).toEqual(seq.slice(3));
    expect(always.tokens[0]).not.toEqual(plain.tokens[0]);
  });

  it('leaves the number of tensors unchanged', async () => {
    const before = tf.memory().numTensors;
    await generate(model, [[1, 2], [3]], { maxNewTokens: 3, temperature: 0.7, seed: 1 });
    await expect(generate(model, [[1, 200]], { maxNewTokens: 3 })).rejects.toThrow(/outside the vocabulary/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('sampleToken', () => {
  it('never picks a token outside the top k', () => {
    const logits = Float32Array.from([0, 5, 1, 4, 3]);
    const rng = createRng(3);
    for (let i = 0; i < 200; i++) expect([1, 3]).toContain(sampleToken(logits, 0, 5, 2, 2, rng));
  });
  it('is greedy at temperature 0 and breaks ties towards the lowest id', () => {
    expect(sampleToken(Float32Array.from([1, 3, 3, 2]), 0, 4, 0, 4, createRng(0))).toBe(1);
  });
});
