// Activation patching on a small random model: exactness of the batched per-row patch, recovery bounds,
// heads against attn_out, the density curve, progress, cancellation, errors and tensor hygiene.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { runModel, type ModelCore } from '../../src/model/cache';
import { runPatching, type PatchCell, type PatchMetric } from '../../src/analysis/patching';
import { patchInterventions, runPatchedRows } from '../../src/analysis/patchingRuns';
import { componentsNeeded, orderByMagnitude } from '../../src/analysis/patchingDensity';
import { withRandomModel } from '../helpers/randomModel';

let model: ModelCore;
withRandomModel((m) => (model = m));

// The prompts differ at position 2 only, so every other position of resid_pre in layer 0 is identical.
const clean = [3, 7, 1, 9, 4, 2];
const corrupt = [3, 7, 6, 9, 4, 2];
const logitdiff: PatchMetric = { kind: 'logitdiff', target: 11, baseline: 17 };
const allPositions = (hook: PatchCell['hook']): PatchCell[] => clean.map((_, p) => ({ hook, pos: p, head: null }));

async function cleanCache(names: PatchCell['hook'][]) {
  return (await runModel(model, [clean], { names, position: 'all', logits: 'none' })).cache;
}

describe('patched runs', () => {
  it('patching every position of resid_pre in layer 0 with the clean run reproduces the clean logits exactly', async () => {
    const cache = await cleanCache(['blocks.0.hook_resid_pre']);
    const ref = await runModel(model, [clean], { logits: 'all' });
    const patched = await runModel(model, [corrupt], { logits: 'all', interventions: patchInterventions([allPositions('blocks.0.hook_resid_pre')], cache) });
    expect(Array.from(patched.logits!.data)).toEqual(Array.from(ref.logits!.data));
  });

  it('patching nothing gives the corrupt output exactly, and each batch row gets only its own patch', async () => {
    const hook = 'blocks.1.hook_attn_out';
    const cache = await cleanCache([hook]);
    const ref = await runModel(model, [corrupt], { logits: 'all' });
    const rows: PatchCell[][] = [[], [{ hook, pos: 5, head: null }], []];
    const out = await runModel(model, [corrupt, corrupt, corrupt], { logits: 'all', interventions: patchInterventions(rows, cache) });
    const size = ref.logits!.data.length;
    expect(Array.from(out.logits!.data.subarray(0, size))).toEqual(Array.from(ref.logits!.data));
    expect(Array.from(out.logits!.data.subarray(2 * size))).toEqual(Array.from(ref.logits!.data));
    expect(Array.from(out.logits!.data.subarray(size, 2 * size))).not.toEqual(Array.from(ref.logits!.data));
  });

  it('recovers 1 for the whole of resid_pre in layer 0, in any chunking', async () => {
    const cache = await cleanCache(['blocks.0.hook_resid_pre']);
    const [m] = await runPatchedRows(model, clean, cache, [[]], logitdiff, { maxBatch: 4 });
    const [mc] = await runPatchedRows(model, corrupt, cache, [[]], logitdiff, { maxBatch: 4 });
    const rows = [[], allPositions('blocks.0.hook_resid_pre'), [{ hook: 'blocks.0.hook_resid_pre' as const, pos: null, head: null }]];
    for (const maxBatch of [1, 2, 3]) {
      const v = await runPatchedRows(model, corrupt, cache, rows, logitdiff, { maxBatch });
      expect(v[0]).toBeCloseTo(mc, 5);
      expect((v[1] - mc) / (m - mc)).toBeCloseTo(1, 5);
      expect((v[2] - mc) / (m - mc)).toBeCloseTo(1, 5);
    }
  });
});

