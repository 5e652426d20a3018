// Patching, logit lens and attention patterns through the engine handler on the shipped truthworld model:
// the honest speaker ann against the liar bob in "… says mia lives in".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatchJob, PatchResult } from '../../src/workers/protocolCausal';
import { truthworldEngine, type Truthworld } from './truthworldEngine';

const CLEAN = 'ann says mia lives in';
const CORRUPT = 'bob says mia lives in';
const TOKENS = ['<bos>', 'ann', 'says', 'mia', 'lives', 'in'];
let tw: Truthworld;
let city: string;
let lie: string;
let patched: PatchResult;
let tensorsBefore: number;

function patchJob(patch: Partial<PatchJob> = {}): PatchJob {
  return { clean: CLEAN, corrupt: CORRUPT, metric: { kind: 'logitdiff', targets: [city, lie] }, sites: ['resid_pre', 'heads'], ...patch };
}

beforeAll(async () => {
  tw = await truthworldEngine();
  city = tw.truth(tw.rows.find((r) => r.text === CLEAN)!);
  lie = (await tw.client.run({ kind: 'predict', text: CORRUPT, k: 1 }).promise).top[0].text;
  tensorsBefore = await tw.tensors();
  patched = await tw.client.run({ kind: 'patch', ...patchJob() }).promise;
}, 60_000);
afterAll(() => tw.client.dispose());

describe('the patch job', () => {
  it('recovers the clean logit difference by patching the speaker position of resid_pre in layer 0', async () => {
    expect(lie).not.toBe(city);
    expect(patched.tokens).toEqual({ clean: TOKENS, corrupt: ['<bos>', 'bob', ...TOKENS.slice(2)] });
    expect(patched.metricClean).toBeGreaterThan(2);
    expect(patched.metricCorrupt).toBeLessThan(-2);
    const resid = patched.heatmaps.find((h) => h.site === 'resid_pre')!;
    expect(resid).toMatchObject({ rows: ['L0', 'L1'], cols: TOKENS, colKind: 'position' });
    expect(resid.values).toHaveLength(2 * 6);
    expect(resid.values[1]).toBeCloseTo(1, 4);
    // Tokens shared by both prompts carry nothing of the speaker before the first attention layer.
    for (const p of [0, 2, 3, 4, 5]) expect(Math.abs(resid.values[p])).toBeLessThan(0.02);
    expect(resid.density!.needed.map((n) => n.fraction)).toEqual([0.5, 0.8, 0.9]);
    expect(resid.density!.needed[0].components).toBe(1);
    expect(await tw.tensors()).toBe(tensorsBefore);
  });

  it('patches single heads into a layer × head map', () => {
    const heads = patched.heatmaps.find((h) => h.site === 'heads')!;
    expect(heads).toMatchObject({ rows: ['L0', 'L1'], cols: ['H0', 'H1', 'H2', 'H3'], colKind: 'head' });
    expect(heads.values.every(Number.isFinite)).toBe(true);
  });

  it('measures P(target) as the predict job does, and a projection as the dot product with the unit direction at the metric hook', async () => {
    const all = await tw.client.run({ kind: 'predict', text: CLEAN, k: 200 }).promise;
    const r = await tw.client.run({ kind: 'patch', ...patchJob({ metric: { kind: 'prob', target: city }, sites: ['mlp_out'] }) }).promise;
    expect(r.metricClean).toBeCloseTo(all.top.find((t) => t.text === city)!.prob, 5);
    expect(r.heatmaps.map((h) => h.site)).toEqual(['mlp_out']);
    const v = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i + 1));
    const direction = { kind: 'vector' as const, data: v, name: 'sine' };
    const proj = await tw.client.run({ kind: 'patch', ...patchJob({ metric: { kind: 'projection', direction, layer: 1, site: 'hook_resid_post' }, sites: ['resid_pre'] }) }).promise;
    const { layers } = await tw.client.run({ kind: 'activations', data: { datasetKey: 'ann-bob', prompts: [CLEAN, CORRUPT], site: 'hook_resid_post', position: 'last', layers: [1] } }).promise;
    const norm = Math.hypot(...v);
    const along = (row: number) => layers[0].data.subarray(row * 64, (row + 1) * 64).reduce((s, x, j) => s + (x * v[j]) / norm, 0);
    expect(proj.metricClean).toBeCloseTo(along(0), 4);
    expect(proj.metricCorrupt).toBeCloseTo(along(1), 4);
  });
  it('stops with an AbortError when cancelled while patching, and frees every tensor', async () => {
    const before = await tw.tensors();
    const seen: string[] = [];
    const handle = tw.client.run({ kind: 'patch', ...patchJob({ sites: ['resid_pre', 'attn_out', 'mlp_out', 'heads'] }) }, {
      onProgress: (p) => {
        seen.push(p.what);
        if (p.what.startsWith('Patching')) handle.cancel();
      },
    });
    await expect(handle.promise).rejects.toMatchObject({ name: 'AbortError' });
    // It stopped within the first site rather than running on and being discarded at the end.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((w) => w === 'Patching resid_pre (1 of 4)')).toBe(true);
    expect(await tw.tensors()).toBe(before);
  });
});

