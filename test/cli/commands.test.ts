// The commands' successful paths: shapes and meta.json of `cache` for each input kind and position,
// chunking of many prompts, text prompts through a tokenizer, `info`, `generate` and help.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_PROMPTS } from '../../src/cli/cache';
import { ENGINE_FIXTURES, WORD_TOKENIZER, maxFiniteDiff, modelDir, readNpyFile, removeDir, runCli, tempDir, runCliOk } from './harness';

const F32 = path.join(ENGINE_FIXTURES, 'f32');
let tmp: string;
let wordModel: string;
beforeAll(async () => {
  tmp = await tempDir();
  wordModel = path.join(tmp, 'word-model');
  await mkdir(wordModel);
  await modelDir(wordModel, 'f32', { 'tokenizer.json': WORD_TOKENIZER, 'card.json': { name: 'test card' } });
});
afterAll(() => removeDir(tmp));

const ok = runCliOk;

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));

describe('repscope cache', () => {
  it('drops the prompt axis for one --ids prompt at every position mode', async () => {
    const ids = ['--ids', '5,6,7,8'];
    const shapes: Record<string, number[][]> = {
      all: [[4, 48], [4, 4, 4], [4, 192]], last: [[48], [4, 4], [192]], mean: [[48], [4, 4], [192]], '-2': [[48], [4, 4], [192]],
    };
    for (const [position, [resid, pattern, mlp]] of Object.entries(shapes)) {
      const out = path.join(tmp, `single-${position}`);
      await ok(['cache', F32, ...ids, '--hooks', 'blocks.0.hook_resid_post,blocks.1.attn.hook_pattern,blocks.2.mlp.hook_post', '--position', position, '--out', out]);
      expect((await readNpyFile(path.join(out, 'blocks.0.hook_resid_post.npy'))).shape).toEqual(resid);
      expect((await readNpyFile(path.join(out, 'blocks.1.attn.hook_pattern.npy'))).shape).toEqual(pattern);
      expect((await readNpyFile(path.join(out, 'blocks.2.mlp.hook_post.npy'))).shape).toEqual(mlp);
    }
  });

  it('reads a given index, counted from the end when negative, as the all-positions array does', async () => {
    const all = path.join(tmp, 'index-all');
    const at = path.join(tmp, 'index-1');
    const hooks = ['--hooks', 'blocks.1.hook_resid_mid'];
    await ok(['cache', F32, '--ids', '5,6,7,8', ...hooks, '--out', all]);
    await ok(['cache', F32, '--ids', '5,6,7,8', ...hooks, '--position', '-3', '--out', at]);
    const full = await readNpyFile(path.join(all, 'blocks.1.hook_resid_mid.npy'));
    const one = await readNpyFile(path.join(at, 'blocks.1.hook_resid_mid.npy'));
    expect(maxFiniteDiff(one.data, full.data.subarray(48, 96))).toBeLessThan(1e-5);
  });

  it('expands * over layers and writes meta.json with ids, token strings and labels from a CSV', async () => {
    const csv = path.join(tmp, 'facts.csv');
    await writeFile(csv, 'label,text\n1,"the cat sat on the mat"\n0,"a dog, red"\n"1","the ""blue"" cat"\n');
    const out = path.join(tmp, 'csv-out');
    const run = await ok(['cache', wordModel, '--prompts', csv, '--hooks', 'blocks.*.hook_resid_post', '--position', 'last', '--out', out]);
    expect(run.stdout.trim().split('\n')).toHaveLength(3);
    const meta = await readJson(path.join(out, 'meta.json'));
    expect(meta.hooks).toEqual(['blocks.0.hook_resid_post', 'blocks.1.hook_resid_post', 'blocks.2.hook_resid_post']);
    expect(meta.position).toBe('last');
    expect(meta.shapes['blocks.2.hook_resid_post']).toEqual([3, 48]);
    expect(meta.prompts.map((p: { label: string }) => p.label)).toEqual(['1', '0', '1']);
    expect(meta.prompts[1]).toEqual({ text: 'a dog, red', ids: [7, 8, 0, 11], tokens: ['a', 'dog', '<unk>', 'red'], label: '0' });
    expect(meta.prompts[2].text).toBe('the "blue" cat');
    expect((await readNpyFile(path.join(out, 'blocks.0.hook_resid_post.npy'))).shape).toEqual([3, 48]);
  });

  it('keeps the prompt axis for a one-line file and stacks equal-length prompts at all positions', async () => {
    const txt = path.join(tmp, 'one.txt');
    await writeFile(txt, 'the cat sat\n\n');
    await ok(['cache', wordModel, '--prompts', txt, '--hooks', 'blocks.0.attn.hook_pattern', '--out', path.join(tmp, 'one')]);
    expect((await readNpyFile(path.join(tmp, 'one', 'blocks.0.attn.hook_pattern.npy'))).shape).toEqual([1, 4, 3, 3]);
    const jsonl = path.join(tmp, 'two.jsonl');
    await writeFile(jsonl, '{"text": "the cat sat", "label": true}\n{"ids": [9, 10, 11]}\n');
    await ok(['cache', wordModel, '--prompts', jsonl, '--hooks', 'hook_embed', '--out', path.join(tmp, 'two')]);
    expect((await readNpyFile(path.join(tmp, 'two', 'hook_embed.npy'))).shape).toEqual([2, 3, 48]);
    const meta = await readJson(path.join(tmp, 'two', 'meta.json'));
    expect(meta.prompts[0].label).toBe(true);
    expect(meta.prompts[1]).toEqual({ text: null, ids: [9, 10, 11], tokens: ['ran', 'is', 'red'] });
  });

  it('runs many prompts in chunks, matching each prompt run alone, and reports progress on stderr', async () => {
    const prompts = Array.from({ length: 2 * CHUNK_PROMPTS + 3 }, (_, i) => Array.from({ length: 2 + (i % 7) }, (_, j) => (i * 31 + j * 17) % 1031));
    const file = path.join(tmp, 'many.jsonl');
    await writeFile(file, prompts.map((ids) => JSON.stringify({ ids })).join('\n'));
    const out = path.join(tmp, 'many');
    const run = await ok(['cache', F32, '--prompts', file, '--hooks', 'blocks.2.hook_resid_post', '--position', 'mean', '--out', out]);
    expect(run.stderr).toMatch(new RegExp(`cache: ${prompts.length}/${prompts.length} prompts \\(100%\\)\\n$`));
    const stacked = await readNpyFile(path.join(out, 'blocks.2.hook_resid_post.npy'));
    expect(stacked.shape).toEqual([prompts.length, 48]);
    for (const b of [0, CHUNK_PROMPTS, prompts.length - 1]) {
      const single = path.join(tmp, `many-${b}`);
      await ok(['cache', F32, '--ids', prompts[b].join(','), '--hooks', 'blocks.2.hook_resid_post', '--position', 'mean', '--out', single]);
      const alone = await readNpyFile(path.join(single, 'blocks.2.hook_resid_post.npy'));
      expect(maxFiniteDiff(stacked.data.subarray(b * 48, (b + 1) * 48), alone.data)).toBeLessThan(1e-5);
    }
  });
});

