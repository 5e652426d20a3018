// Sorting a user's dropped files into a model: which file is which, errors that name the missing or
// broken file, notes for files that are not used, and ids that are URL-safe and never reused.
import { describe, expect, it } from 'vitest';
import { baseModelId, isModelDrop, readUserModelFiles, uniqueModelId } from '../../src/app/userModel';

const file = (name: string, text = '') => new File([text], name);
const HF_CONFIG = JSON.stringify({ model_type: 'gpt2', n_layer: 2, n_embd: 8, n_head: 2, n_positions: 16, vocab_size: 50257 });

describe('isModelDrop', () => {
  it('says yes for weights or a config.json, no for prompt files', () => {
    expect(isModelDrop([file('model.safetensors')])).toBe(true);
    expect(isModelDrop([file('config.json')])).toBe(true);
    expect(isModelDrop([file('pytorch_model.bin')])).toBe(true);
    expect(isModelDrop([file('prompts.csv'), file('session.json')])).toBe(false);
  });
});

describe('readUserModelFiles', () => {
  it('keeps the weights as the File itself and parses config.json', async () => {
    const weights = file('model.safetensors', 'x');
    const read = await readUserModelFiles([file('config.json', HF_CONFIG), weights, file('generation_config.json', '{}')]);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.files.weights).toBe(weights);
    expect(read.files.config).toMatchObject({ n_layer: 2 });
    expect(read.files.tokenizer).toBeUndefined();
    expect(read.baseId).toBe('gpt2');
    expect(read.notes).toEqual([]);
  });

  it('passes our tokenizer.json on, notes a Hugging Face one and any file it does not use', async () => {
    const ours = await readUserModelFiles([file('config.json', HF_CONFIG), file('model.safetensors'), file('tokenizer.json', '{"type":"gpt2"}')]);
    expect(ours.ok && ours.files.tokenizer).toEqual({ type: 'gpt2' });
    const hf = await readUserModelFiles([file('config.json', HF_CONFIG), file('model.safetensors'), file('tokenizer.json', '{"version":"1.0","model":{"type":"BPE"}}'), file('notes.txt')]);
    expect(hf.ok && hf.files.tokenizer).toBeUndefined();
    expect(hf.ok && hf.notes.join(' | ')).toMatch(/Hugging Face tokenizers format.*\| not used: notes\.txt$/);
  });

  it.each([
    [[file('model.safetensors')], /model\.safetensors needs its config\.json: drop both files together/],
    [[file('config.json', HF_CONFIG)], /config\.json needs its weights: drop model\.safetensors/],
    [[file('config.json', HF_CONFIG), file('pytorch_model.bin')], /pytorch_model\.bin is not a safetensors file.*download model\.safetensors/],
    [[file('config.json', HF_CONFIG), file('model-00001-of-00002.safetensors'), file('model-00002-of-00002.safetensors')], /one \.safetensors file at a time/],
    [[file('config.json', '{"n_layer": 2,'), file('model.safetensors')], /^config\.json is not valid JSON \(.+\); download it again$/],
  ])('names what is wrong (%#)', async (files, message) => {
    const read = await readUserModelFiles(files);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error).toMatch(message);
  });
});

describe('model ids', () => {
  it('come from the config or the file name, made URL-safe', () => {
    expect(baseModelId({ _name_or_path: 'openai-community/gpt2' }, 'model.safetensors')).toBe('gpt2');
    expect(baseModelId({ model_type: 'gpt2' }, 'model.safetensors')).toBe('gpt2');
    expect(baseModelId({}, 'my tiny model!.safetensors')).toBe('my-tiny-model-');
    expect(baseModelId({ _name_or_path: '../..' }, 'model.safetensors')).toBe('my-model');
  });

  it('are never reused', () => {
    expect(uniqueModelId('gpt2', new Set())).toBe('gpt2');
    expect(uniqueModelId('gpt2', new Set(['gpt2', 'gpt2-2']))).toBe('gpt2-3');
  });
});