describe('the lens job', () => {
  it('reads the last layer as the model\'s own prediction, and ranks the true city first there', async () => {
    const predicted = await tw.client.run({ kind: 'predict', text: CLEAN, k: 3 }).promise;
    const lens = await tw.client.run({ kind: 'lens', text: CLEAN, topK: 3, target: city }).promise;
    expect(lens.tokens).toEqual(TOKENS);
    expect(lens.layers).toEqual([-1, 0, 1]);
    expect(lens.top).toHaveLength(3);
    expect(lens.top[2]).toHaveLength(6);
    const last = lens.top[2][5];
    expect(last.map((t) => t.text)).toEqual(predicted.top.map((t) => t.text));
    last.forEach((t, k) => expect(t.prob).toBeCloseTo(predicted.top[k].prob, 5));
    expect(lens.targetRank![2][5]).toBe(1);
    expect(lens.targetProb![2][5]).toBeCloseTo(last[0].prob, 6);
  });
});

describe('the attention job', () => {
  it('returns causal patterns whose rows sum to 1, and per-head summaries in [0, 1]', async () => {
    const before = await tw.tensors();
    const att = await tw.client.run({ kind: 'attention', text: CORRUPT }).promise;
    expect(att.tokens).toEqual(['<bos>', 'bob', ...TOKENS.slice(2)]);
    expect(att.layers.map((l) => [l.layer, l.nHeads, l.pos, l.data.length])).toEqual([[0, 4, 6, 144], [1, 4, 6, 144]]);
    for (const { data, nHeads, pos } of att.layers) {
      for (let h = 0; h < nHeads; h++) {
        for (let q = 0; q < pos; q++) {
          const row = data.subarray((h * pos + q) * pos, (h * pos + q + 1) * pos);
          expect(row.slice(0, q + 1).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
          expect(row.slice(q + 1).every((x) => x === 0)).toBe(true);
        }
      }
    }
    for (const s of att.stats) {
      for (const xs of [s.prevToken, s.bos, s.self]) {
        expect(xs).toHaveLength(4);
        for (const x of xs) expect(x >= 0 && x <= 1).toBe(true);
      }
      for (const e of s.entropy) expect(e >= 0 && e <= Math.log(6)).toBe(true);
    }
    expect(await tw.tensors()).toBe(before);
  });
});

describe('patch, lens and attention errors', () => {
  const cases: [string, () => Parameters<Truthworld['client']['run']>[0], RegExp][] = [
    ['prompts of unequal length', () => ({ kind: 'patch', ...patchJob({ corrupt: 'bob says that mia lives in' }) }), /clean has 6 tokens \(.*\), corrupt has 7 \(.*\); .*equal token length/],
    ['an unknown site', () => ({ kind: 'patch', ...patchJob({ sites: ['resid_mid'] }) }), /unknown patching site "resid_mid"; sites are resid_pre, attn_out, mlp_out, heads/],
    ['no sites', () => ({ kind: 'patch', ...patchJob({ sites: [] }) }), /no sites to patch/],
    ['one answer twice', () => ({ kind: 'patch', ...patchJob({ metric: { kind: 'logitdiff', targets: [city, city] } }) }), /same token/],
    ['an answer outside the vocabulary', () => ({ kind: 'patch', ...patchJob({ metric: { kind: 'prob', target: 'zurich' } }) }), /target "zurich" is not in truthworld's vocabulary/],
    ['a projection at a missing layer', () => ({ kind: 'patch', ...patchJob({ metric: { kind: 'projection', direction: { kind: 'vector', data: new Float32Array(64).fill(1), name: 'ones' }, layer: 3, site: 'hook_resid_post' } }) }), /layer 3 does not exist/],
    ['a lens target outside the vocabulary', () => ({ kind: 'lens', text: CLEAN, topK: 3, target: 'zurich' }), /the target "zurich" is not in truthworld's vocabulary/],
    ['a lens top-k of 0', () => ({ kind: 'lens', text: CLEAN, topK: 0, target: null }), /top-k must be a whole number from 1 to 50, got 0/],
    ['a text longer than the context', () => ({ kind: 'attention', text: Array(40).fill('mia').join(' ') }), /has 41 tokens, more than truthworld's context of 32/],
  ];

  it.each(cases)('refuse %s with a message that says what to do, leaking nothing', async (_, job, message) => {
    const before = await tw.tensors();
    await expect(tw.client.run(job()).promise).rejects.toThrow(message);
    expect(await tw.tensors()).toBe(before);
  });
});