describe('runPatching', () => {
  it('gives a heat map per site whose layer-0 resid_pre is 1 at the changed position and 0 elsewhere', async () => {
    const result = await runPatching(model, { clean, corrupt }, logitdiff, { sites: ['resid_pre', 'attn_out', 'mlp_out'], tokens: ['a', 'b', 'c', 'd', 'e', 'f'] });
    expect(result.heatmaps.map((h) => h.site)).toEqual(['resid_pre', 'attn_out', 'mlp_out']);
    const resid = result.heatmaps[0];
    expect(resid.rows).toEqual(['L0', 'L1']);
    expect(resid.cols).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(resid.values).toHaveLength(2 * 6);
    resid.values.slice(0, 6).forEach((v, p) => expect(v).toBeCloseTo(p === 2 ? 1 : 0, 5));
    // Before position 2 nothing differs at any layer (causal attention), so nothing can be recovered there.
    for (const map of result.heatmaps) [0, 1].forEach((p) => expect(map.values[6 + p]).toBeCloseTo(0, 6));
  });

  it('patching every head of a layer at once matches patching its attn_out', async () => {
    const result = await runPatching(model, { clean, corrupt }, logitdiff, { sites: ['attn_out', 'heads'], density: false });
    const [attn, heads] = result.heatmaps;
    expect(heads.rows).toEqual(['L0', 'L1']);
    expect(heads.cols).toEqual(['H0', 'H1', 'H2']);
    expect(heads.colKind).toBe('head');
    const cache = await cleanCache(['blocks.1.attn.hook_z', 'blocks.1.hook_attn_out']);
    const [allHeads, allAttn] = await runPatchedRows(model, corrupt, cache, [[{ hook: 'blocks.1.attn.hook_z', pos: null, head: null }], allPositions('blocks.1.hook_attn_out')], logitdiff, { maxBatch: 8 });
    expect(allHeads).toBeCloseTo(allAttn, 4);
    expect(attn.values.every(Number.isFinite)).toBe(true);
  });

  it('patches single heads at single positions when asked', async () => {
    const result = await runPatching(model, { clean, corrupt }, { kind: 'prob', target: 11 }, { sites: ['heads'], headPositions: 'each', density: false });
    const [map] = result.heatmaps;
    expect(map.rows).toEqual(['L0H0', 'L0H1', 'L0H2', 'L1H0', 'L1H1', 'L1H2']);
    expect(map.cols).toEqual(['pos 0', 'pos 1', 'pos 2', 'pos 3', 'pos 4', 'pos 5']);
    expect(map.values).toHaveLength(36);
    expect(result.metricClean).toBeGreaterThan(0);
    expect(result.metricClean).toBeLessThan(1);
  });

  it('measures a projection metric on a hook', async () => {
    const direction = Float32Array.from({ length: 24 }, (_, i) => (i % 3) - 1);
    const metric: PatchMetric = { kind: 'projection', hook: 'blocks.1.hook_resid_post', direction };
    const result = await runPatching(model, { clean, corrupt }, metric, { sites: ['resid_pre'], density: false });
    expect(result.heatmaps[0].values[2]).toBeCloseTo(1, 5);
  });

  it('reports the density curve: components by |effect|, measured jointly, and how many reach 50/80/90%', async () => {
    const result = await runPatching(model, { clean, corrupt }, logitdiff, { sites: ['resid_pre'] });
    const { density, values } = result.heatmaps[0];
    expect(density!.order[0]).toBe(2); // layer 0, the changed position: recovery 1
    expect(density!.recovery[0]).toBeCloseTo(1, 5);
    expect(density!.needed).toEqual([{ fraction: 0.5, components: 1 }, { fraction: 0.8, components: 1 }, { fraction: 0.9, components: 1 }]);
    expect(density!.recovery).toHaveLength(values.length);
  });

  it('orders by magnitude with index ties and says null when no prefix reaches a fraction', () => {
    expect(orderByMagnitude([0.1, -0.5, 0.5, 0])).toEqual([1, 2, 0, 3]);
    expect(componentsNeeded([0.3, 0.6, 0.85])).toEqual([{ fraction: 0.5, components: 2 }, { fraction: 0.8, components: 3 }, { fraction: 0.9, components: null }]);
  });

  it('reports progress per batched pass up to the total, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const seen: [number, number][] = [];
    await runPatching(model, { clean, corrupt }, logitdiff, { sites: ['resid_pre', 'heads'], maxBatch: 5, onProgress: (d, t) => seen.push([d, t]) });
    expect(tf.memory().numTensors).toBe(before);
    const total = (12 + 6) * 2;
    expect(seen.every(([, t]) => t === total)).toBe(true);
    expect(seen.map(([d]) => d)).toEqual([...seen.map(([d]) => d)].sort((a, b) => a - b));
    expect(seen[seen.length - 1][0]).toBe(total);
  });

  it('stops with an AbortError when cancelled, leaving no tensors', async () => {
    const before = tf.memory().numTensors;
    const signal = { aborted: false };
    const run = runPatching(model, { clean, corrupt }, logitdiff, { maxBatch: 2, signal, onProgress: (d) => (signal.aborted = d >= 4) });
    await expect(run).rejects.toMatchObject({ name: 'AbortError', message: expect.stringContaining('cancelled') });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects prompts of different token lengths, unknown sites and an effect of zero, saying what to do', async () => {
    await expect(runPatching(model, { clean, corrupt: [3, 7, 6] }, logitdiff)).rejects.toThrow(/6 tokens and the corrupt one 3; .*equal token length/);
    await expect(runPatching(model, { clean, corrupt }, logitdiff, { sites: ['resid_post' as never] })).rejects.toThrow(/unknown patching site "resid_post"; sites are resid_pre/);
    await expect(runPatching(model, { clean, corrupt: clean }, logitdiff)).rejects.toThrow(/same on the clean and the corrupt prompt.*choose prompts or targets/);
  });
});
