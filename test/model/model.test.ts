// Loading and unloading models: formats, every error named before anything is uploaded, no leaks.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { disposeModel, loadModel, parseModelConfig } from '../../src/model/model';
import { writeSafetensors, readSafetensors } from '../../src/model/safetensors';
import { configFromHuggingFace, countParameters, validateConfig } from '../../src/model/config';
import { runWithCache } from '../../src/model/cache';

const dir = fileURLToPath(new URL('../fixtures/engine/', import.meta.url));
const json = async (p: string) => JSON.parse(await readFile(dir + p, 'utf8'));
const bytes = async (p: string) => new Uint8Array(await readFile(dir + p));

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
});

/** Rewrites the f32 fixture with one tensor changed or dropped. */
async function mutatedWeights(edit: (name: string, shape: number[], data: Float32Array) => { shape: number[]; data: Float32Array } | null) {
  const file = readSafetensors(await bytes('f32/model.safetensors'));
  const out = [];
  for (const [name, t] of file.tensors) {
    const e = edit(name, t.shape, t.data);
    if (e) out.push({ name, ...e });
  }
  return writeSafetensors(out);
}

describe('loadModel', () => {
  it('loads a Hugging Face GPT-2 checkpoint, counts its parameters and frees every tensor on unload', async () => {
    const before = tf.memory().numTensors;
    const model = await loadModel({ config: await json('f32/config.json'), weights: await bytes('f32/model.safetensors') }, 'f32');
    expect(model.format).toBe('huggingface');
    expect(model.config).toMatchObject({ nLayers: 3, dModel: 48, nHeads: 4, dHead: 12, dMlp: 192, nCtx: 64, dVocab: 1031, tiedEmbed: true });
    const fileParams = [...readSafetensors(await bytes('f32/model.safetensors')).tensors.values()].reduce((s, t) => s + t.data.length, 0);
    expect(model.parameterCount).toBe(fileParams);
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ignores attention-mask buffers and reports them', async () => {
    const model = await loadModel({ config: await json('f16-prefixed/config.json'), weights: await bytes('f16-prefixed/model.safetensors') }, 'f16');
    try {
      expect(model.ignoredTensors).toContain('transformer.h.0.attn.bias');
      expect(model.ignoredTensors).toContain('lm_head.weight');
    } finally {
      disposeModel(model);
    }
  });

  it('names a missing tensor with its expected shape and uploads nothing', async () => {
    const weights = await mutatedWeights((name, shape, data) => (name === 'h.1.mlp.c_fc.bias' ? null : { shape, data }));
    const before = tf.memory().numTensors;
    await expect(loadModel({ config: await json('f32/config.json'), weights }, 'x')).rejects.toThrow(/missing tensor "h.1.mlp.c_fc.bias" \(expected shape \[192\]\)/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names a mis-shaped tensor with the expected and found shapes', async () => {
    const weights = await mutatedWeights((name, shape, data) =>
      name === 'h.2.attn.c_attn.weight' ? { shape: [144, 48], data } : { shape, data });
    await expect(loadModel({ config: await json('f32/config.json'), weights }, 'x')).rejects.toThrow(
      /tensor "h.2.attn.c_attn.weight" has shape \[144, 48\], expected \[48, 144\]/,
    );
  });

  it('rejects weights of more layers than the config has', async () => {
    const config = { ...(await json('f32/config.json')), n_layer: 2 };
    await expect(loadModel({ config, weights: await bytes('f32/model.safetensors') }, 'x')).rejects.toThrow(/belongs to layer 2, but the config has 2 layers/);
  });

  it('rejects an untied config whose file has no lm_head', async () => {
    const config = { ...(await json('f32/config.json')), tie_word_embeddings: false };
    await expect(loadModel({ config, weights: await bytes('f32/model.safetensors') }, 'x')).rejects.toThrow(/missing tensor "lm_head.weight"/);
  });

  it('rejects a tokenizer larger than the vocabulary', async () => {
    const config = await json('f32/config.json');
    await expect(loadModel({ config, weights: await bytes('f32/model.safetensors'), tokenizer: { type: 'gpt2' } }, 'x')).rejects.toThrow(
      /tokenizer has 50257 tokens but the model's vocabulary has 1031/,
    );
  });

  it('runs a model in our own format with a word tokenizer and attention-only blocks', async () => {
    const config = validateConfig({ nLayers: 1, dModel: 8, nHeads: 2, nCtx: 8, dVocab: 5, attnOnly: true, tiedEmbed: false });
    const named = new Map<string, number[]>([
      ['wte.weight', [5, 8]], ['wpe.weight', [8, 8]], ['h.0.ln_1.weight', [8]], ['h.0.ln_1.bias', [8]],
      ['h.0.attn.c_attn.weight', [8, 24]], ['h.0.attn.c_attn.bias', [24]], ['h.0.attn.c_proj.weight', [8, 8]],
      ['h.0.attn.c_proj.bias', [8]], ['ln_f.weight', [8]], ['ln_f.bias', [8]], ['lm_head.weight', [5, 8]],
    ]);
    const weights = writeSafetensors([...named].map(([name, shape], i) => ({
      name, shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, j) => Math.sin(i * 7 + j)),
    })));
    const tokenizer = { type: 'word', vocab: ['<unk>', 'a', 'b', 'c', '.'], unk: '<unk>' };
    const model = await loadModel({ config, weights, tokenizer }, 'own');
    try {
      expect(model.format).toBe('repscope');
      const enc = model.tokenizer!.encode('a b zebra .');
      expect(enc.unknown).toEqual([{ index: 2, text: 'zebra' }]);
      const { cache } = await runWithCache(model, [enc.ids], { names: ['blocks.0.hook_resid_post'], position: 'last' });
      expect(cache.get('blocks.0.hook_resid_post')!.shape).toEqual([1, 8]);
      expect(model.parameterCount).toBe(countParameters(config));
    } finally {
      disposeModel(model);
    }
  });
});

describe('model configs', () => {
  it('converts a Hugging Face GPT-2 config', () => {
    const c = configFromHuggingFace({ n_layer: 12, n_head: 12, n_embd: 768, n_positions: 1024, vocab_size: 50257, activation_function: 'gelu_new' });
    expect(c).toMatchObject({ nLayers: 12, dHead: 64, dMlp: 3072, act: 'gelu_new', tiedEmbed: true, normEps: 1e-5 });
    expect(countParameters(c)).toBe(124_439_808);
  });

  it('says what to fix in a bad config', () => {
    expect(() => parseModelConfig({ n_layer: 2, n_head: 3, n_embd: 8, vocab_size: 10, n_positions: 4 })).toThrow(/dModel 8 is not divisible by nHeads 3/);
    expect(() => parseModelConfig({ n_layer: 2 })).toThrow(/missing n_head, n_embd, vocab_size/);
    expect(() => configFromHuggingFace({ n_layer: 1, n_head: 1, n_embd: 4, vocab_size: 4, n_positions: 4, activation_function: 'swish' })).toThrow(/activation_function "swish" is unsupported/);
    expect(() => validateConfig({ nLayers: 1e9, dModel: 4, nHeads: 1, nCtx: 4, dVocab: 4 })).toThrow(/nLayers must be an integer from 1 to 256/);
    expect(() => validateConfig([])).toThrow(/expected a JSON object/);
    expect(() => configFromHuggingFace({ n_layer: 1, n_head: 1, n_embd: 4, vocab_size: 4, n_positions: 4, activation_function: '__proto__' })).toThrow(/unsupported/);
  });
});
