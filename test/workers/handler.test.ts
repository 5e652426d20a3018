// The engine handler run on the main thread through the client, against a small random model: every
// job's numbers equal direct calls of the model and analysis functions, and no job leaks tensors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createEngineClient, type EngineClient } from '../../src/workers/client';
import { mainThreadPort } from '../../src/workers/mainThread';
import type { ActivationSpec, LayerMatrix } from '../../src/workers/protocol';
import { loadModel, disposeModel, type Model } from '../../src/model/model';
import { runWithCache } from '../../src/model/cache';
import { blockHook } from '../../src/model/hooks';
import { applyPca, fitPca } from '../../src/analysis/pca';
import { fitUmap } from '../../src/analysis/umap';
import { probeLayers } from '../../src/analysis/probe';
import { pairReadingAccuracy } from '../../src/analysis/directionsCv';
import { ckaMatrix } from '../../src/analysis/similarity';
import type { Matrix } from '../../src/data/types';
import { testModelFiles, testPrompts } from './engineFixture';

const prompts = testPrompts(40);
const texts = prompts.map((p) => p.text);
const labels = prompts.map((p) => p.label);
const pairs = Array.from({ length: 20 }, (_, i): [number, number] => [2 * i, 2 * i + 1]);
const spec = (layers: number[], site = 'hook_resid_post'): ActivationSpec => ({ datasetKey: 'test', prompts: texts, site, position: 'last', layers });
const asMatrix = (m: LayerMatrix): Matrix => ({ data: m.data, rows: m.rows, cols: m.cols });

let client: EngineClient;
let direct: Model;
let acts: Matrix[];

async function tensors(): Promise<number> {
  return (await client.run({ kind: 'memory' }).promise).numTensors;
}

beforeAll(async () => {
  client = createEngineClient(mainThreadPort({ batchSize: 16 }), false);
  await client.run({ kind: 'loadModel', id: 'test', files: testModelFiles(), backend: 'cpu' }).promise;
  direct = await loadModel(testModelFiles(), 'direct');
  acts = (await client.run({ kind: 'activations', data: spec([0, 1, 2]) }).promise).layers.map(asMatrix);
});

afterAll(() => {
  disposeModel(direct);
  client.dispose();
});

