// The CLI against the torch reference in test/fixtures/engine: logits, every hook activation and the greedy
// continuation of each prompt, for every checkpoint variant, on the default (wasm) backend.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNpyFloat32 } from '../../src/data/npy';
import { ENGINE_FIXTURES, VARIANTS, fixtureExpected, maxFiniteDiff, readNpyFile, removeDir, runCli, tempDir } from './harness';

const TOLERANCE = 1e-4;

async function fixtureArray(variant: string, promptDir: string, hook: string): Promise<{ shape: number[]; data: Float32Array }> {
  return readNpyFloat32(new Uint8Array(await readFile(path.join(ENGINE_FIXTURES, variant, promptDir, `${hook}.npy`))));
}

let out: string;
beforeAll(async () => {
  out = await tempDir();
});
afterAll(() => removeDir(out));

describe.each(VARIANTS)('repscope on the %s fixture', (variant) => {
  const model = path.join(ENGINE_FIXTURES, variant);

  it('logits writes float32 [n_tokens, vocab] matching the reference within 1e-4', async () => {
    for (const p of (await fixtureExpected(variant)).prompts) {
      const file = path.join(out, `${variant}-${p.dir}-logits.npy`);
      const run = await runCli(['logits', model, '--ids', p.ids.join(','), '--out', file]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const got = await readNpyFile(file);
      const want = await fixtureArray(variant, p.dir, 'unembed.hook_out');
      expect(got.shape).toEqual(want.shape.slice(1));
      expect(maxFiniteDiff(got.data, want.data)).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it('cache --position all writes every hook matching the reference, batch axis dropped', async () => {
    const [p0, p1] = (await fixtureExpected(variant)).prompts;
    for (const p of [p0, p1]) {
      const hooks = p.hooks.map((h) => h.replace(/\.npy$/, ''));
      const dir = path.join(out, `${variant}-${p.dir}-cache`);
      const run = await runCli(['cache', model, '--ids', p.ids.join(','), '--hooks', hooks.join(','), '--position', 'all', '--out', dir]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      for (const hook of hooks) {
        const got = await readNpyFile(path.join(dir, `${hook}.npy`));
        const want = await fixtureArray(variant, p.dir, hook);
        expect(want.shape[0]).toBe(1);
        expect(got.shape, hook).toEqual(want.shape.slice(1));
        expect(maxFiniteDiff(got.data, want.data), hook).toBeLessThanOrEqual(TOLERANCE);
      }
    }
  });

  it('generate --json reproduces the greedy continuation exactly', async () => {
    for (const p of (await fixtureExpected(variant)).prompts) {
      const run = await runCli(['generate', model, '--ids', p.ids.join(','), '--max-new', String(p.greedy.length), '--json']);
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout);
      expect(result.ids).toEqual(p.greedy);
      expect(result.promptIds).toEqual(p.ids);
      expect(result.text).toBeNull(); // the fixtures have no tokenizer
      expect(result.stopped).toBe('max_new_tokens');
    }
  });
});

describe('repscope cache on the reference prompts together', () => {
  const variant = 'f32';
  const model = path.join(ENGINE_FIXTURES, variant);

  it('stacks prompts of unequal length at --position last, matching each prompt alone', async () => {
    const { prompts } = await fixtureExpected(variant);
    const file = path.join(out, 'ids.jsonl');
    await writeFile(file, prompts.map((p) => JSON.stringify({ ids: p.ids })).join('\n'));
    const dir = path.join(out, 'stacked');
    const hooks = ['blocks.2.hook_resid_post', 'blocks.1.attn.hook_pattern', 'blocks.1.attn.hook_attn_scores'];
    const run = await runCli(['cache', model, '--prompts', file, '--hooks', hooks.join(','), '--position', 'last', '--out', dir]);
    expect(run.code, run.stderr).toBe(0);
    const maxLen = Math.max(...prompts.map((p) => p.ids.length));
    const resid = await readNpyFile(path.join(dir, 'blocks.2.hook_resid_post.npy'));
    const pattern = await readNpyFile(path.join(dir, 'blocks.1.attn.hook_pattern.npy'));
    const scores = await readNpyFile(path.join(dir, 'blocks.1.attn.hook_attn_scores.npy'));
    expect(resid.shape).toEqual([prompts.length, 48]);
    expect(pattern.shape).toEqual([prompts.length, 4, maxLen]);
    for (const [b, p] of prompts.entries()) {
      const len = p.ids.length;
      const wantResid = await fixtureArray(variant, p.dir, 'blocks.2.hook_resid_post'); // [1, len, 48]
      expect(maxFiniteDiff(resid.data.subarray(b * 48, (b + 1) * 48), wantResid.data.subarray((len - 1) * 48))).toBeLessThanOrEqual(TOLERANCE);
      const wantPattern = await fixtureArray(variant, p.dir, 'blocks.1.attn.hook_pattern'); // [1, 4, len, len]
      for (let h = 0; h < 4; h++) {
        const row = pattern.data.subarray((b * 4 + h) * maxLen, (b * 4 + h + 1) * maxLen);
        const want = wantPattern.data.subarray((h * len + len - 1) * len, (h * len + len) * len);
        expect(maxFiniteDiff(row.subarray(0, len), want)).toBeLessThanOrEqual(TOLERANCE);
        expect(Array.from(row.subarray(len))).toEqual(new Array(maxLen - len).fill(0)); // padded keys
        const scoreRow = scores.data.subarray((b * 4 + h) * maxLen, (b * 4 + h + 1) * maxLen);
        expect(Array.from(scoreRow.subarray(len)).every((v) => v <= -1e4)).toBe(true);
      }
    }
  });
});
