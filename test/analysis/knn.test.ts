// exactKnn: the tfjs-scored, float64-reranked neighbour lists equal a brute-force float64 search.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exactKnn, type KnnMetric } from '../../src/analysis/knn';
import { createRng } from '../../src/data/random';
import type { Matrix } from '../../src/data/types';
import { initBackend } from '../../src/model/backend';

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed);
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal() * 3 + (i % cols);
  return { data, rows, cols };
}

function distance(x: Matrix, i: number, j: number, metric: KnnMetric): number {
  let dot = 0, na = 0, nb = 0, sq = 0;
  for (let t = 0; t < x.cols; t++) {
    const a = x.data[i * x.cols + t];
    const b = x.data[j * x.cols + t];
    dot += a * b;
    na += a * a;
    nb += b * b;
    sq += (a - b) * (a - b);
  }
  return metric === 'euclidean' ? Math.sqrt(sq) : Math.max(0, 1 - dot / Math.sqrt(na * nb));
}

function bruteForce(x: Matrix, k: number, metric: KnnMetric): { indices: number[][]; distances: number[][] } {
  const indices: number[][] = [];
  const distances: number[][] = [];
  for (let i = 0; i < x.rows; i++) {
    const others = Array.from({ length: x.rows }, (_, j) => j).filter((j) => j !== i);
    const scored = others.map((j) => ({ j, d: distance(x, i, j, metric) })).sort((p, q) => p.d - q.d || p.j - q.j);
    indices.push(scored.slice(0, k).map((s) => s.j));
    distances.push(scored.slice(0, k).map((s) => s.d));
  }
  return { indices, distances };
}

describe('exactKnn', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  for (const metric of ['euclidean', 'cosine'] as const) {
    it(`returns the same ${metric} neighbours and distances as a float64 brute-force search`, async () => {
      const x = randomMatrix(240, 17, 1);
      const k = 9;
      const knn = await exactKnn(x, k, { metric });
      const expected = bruteForce(x, k, metric);
      expect(knn.n).toBe(240);
      expect(knn.k).toBe(k);
      for (let i = 0; i < x.rows; i++) {
        expect(Array.from(knn.indices.subarray(i * k, (i + 1) * k))).toEqual(expected.indices[i]);
        const got = Array.from(knn.distances.subarray(i * k, (i + 1) * k));
        got.forEach((d, t) => expect(d).toBeCloseTo(expected.distances[i][t], 5));
      }
    });
  }

  it('stays exact for small spreads on a large common offset (as in residual streams)', async () => {
    const x = randomMatrix(200, 12, 9);
    for (let i = 0; i < x.rows; i++) {
      x.data[i * 12] = Math.fround(3000 + x.data[i * 12] * 0.01);
      x.data[i * 12 + 5] = Math.fround(-800 + x.data[i * 12 + 5] * 0.01);
    }
    const knn = await exactKnn(x, 8);
    const expected = bruteForce(x, 8, 'euclidean');
    for (let i = 0; i < x.rows; i++) expect(Array.from(knn.indices.subarray(i * 8, (i + 1) * 8))).toEqual(expected.indices[i]);
  });

  it('gives the same lists whatever the block size', async () => {
    const x = randomMatrix(150, 8, 2);
    const whole = await exactKnn(x, 6);
    const blocked = await exactKnn(x, 6, { blockFloats: 7 * 150 });
    expect(Array.from(blocked.indices)).toEqual(Array.from(whole.indices));
    expect(Array.from(blocked.distances)).toEqual(Array.from(whole.distances));
  });

  it('lists duplicates of a point first, at distance exactly 0, and never the point itself', async () => {
    const x = randomMatrix(60, 5, 3);
    for (const copy of [10, 20, 30]) x.data.copyWithin(copy * 5, 0, 5); // rows 0, 10, 20, 30 are equal
    const knn = await exactKnn(x, 4);
    expect(Array.from(knn.indices.subarray(0, 3))).toEqual([10, 20, 30]);
    expect(Array.from(knn.distances.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(knn.indices.subarray(10 * 4, 10 * 4 + 3))).toEqual([0, 20, 30]);
    for (let i = 0; i < 60; i++) expect(Array.from(knn.indices.subarray(i * 4, i * 4 + 4))).not.toContain(i);
  });

  it('puts a zero row at cosine distance 1 from the others', async () => {
    const x = randomMatrix(20, 4, 4);
    x.data.fill(0, 0, 4);
    const knn = await exactKnn(x, 3, { metric: 'cosine' });
    expect(Array.from(knn.distances.subarray(0, 3))).toEqual([1, 1, 1]);
  });

  it('rejects k outside 1 … rows − 1 and unknown metrics, saying what to change', async () => {
    const x = randomMatrix(10, 3, 5);
    await expect(exactKnn(x, 10)).rejects.toThrow(/1 ≤ k ≤ rows − 1.*use fewer neighbours/);
    await expect(exactKnn(x, 0)).rejects.toThrow(/1 ≤ k/);
    await expect(exactKnn(x, 3, { metric: 'manhattan' as KnnMetric })).rejects.toThrow(/'euclidean' or 'cosine'/);
  });

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    await exactKnn(randomMatrix(100, 6, 6), 5, { blockFloats: 1000 });
    await exactKnn(randomMatrix(100, 6, 6), 5, { metric: 'cosine' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