describe('the engine handler', () => {
  it('loads a model and reports its shape, its sites and the backend it runs on', async () => {
    const { model, backend } = await client.run({ kind: 'loadModel', id: 'test', files: testModelFiles(), backend: 'cpu' }).promise;
    expect(model).toMatchObject({ id: 'test', nLayers: 3, dModel: 24, nCtx: 12, tokenizer: 'word' });
    expect(model.sites).toContain('hook_resid_post');
    expect(model.sites).not.toContain('attn.hook_pattern');
    expect(backend).toMatchObject({ requested: 'cpu', chosen: 'cpu' });
    expect(backend.reason).toMatch(/^cpu as requested/);
  });

  it('reads activations batch by batch that match one direct forward pass over all prompts', async () => {
    const ids = texts.map((t) => direct.tokenizer!.encode(t).ids);
    const { cache } = await runWithCache(direct, ids, { names: [0, 1, 2].map((l) => blockHook(l, 'hook_resid_post')), position: 'last' });
    acts.forEach((m, l) => {
      const want = cache.get(blockHook(l, 'hook_resid_post'))!;
      expect([m.rows, m.cols]).toEqual([40, 24]);
      let worst = 0;
      for (let i = 0; i < m.data.length; i++) worst = Math.max(worst, Math.abs(m.data[i] - want.data[i]));
      expect(worst).toBeLessThan(1e-5);
    });
  });

  it('projects with PCA exactly as fitPca and applyPca do on the same activations', async () => {
    const { layers } = await client.run({ kind: 'project', data: spec([1]), method: 'pca', pca: { standardize: false }, umap: { nNeighbors: 5, minDist: 0.1, nEpochs: 20, seed: 0 } }).promise;
    const fit = fitPca(acts[1], { k: 2 });
    const want = applyPca(fit, acts[1]);
    expect(Array.from(layers[0].points)).toEqual(Array.from(want.data));
    expect(layers[0].axes[0]).toBe(`PC1 (${(100 * fit.explainedVarianceRatio[0]).toFixed(1)}%)`);
  });

  it('projects with UMAP exactly as fitUmap does with the same seed', async () => {
    const umap = { nNeighbors: 6, minDist: 0.2, nEpochs: 30, seed: 5 };
    const { layers } = await client.run({ kind: 'project', data: spec([2]), method: 'umap', pca: { standardize: false }, umap }).promise;
    const want = await fitUmap(acts[2], umap);
    expect(Array.from(layers[0].points)).toEqual(Array.from(want.embedding.data));
    expect(layers[0].axes).toEqual(['UMAP 1', 'UMAP 2']);
  });

  it('probes every layer with the same accuracies and baselines as probeLayers', async () => {
    const got = await client.run({ kind: 'probe', data: spec([0, 1, 2]), labels, folds: 4, seed: 2, C: 1 }).promise;
    const want = await probeLayers(acts, labels, { folds: 4, seed: 2, C: 1 });
    expect(got.classes).toEqual(want.classes);
    expect(got.rows).toBe(40);
    got.layers.forEach((l, k) => {
      expect(l.accuracy).toEqual({ mean: want.layers[k].accuracy.mean, std: want.layers[k].accuracy.std });
      expect(l.control?.mean).toBe(want.layers[k].control!.mean);
      expect(l.shuffled?.mean).toBe(want.layers[k].shuffled!.mean);
      expect(l.majority.mean).toBe(want.layers[k].majority.mean);
    });
  });

  it('leaves unlabelled prompts out of the probe', async () => {
    const partial = labels.map((l, i) => (i < 8 ? null : l));
    const got = await client.run({ kind: 'probe', data: spec([0]), labels: partial, folds: 4, seed: 2, C: 1 }).promise;
    const sub = { data: acts[0].data.slice(8 * 24), rows: 32, cols: 24 };
    const want = await probeLayers([sub], labels.slice(8), { folds: 4, seed: 2, C: 1 });
    expect(got.rows).toBe(32);
    expect(got.layers[0].accuracy.mean).toBe(want.layers[0].accuracy.mean);
  });

  it('scores directions as pairReadingAccuracy and compares layers as ckaMatrix does', async () => {
    const got = await client.run({ kind: 'directions', data: spec([0, 1, 2]), pairs, folds: 4, seed: 1 }).promise;
    const mean = await pairReadingAccuracy(acts, pairs, { method: 'meandiff', folds: 4, seed: 1 });
    const pca = await pairReadingAccuracy(acts, pairs, { method: 'pcadiff', folds: 4, seed: 1 });
    expect(got.reading!.meandiff.map((s) => s.mean)).toEqual(mean.layers.map((l) => l.accuracy.mean));
    expect(got.reading!.pcadiff.map((s) => s.mean)).toEqual(pca.layers.map((l) => l.accuracy.mean));
    expect(got.cka).toEqual(Array.from(ckaMatrix(acts)));
    expect(got.cosine!.pcadiff[0]).toBeCloseTo(1, 5);
    expect(got.cosine!.meandiff).toHaveLength(9);
  });

  it('reports directions as unavailable, with a reason, when there are fewer than two pairs', async () => {
    const got = await client.run({ kind: 'directions', data: spec([0, 1]), pairs: [[0, 1]], folds: 4, seed: 1 }).promise;
    expect(got.reading).toBeNull();
    expect(got.notes[0]).toMatch(/at least two contrast pairs/);
    expect(got.cka).toHaveLength(4);
  });
});

describe('the engine handler, tokens and predictions', () => {
  it('encodes prompts with the read token, its place in the text, and unknown words marked', async () => {
    const { prompts: [enc] } = await client.run({ kind: 'encode', prompts: ['The cat is zebra'], position: -2 }).promise;
    expect(enc.tokens).toEqual(['<bos>', 'the', 'cat', 'is', '<unk>']);
    expect(enc.unknown).toEqual([4]);
    expect(enc.readIndex).toBe(3);
    expect(enc.readSpan).toEqual([8, 10]);
    const { prompts: [last] } = await client.run({ kind: 'encode', prompts: ['The cat is zebra'], position: 'last' }).promise;
    expect(last.readSpan).toEqual([11, 16]);
  });

  it('predicts the k most likely next tokens in descending order', async () => {
    const p = await client.run({ kind: 'predict', text: 'the dog was', k: 5 }).promise;
    expect(p.tokens.map((t) => t.text)).toEqual(['<bos>', 'the', 'dog', 'was']);
    expect(p.top).toHaveLength(5);
    expect(p.top.every((t, i) => i === 0 || t.prob <= p.top[i - 1].prob)).toBe(true);
    expect(p.top.reduce((a, t) => a + t.prob, 0)).toBeLessThanOrEqual(1 + 1e-6);
  });
});

