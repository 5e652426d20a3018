// Directions against numpy/scikit-learn (scripts/reference/probe_reference.py), their sign
// conventions, projections, similarity across layers, and held-out pair reading accuracy.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  consecutivePairs, directionSimilarity, meanDifference, pcaDifference, probeDirection, projectOnto, type Pair,
} from '../../src/analysis/directions';
import { fitOnPairs, pairReadingAccuracy } from '../../src/analysis/directionsCv';
import { readNpy } from '../../src/data/npy';
import { createRng } from '../../src/data/random';
import type { Matrix } from '../../src/data/types';
import { initBackend } from '../../src/model/backend';

const FIXTURES = new URL('../fixtures/analysis/probe/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', FIXTURES), 'utf8')).directions;
const raw = readNpy(new Uint8Array(readFileSync(new URL('pairs.x.npy', FIXTURES))));
const x: Matrix = { data: raw.data as Float32Array, rows: raw.shape[0], cols: raw.shape[1] };
const positive = Array.from({ length: x.rows }, (_, i) => i % 2 === 0);
const pairs = consecutivePairs(x.rows, positive);

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) [ab, aa, bb] = [ab + a[i] * b[i], aa + a[i] * a[i], bb + b[i] * b[i]];
  return ab / Math.sqrt(aa * bb);
}

function noise(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed);
  return { data: Float32Array.from({ length: rows * cols }, () => rng.normal()), rows, cols };
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('directions', () => {
  it('difference of means matches numpy, with its length', () => {
    const direction = meanDifference(x, positive);
    expect(cosine(direction.vector, expected.meandiff)).toBeGreaterThan(1 - 1e-6);
    expect(direction.norm).toBeCloseTo(expected.meandiffNorm, 4);
    expect(cosine(direction.vector, expected.concept)).toBeGreaterThan(0.95);
  });

  it('the PCA-of-differences reading vector matches numpy and points from negative to positive', () => {
    const before = tf.memory().numTensors;
    const direction = pcaDifference(x, pairs);
    expect(tf.memory().numTensors).toBe(before);
    expect(cosine(direction.vector, expected.pcadiff)).toBeGreaterThan(1 - 1e-5);
    expect(direction.explainedRatio!).toBeGreaterThan(0.5);
    const projections = projectOnto(x, direction.vector);
    const higher = pairs.filter(([p, q]) => projections[p] > projections[q]).length;
    expect(higher).toBeGreaterThan(pairs.length / 2);
    // Swapping every pair flips the sign, never the axis.
    const flipped = pcaDifference(x, pairs.map(([p, q]): Pair => [q, p]));
    expect(cosine(flipped.vector, direction.vector)).toBeCloseTo(-1, 6);
  });

  it('the probe direction matches scikit-learn’s weights in raw units', () => {
    const before = tf.memory().numTensors;
    const direction = probeDirection(x, positive, { tol: 1e-8 });
    expect(tf.memory().numTensors).toBe(before);
    expect(cosine(direction.vector, expected.probe)).toBeGreaterThan(1 - 1e-4);
    expect(fitOnPairs(x, pairs, 'probe', { tol: 1e-8 }).vector).toEqual(direction.vector);
  });

  it('projections are dot products with the unit direction', () => {
    const m: Matrix = { data: Float32Array.from([1, 2, 3, 4]), rows: 2, cols: 2 };
    expect(Array.from(projectOnto(m, [0, 2]))).toEqual([2, 4]);
    expect(Array.from(projectOnto(m, [0, 0]))).toEqual([0, 0]);
    expect(() => projectOnto(m, [1, 2, 3])).toThrow(/3 entries but the activations have 2 columns/);
  });

  it('cosine similarity across layers is symmetric, 1 on the diagonal, 0 for zero vectors', () => {
    const s = directionSimilarity([[1, 0, 0], [1, 1, 0], [0, 0, 0], [0, 0, -2]]);
    expect(s.rows).toBe(4);
    expect(s.data[0]).toBeCloseTo(1, 6);
    expect(s.data[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(s.data[4]).toBe(s.data[1]);
    expect(s.data[2 * 4 + 2]).toBe(0);
    expect(s.data[0 * 4 + 3]).toBe(0);
    expect(() => directionSimilarity([[1, 0], [1]])).toThrow(/direction 1 has 1 entries but direction 0 has 2/);
  });

  it('degenerate inputs give zero directions with a note, or errors that say what to do', () => {
    const same: Matrix = { data: new Float32Array(8).fill(3), rows: 4, cols: 2 };
    expect(meanDifference(same, [1, 0, 1, 0]).notes[0]).toMatch(/same mean.*returned zeros/);
    expect(pcaDifference(same, [[0, 1], [2, 3]]).vector).toEqual(new Float32Array(2));
    expect(() => meanDifference(same, [1, 1, 1, 1])).toThrow(/needs positive and negative samples, got 4 positive and 0 negative/);
    expect(() => consecutivePairs(5)).toThrow(/even number of rows/);
    expect(() => consecutivePairs(4, [1, 1, 0, 1])).toThrow(/rows 0 and 1 form a pair but are both positive/);
    expect(() => pcaDifference(same, [[0, 9]])).toThrow(/pair 0 names row 9/);
    expect(() => fitOnPairs(same, [[0, 1], [1, 2]], 'meandiff')).toThrow(/row 1 is positive in one pair and negative in another/);
  });
});

describe('pair reading accuracy', () => {
  it('is ≈ 1 on held-out pairs when a concept separates them, for every method', async () => {
    for (const method of ['meandiff', 'pcadiff', 'probe'] as const) {
      const before = tf.memory().numTensors;
      const report = await pairReadingAccuracy([x, x], pairs, { method });
      expect(tf.memory().numTensors).toBe(before);
      expect(report.layers[1].accuracy.mean).toBeGreaterThan(0.95);
      expect(report.layers[0].accuracy).toEqual(report.layers[1].accuracy);
    }
  });

  it('is ≈ chance on held-out pairs of pure noise, though the training pairs always agree', async () => {
    const random = noise(400, 50, 9);
    const noisePairs = consecutivePairs(400);
    const direction = pcaDifference(random, noisePairs);
    const inSample = noisePairs.filter(([p, q]) => projectOnto(random, direction.vector)[p] > projectOnto(random, direction.vector)[q]).length;
    expect(inSample / noisePairs.length).toBeGreaterThan(0.5);
    const report = await pairReadingAccuracy([random], noisePairs, { seed: 1 });
    expect(Math.abs(report.layers[0].accuracy.mean - 0.5)).toBeLessThan(0.12);
  });

  it('uses the folds it is given, over pairs', async () => {
    const foldIds = pairs.map((_, i) => i % 3);
    const report = await pairReadingAccuracy([x], pairs, { foldIds, method: 'meandiff' });
    expect(report.k).toBe(3);
    expect(report.layers[0].accuracy.perFold).toHaveLength(3);
    await expect(pairReadingAccuracy([x], pairs.slice(0, 1))).rejects.toThrow(/at least 2 pairs/);
  });
});
