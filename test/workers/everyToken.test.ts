// Position 'all' in the engine: one row per real token (padding left out) of the prompts under the token
// cap, equal to runWithCache's per-token activations, with the row → (prompt, token) index; probes take
// one label per row; directions skip pairs; nothing leaks tensors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineClient, type EngineClient } from '../../src/workers/client';
import { mainThreadPort } from '../../src/workers/mainThread';
import type { ActivationSpec } from '../../src/workers/protocol';
import { loadModel, disposeModel, type Model } from '../../src/model/model';
import { runWithCache } from '../../src/model/cache';
import { blockHook } from '../../src/model/hooks';
import { testModelFiles } from './engineFixture';

// Lengths differ (3 to 7 tokens with <bos>), so a batch pads the shorter prompts.
const texts = ['the cat', 'the dog is big', 'a fish', 'the bird was not happy', 'red', 'the cat is here and there'];
const spec = (layers: number[], extra: Partial<ActivationSpec> = {}): ActivationSpec => ({ datasetKey: 'tokens', prompts: texts, site: 'hook_resid_post', position: 'all', layers, ...extra });

let client: EngineClient;
let direct: Model;
let ids: number[][];

const tensors = async () => (await client.run({ kind: 'memory' }).promise).numTensors;

beforeAll(async () => {
  // A batch of 4 puts the six prompts in two forward passes, each with its own padding.
  client = createEngineClient(mainThreadPort({ batchSize: 4 }), false);
  await client.run({ kind: 'loadModel', id: 'test', files: testModelFiles(), backend: 'cpu' }).promise;
  direct = await loadModel(testModelFiles(), 'direct');
  ids = texts.map((t) => direct.tokenizer!.encode(t).ids);
});

afterAll(() => {
  disposeModel(direct);
  client.dispose();
});

describe("the engine at position 'all'", () => {
  it('returns one row per real token, equal to runWithCache at every position of each prompt', async () => {
    const before = await tensors();
    const got = await client.run({ kind: 'activations', data: spec([0, 2]) }).promise;
    const total = ids.reduce((s, p) => s + p.length, 0);
    expect(total).toBe(3 + 5 + 3 + 6 + 2 + 7);
    expect(got.tokens!.prompt).toHaveLength(total);
    const names = [0, 2].map((l) => blockHook(l, 'hook_resid_post'));
    const { cache } = await runWithCache(direct, ids, { names, position: 'all' });
    got.layers.forEach((m, k) => {
      expect([m.rows, m.cols]).toEqual([total, 24]);
      const want = cache.get(names[k])!;
      const pos = want.shape[1];
      let worst = 0;
      for (let r = 0; r < m.rows; r++) {
        const p = got.tokens!.prompt[r], t = got.tokens!.token[r];
        for (let j = 0; j < 24; j++) worst = Math.max(worst, Math.abs(m.data[r * 24 + j] - want.data[(p * pos + t) * 24 + j]));
      }
      expect(worst).toBeLessThan(1e-5);
    });
    expect(Array.from(got.tokens!.prompt.slice(0, 8))).toEqual([0, 0, 0, 1, 1, 1, 1, 1]);
    expect(Array.from(got.tokens!.token.slice(0, 8))).toEqual([0, 1, 2, 0, 1, 2, 3, 4]);
    expect(await tensors()).toBe(before);
  });

  it('reads whole prompts in order up to the token cap, and keys the cache by the cap', async () => {
    const capped = await client.run({ kind: 'activations', data: spec([1], { tokenCap: 12 }) }).promise;
    expect(capped.layers[0].rows).toBe(11);
    expect(Array.from(new Set(capped.tokens!.prompt))).toEqual([0, 1, 2]);
    const full = await client.run({ kind: 'activations', data: spec([1]) }).promise;
    expect(full.layers[0].rows).toBe(26);
    expect(Array.from(full.layers[0].data.subarray(0, 11 * 24))).toEqual(Array.from(capped.layers[0].data));
  });

  it('projects and probes one row per token, with one label per row', async () => {
    const { layers } = await client.run({ kind: 'project', data: spec([1]), method: 'pca', pca: { standardize: false }, umap: { nNeighbors: 5, minDist: 0.1, nEpochs: 20, seed: 0 } }).promise;
    expect(layers[0].points).toHaveLength(2 * 26);
    const { tokens } = await client.run({ kind: 'activations', data: spec([1]) }).promise;
    const labels = Array.from(tokens!.token, (t) => (t === 0 ? null : t % 2 === 0 ? 'even' : 'odd'));
    const got = await client.run({ kind: 'probe', data: spec([0, 1]), labels, folds: 2, seed: 0, C: 1 }).promise;
    expect(got.rows).toBe(20);
    expect(got.classes).toEqual(['even', 'odd']);
    await expect(client.run({ kind: 'probe', data: spec([0]), labels: labels.slice(1), folds: 2, seed: 0, C: 1 }).promise).rejects.toThrow(/25 labels for 26 token rows/);
  });

  it('skips contrast pairs with a note that they are per prompt, and still compares layers', async () => {
    const got = await client.run({ kind: 'directions', data: spec([0, 1, 2]), pairs: [[0, 1], [2, 3]], folds: 2, seed: 0 }).promise;
    expect(got.reading).toBeNull();
    expect(got.notes[0]).toMatch(/pairs are per prompt; choose a per-prompt position/);
    expect(got.cka).toHaveLength(9);
  });

  it('encodes each prompt with where its text starts and every token’s place in the text', async () => {
    const { prompts } = await client.run({ kind: 'encode', prompts: ['the dog is big'], position: 'all' }).promise;
    expect(prompts[0].textStart).toBe(1);
    expect(prompts[0].spans).toEqual([null, [0, 3], [4, 7], [8, 10], [11, 14]]);
    expect(prompts[0].readIndex).toBeNull();
  });
});