describe('the engine handler, errors and cancellation', () => {
  it('names the prompt that is longer than the context', async () => {
    const long = Array.from({ length: 14 }, () => 'cat').join(' ');
    const run = client.run({ kind: 'activations', data: { ...spec([0]), datasetKey: 'long', prompts: ['the cat', long] } });
    await expect(run.promise).rejects.toThrow(/prompt 2 \("cat cat.*has 15 tokens, more than test's context of 12/);
  });

  it('refuses a site the explorer cannot project, listing the ones it can', async () => {
    await expect(client.run({ kind: 'activations', data: spec([0], 'attn.hook_pattern') }).promise).rejects.toThrow(/no site "attn.hook_pattern".*hook_resid_post/);
  });

  it('leaves the tensor count unchanged after every kind of job', async () => {
    const before = await tensors();
    await client.run({ kind: 'activations', data: { ...spec([0, 1, 2]), datasetKey: 'fresh' } }).promise;
    await client.run({ kind: 'project', data: spec([0, 1, 2]), method: 'pca', pca: { standardize: true }, umap: { nNeighbors: 5, minDist: 0.1, nEpochs: 5, seed: 0 } }).promise;
    await client.run({ kind: 'probe', data: spec([0, 1, 2]), labels, folds: 3, seed: 0, C: 1 }).promise;
    await client.run({ kind: 'directions', data: spec([0, 1, 2]), pairs, folds: 3, seed: 0 }).promise;
    await client.run({ kind: 'predict', text: 'the cat', k: 3 }).promise;
    await client.run({ kind: 'encode', prompts: texts, position: 'last' }).promise;
    expect(await tensors()).toBe(before);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops a running probe on cancel, rejects with AbortError and leaks no tensors', async () => {
    const before = await tensors();
    let cancelled = false;
    const run = client.run({ kind: 'probe', data: { ...spec([0, 1, 2]), datasetKey: 'cancel' }, labels, folds: 5, seed: 9, C: 1 }, {
      onProgress: (p) => {
        if (!cancelled && p.what.startsWith('Probes')) {
          cancelled = true;
          run.cancel();
        }
      },
    });
    await expect(run.promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(cancelled).toBe(true);
    expect(await tensors()).toBe(before);
  });

  it('drops a queued job on cancel without running it, and runs higher priorities first', async () => {
    const order: string[] = [];
    const first = client.run({ kind: 'predict', text: 'the', k: 1 });
    const low = client.run({ kind: 'predict', text: 'the cat', k: 1 });
    const queued = client.run({ kind: 'project', data: spec([0]), method: 'umap', pca: { standardize: false }, umap: { nNeighbors: 5, minDist: 0.1, nEpochs: 400, seed: 0 } });
    const high = client.run({ kind: 'predict', text: 'the dog', k: 1 }, { priority: 1 });
    queued.cancel();
    first.promise.then(() => order.push('first'));
    low.promise.then(() => order.push('low'));
    high.promise.then(() => order.push('high'));
    await expect(queued.promise).rejects.toMatchObject({ name: 'AbortError' });
    await Promise.all([first.promise, low.promise, high.promise]);
    expect(order).toEqual(['first', 'high', 'low']);
  });

  it('reports progress with what is being done, how far, and the time left', async () => {
    const seen: { what: string; done: number; total: number; etaMs: number | null }[] = [];
    await client.run({ kind: 'activations', data: { ...spec([1]), datasetKey: 'progress' } }, { onProgress: (p) => seen.push(p) }).promise;
    expect(seen[0].what).toBe('Reading hook_resid_post activations');
    expect(seen.at(-1)).toMatchObject({ done: 40, total: 40 });
  });
});
