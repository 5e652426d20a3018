// fitUmap / initUmap: embeddings as trustworthy as umap-learn's on the reference datasets, bit-for-bit
// reproducible for a seed, steppable and cancellable, with defined behaviour on degenerate input.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { trustworthiness } from '../../src/analysis/trustworthiness';
import { fitUmap, initUmap, UMAP_MAX_ROWS } from '../../src/analysis/umap';
import { readNpyFloat32 } from '../../src/data/npy';
import type { Matrix } from '../../src/data/types';
import { initBackend } from '../../src/model/backend';

const FIXTURES = new URL('../fixtures/analysis/umap/', import.meta.url);
const reference = JSON.parse(readFileSync(new URL('reference.json', FIXTURES), 'utf8'));

function load(name: string): Matrix {
  const { shape, data } = readNpyFloat32(new Uint8Array(readFileSync(new URL(name, FIXTURES))));
  return { data, rows: shape[0], cols: shape[1] };
}

/** The first `rows` rows of a matrix (a copy). */
function head(x: Matrix, rows: number): Matrix {
  return { data: x.data.slice(0, rows * x.cols), rows, cols: x.cols };
}

const sameBits = (a: Matrix, b: Matrix): boolean =>
  Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength));

describe('fitUmap', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  for (const [name, entry] of Object.entries<{ file: string; metric: 'euclidean' | 'cosine'; umapLearn: { trustworthiness15: number } }>(reference.datasets)) {
    it(`is as trustworthy (k = 15) as umap-learn on ${name} (${entry.metric}), within 0.02`, async () => {
      const x = load(entry.file);
      const fit = await fitUmap(x, { metric: entry.metric });
      expect([fit.embedding.rows, fit.embedding.cols]).toEqual([x.rows, 2]);
      const ours = trustworthiness(x, fit.embedding, 15, { metric: entry.metric });
      expect(ours).toBeGreaterThan(entry.umapLearn.trustworthiness15 - 0.02);
      // The blobs are 8 separate clusters: the spectral start falls back to random and says so.
      if (name === 'blobs50') expect(fit.notes.join(' ')).toMatch(/fell back to random: the neighbour graph has 8 disconnected components/);
      else expect(fit.init).toBe('spectral');
    });
  }

  it('reproduces its result bit for bit for a seed, and differs for another seed', async () => {
    const x = head(load('swissroll20.npy'), 400);
    const options = { nEpochs: 60, seed: 7 };
    const a = await fitUmap(x, options);
    const b = await fitUmap(x, options);
    const c = await fitUmap(x, { ...options, seed: 8 });
    expect(sameBits(a.embedding, b.embedding)).toBe(true);
    expect(sameBits(a.embedding, c.embedding)).toBe(false);
  });

  it('gives the same bits on the cpu backend as on wasm (tfjs only shortlists neighbours)', async () => {
    const x = head(load('swissroll20.npy'), 300);
    const wasm = await fitUmap(x, { nEpochs: 30 });
    try {
      await initBackend('cpu');
      expect(sameBits((await fitUmap(x, { nEpochs: 30 })).embedding, wasm.embedding)).toBe(true);
    } finally {
      await initBackend('wasm');
    }
  });

  it('gives the same bits stepped in chunks as in one go, and result() is a snapshot', async () => {
    const x = head(load('swissroll20.npy'), 300);
    const whole = await initUmap(x, { nEpochs: 40 });
    expect(whole.step()).toEqual({ epoch: 40, nEpochs: 40, done: true });
    const chunked = await initUmap(x, { nEpochs: 40 });
    const start = chunked.result();
    expect(chunked.step(15)).toEqual({ epoch: 15, nEpochs: 40, done: false });
    const middle = chunked.result();
    expect(chunked.step(15).epoch).toBe(30);
    expect(chunked.step(100)).toEqual({ epoch: 40, nEpochs: 40, done: true });
    expect(chunked.step(5).epoch).toBe(40); // past the end: nothing more happens
    expect(sameBits(chunked.result(), whole.result())).toBe(true);
    expect(sameBits(start, middle)).toBe(false);
    for (const v of start.data) expect(v >= 0 && v <= 10).toBe(true); // the initial layout fills [0, 10]²
  });

  it('reports progress and can be cancelled mid-way through an AbortSignal', async () => {
    const x = head(load('swissroll20.npy'), 300);
    const controller = new AbortController();
    const seen: number[] = [];
    const fitting = fitUmap(x, { nEpochs: 100 }, {
      epochsPerChunk: 10,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.epoch);
        if (p.epoch === 30) controller.abort(new Error('stopped by the test'));
      },
    });
    await expect(fitting).rejects.toThrow('stopped by the test');
    expect(seen).toEqual([10, 20, 30]);
  });

  it('embeds with the cosine metric independently of row lengths', async () => {
    const x = head(load('trefoil20.npy'), 300);
    const rescaled = { ...x, data: x.data.map((v, i) => v * 2 ** ((Math.floor(i / x.cols) % 5) - 2)) };
    const a = await fitUmap(x, { metric: 'cosine', nEpochs: 50 });
    const b = await fitUmap(rescaled, { metric: 'cosine', nEpochs: 50 });
    expect(sameBits(a.embedding, b.embedding)).toBe(true);
  });

  it('runs in 3-D and from random and PCA starts', async () => {
    const x = head(load('swissroll20.npy'), 300);
    const three = await fitUmap(x, { nComponents: 3, nEpochs: 100 });
    expect(three.embedding.cols).toBe(3);
    expect(trustworthiness(x, three.embedding, 10)).toBeGreaterThan(0.9);
    for (const init of ['random', 'pca'] as const) {
      const fit = await fitUmap(x, { init, nEpochs: 100 });
      expect(fit.init).toBe(init);
      expect(trustworthiness(x, fit.embedding, 10)).toBeGreaterThan(0.9);
    }
  });

  it('embeds fewer points than nNeighbors + 1 with a smaller neighbourhood, and says so', async () => {
    const fit = await fitUmap(head(load('blobs50.npy'), 12), { nEpochs: 50 });
    expect(fit.notes.join(' ')).toMatch(/nNeighbors 15 is more than the 12 rows allow; used 12/);
    expect(fit.embedding.rows).toBe(12);
    expect(fit.embedding.data.every(Number.isFinite)).toBe(true);
  });

  it('places duplicate points close together (within 5% of the extent of the layout)', async () => {
    const x = head(load('swissroll20.npy'), 300);
    const copies = [50, 100, 150, 200, 250];
    for (const i of copies) x.data.copyWithin(i * x.cols, 0, x.cols); // rows 50 … 250 repeat row 0
    const { embedding: y } = await fitUmap(x, { nEpochs: 200 });
    expect(y.data.every(Number.isFinite)).toBe(true);
    const group = [0, ...copies];
    const dist = (i: number, j: number): number => Math.hypot(y.data[2 * i] - y.data[2 * j], y.data[2 * i + 1] - y.data[2 * j + 1]);
    const within = Math.max(...group.flatMap((i) => group.map((j) => dist(i, j))));
    const extent = Math.max(...Array.from({ length: 300 }, (_, j) => dist(0, j)));
    expect(within).toBeLessThan(0.05 * extent);
  });

  it('returns the initial layout for nEpochs 0', async () => {
    const run = await initUmap(head(load('swissroll20.npy'), 100), { nEpochs: 0 });
    expect(run.progress()).toEqual({ epoch: 0, nEpochs: 0, done: true });
    expect(run.result().rows).toBe(100);
  });

  it('rejects input it cannot embed, saying what to do', async () => {
    const x = head(load('swissroll20.npy'), 50);
    const nan = { ...x, data: x.data.slice() };
    nan.data[3 * x.cols + 4] = NaN;
    await expect(fitUmap(nan)).rejects.toThrow(/NaN at row 3, column 4.*drop or impute/);
    await expect(fitUmap(head(x, 1))).rejects.toThrow(/needs at least 2.*pass more samples/);
    const huge = { data: new Float32Array(UMAP_MAX_ROWS + 1), rows: UMAP_MAX_ROWS + 1, cols: 1 };
    await expect(fitUmap(huge)).rejects.toThrow(/over the limit of 20000 \(UMAP_MAX_ROWS\); subsample/);
    await expect(fitUmap(x, { minDist: 2 })).rejects.toThrow(/minDist must be between 0 and spread/);
    await expect(fitUmap(x, { nNeighbors: 1 })).rejects.toThrow(/nNeighbors must be a whole number from 2/);
    await expect(fitUmap(x, { init: 'tsne' as 'pca' })).rejects.toThrow(/init must be 'spectral', 'random' or 'pca'/);
    await expect(fitUmap(x, { metric: 'l1' as 'cosine' })).rejects.toThrow(/metric must be 'euclidean' or 'cosine'/);
  });

  it('leaves no tensors behind', async () => {
    const x = head(load('swissroll20.npy'), 200);
    const before = tf.memory().numTensors;
    await fitUmap(x, { nEpochs: 5 });
    await fitUmap(x, { nEpochs: 5, init: 'pca' });
    await fitUmap(x, { nEpochs: 5, metric: 'cosine' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
