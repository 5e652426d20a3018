import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { runModel, runWithCache, runWithHooks } from '../../src/model/cache';
import type { ModelCore } from '../../src/model/cache';
import { withRandomModel } from '../helpers/randomModel';

let model: ModelCore;
withRandomModel((m) => (model = m));

const prompts = [[3, 7, 1, 9, 4, 2], [5, 5, 8]];

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('runWithHooks', () => {
  it('patching resid_post with the clean activation reproduces the clean logits exactly', async () => {
    const clean = [[3, 7, 1, 9, 4, 2]];
    const corrupt = [[3, 7, 6, 9, 4, 2]];
    const ref = await runModel(model, clean, { names: ['blocks.0.hook_resid_post'], logits: 'all' });
    const patched = await runWithHooks(model, corrupt, [
      { hook: 'blocks.0.hook_resid_post', kind: 'replace', value: ref.cache.get('blocks.0.hook_resid_post')!.data },
    ], { logits: 'all' });
    expect(Array.from(patched.logits!.data)).toEqual(Array.from(ref.logits!.data));
    const unpatched = await runModel(model, corrupt, { logits: 'all' });
    expect(maxAbsDiff(unpatched.logits!.data, ref.logits!.data)).toBeGreaterThan(1e-3);
  });

  it('adding a vector at position p changes nothing at earlier positions', async () => {
    const p = 3;
    const vector = Float32Array.from({ length: model.config.dModel }, (_, i) => Math.sin(i) * 5);
    const base = await runModel(model, [prompts[0]], { logits: 'all' });
    const steered = await runWithHooks(model, [prompts[0]], [{ hook: 'blocks.0.hook_resid_pre', kind: 'add', vector, positions: [p] }], { logits: 'all' });
    const V = model.config.dVocab;
    expect(Array.from(steered.logits!.data.slice(0, p * V))).toEqual(Array.from(base.logits!.data.slice(0, p * V)));
    expect(maxAbsDiff(steered.logits!.data.slice(p * V, (p + 1) * V), base.logits!.data.slice(p * V, (p + 1) * V))).toBeGreaterThan(1e-3);
  });

  it('projecting out a direction leaves the activation orthogonal to it', async () => {
    const d = model.config.dModel;
    const direction = Float32Array.from({ length: d }, (_, i) => (i % 3) - 1 + 0.1 * i);
    const hook = 'blocks.1.hook_resid_mid' as const;
    const before = await runWithCache(model, prompts, { names: [hook] });
    const { cache } = await runWithHooks(model, prompts, [{ hook, kind: 'project_out', direction }], { names: [hook], logits: 'none' });
    const norm = Math.hypot(...direction);
    const act = cache.get(hook)!;
    const dotsBefore: number[] = [];
    const pos = act.shape[1];
    for (let row = 0; row < act.data.length / d; row++) {
      if (row % pos >= prompts[Math.floor(row / pos)].length) continue; // padding is never touched
      let dot = 0;
      let dotB = 0;
      for (let j = 0; j < d; j++) {
        dot += (act.data[row * d + j] * direction[j]) / norm;
        dotB += (before.cache.get(hook)!.data[row * d + j] * direction[j]) / norm;
      }
      expect(Math.abs(dot)).toBeLessThan(1e-4);
      dotsBefore.push(Math.abs(dotB));
    }
    expect(Math.max(...dotsBefore)).toBeGreaterThan(1e-2);
  });

  it('scaling chosen heads of hook_z by zero zeroes exactly those heads at the chosen positions', async () => {
    const hook = 'blocks.0.attn.hook_z' as const;
    const { cache } = await runWithHooks(model, [prompts[0]], [{ hook, kind: 'scale', factor: 0, heads: [1], positions: 'last' }], { names: [hook], logits: 'none' });
    const z = cache.get(hook)!; // [1, pos, head, d_head]
    const [, pos, heads, dh] = z.shape;
    for (let p = 0; p < pos; p++) {
      for (let h = 0; h < heads; h++) {
        const slice = z.data.slice((p * heads + h) * dh, (p * heads + h + 1) * dh);
        const zero = slice.every((x) => x === 0);
        expect(zero).toBe(p === pos - 1 && h === 1);
      }
    }
  });

  it('rejects a vector whose width does not match the hook, naming both widths', async () => {
    await expect(runWithHooks(model, prompts, [{ hook: 'blocks.0.hook_resid_pre', kind: 'add', vector: new Float32Array(5) }]))
      .rejects.toThrow(/vector has 5 entries, but the hook's last axis \(d_model\) has 24/);
  });
});

describe('runWithCache positions', () => {
  it('reads each prompt at its own last token, and padding never changes a prompt', async () => {
    const hook = 'blocks.1.hook_resid_post' as const;
    const both = await runWithCache(model, prompts, { names: [hook], position: 'last' });
    const alone = await runWithCache(model, [prompts[1]], { names: [hook], position: 'last' });
    const d = model.config.dModel;
    expect(both.cache.get(hook)!.shape).toEqual([2, d]);
    expect(maxAbsDiff(both.cache.get(hook)!.data.slice(d), alone.cache.get(hook)!.data)).toBeLessThan(1e-5);
  });

  it('mean reads average over the prompt\'s own tokens only', async () => {
    const hook = 'blocks.0.hook_mlp_out' as const;
    const all = await runWithCache(model, prompts, { names: [hook], position: 'all' });
    const mean = await runWithCache(model, prompts, { names: [hook], position: 'mean' });
    const d = model.config.dModel;
    const pos = all.cache.get(hook)!.shape[1];
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let p = 0; p < 3; p++) s += all.cache.get(hook)!.data[(pos + p) * d + j];
      expect(mean.cache.get(hook)!.data[d + j]).toBeCloseTo(s / 3, 5);
    }
  });

  it('leaves the number of tensors unchanged', async () => {
    const before = tf.memory().numTensors;
    await runWithCache(model, prompts, { names: ['blocks.0.attn.hook_pattern', 'blocks.1.hook_resid_post'], position: 'last' });
    await runWithHooks(model, prompts, [{ hook: 'blocks.0.hook_resid_pre', kind: 'scale', factor: 2 }], { logits: 'all' });
    await expect(runWithCache(model, [[999]], { names: ['hook_embed'] })).rejects.toThrow(/outside the vocabulary/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