describe('repscope with a tokenizer', () => {
  it('logits and generate accept --text; generate prints the decoded continuation', async () => {
    await ok(['logits', wordModel, '--text', 'The cat sat.', '--out', path.join(tmp, 'text.npy')]);
    expect((await readNpyFile(path.join(tmp, 'text.npy'))).shape).toEqual([4, 1031]);
    const json = JSON.parse((await ok(['generate', wordModel, '--text', 'the cat', '--max-new', '3', '--json'])).stdout);
    expect(json.promptIds).toEqual([2, 3]);
    expect(json.ids).toHaveLength(3);
    // The model's vocabulary (1031) is larger than the tokenizer's (13): unknown ids show as [id N].
    const words = WORD_TOKENIZER.vocab;
    expect(json.text).toBe(json.ids.map((id: number) => (id < words.length ? words[id] : `[id ${id}]`)).join(' '));
    const text = await ok(['generate', wordModel, '--text', 'the cat', '--max-new', '3']);
    expect(text.stdout).toBe(`${json.text}\n`);
  });

  it('generate samples reproducibly with a seed and stops at the context length with a note', async () => {
    const sample = (seed: string) => ok(['generate', F32, '--ids', '1,2', '--max-new', '5', '--temperature', '1.5', '--top-k', '20', '--seed', seed]);
    expect((await sample('7')).stdout).toBe((await sample('7')).stdout);
    expect((await sample('7')).stdout).toMatch(/^(\d+ ){4}\d+\n$/);
    const long = Array.from({ length: 62 }, (_, i) => i + 1).join(',');
    const run = await ok(['generate', F32, '--ids', long, '--max-new', '5', '--json']);
    expect(JSON.parse(run.stdout).ids).toHaveLength(2);
    expect(run.stderr).toMatch(/^note: stopped at the model's context length of 64 tokens/);
  });
});

describe('repscope info and help', () => {
  it('info prints the config, parameter count, tokenizer and hook points', async () => {
    const run = await ok(['info', wordModel]);
    expect(run.stdout).toContain('3 layers, d_model 48, 4 heads × d_head 12, d_mlp 192');
    expect(run.stdout).toMatch(/parameters\s+137,472/);
    expect(run.stdout).toMatch(/tokenizer\s+word/);
    expect(run.stdout).toContain('blocks.<L>.attn.hook_pattern');
    const json = JSON.parse((await ok(['info', F32, '--json'])).stdout);
    expect(json.config.nLayers).toBe(3);
    expect(json.tokenizer).toBeNull();
    expect(json.hooks).toHaveLength(2 + 15 * 3 + 2);
    expect(json.weights).toMatchObject({ tensors: 40, dtypes: ['F32'] });
  });

  it('finds a model from a .safetensors path and from a path relative to the working directory', async () => {
    const json = JSON.parse((await ok(['info', path.join(wordModel, 'model.safetensors'), '--json'])).stdout);
    expect(json.tokenizer).toBe('word');
    expect(json.card).toEqual({ name: 'test card' });
    const relative = JSON.parse((await ok(['info', 'word-model', '--json'], tmp)).stdout);
    expect(relative).toMatchObject({ id: 'word-model', path: 'word-model', builtin: false });
  });

  it('prints help for the CLI and for each command', async () => {
    expect((await ok(['--help'])).stdout).toMatch(/^Usage: repscope <command>/);
    expect((await ok(['help'])).stdout).toContain('generate');
    expect((await ok(['help', 'cache'])).stdout).toMatch(/^Usage: repscope cache MODEL/);
    expect((await ok(['logits', '--help'])).stdout).toMatch(/^Usage: repscope logits MODEL/);
    expect((await ok(['generate', '-h'])).stdout).toMatch(/^Usage: repscope generate MODEL/);
  });

  it('accepts global options before the command and --flag=value forms', async () => {
    const run = await ok(['--backend', 'cpu', 'generate', F32, '--ids=187,947', '--max-new=2', '--json']);
    expect(JSON.parse(run.stdout).ids).toHaveLength(2);
  });
});

describe('repscope and tfjs memory', () => {
  it('leaves no tensors behind after logits, cache and generate', async () => {
    await ok(['info', F32]);
    await ok(['logits', F32, '--ids', '1,2,3', '--out', path.join(tmp, 'warm.npy')]); // starts the backend
    const before = tf.memory().numTensors;
    await ok(['logits', F32, '--ids', '1,2,3', '--out', path.join(tmp, 'leak.npy')]);
    await ok(['cache', F32, '--ids', '1,2,3', '--hooks', 'blocks.*.attn.hook_pattern', '--position', 'mean', '--out', path.join(tmp, 'leak')]);
    await ok(['generate', F32, '--ids', '1,2,3', '--max-new', '3']);
    expect(await runCli(['cache', F32, '--ids', '1,2,3', '--hooks', 'hook_embed', '--position', '9', '--out', tmp])).toMatchObject({ code: 2 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
