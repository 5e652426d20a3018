// Properties of the probes on generated data: ≈1 when classes separate, ≈chance on shuffled labels,
// reproducible for a seed, invariant to shifting features, and no tensors left behind.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeLayers } from '../../src/analysis/probe';
import { createRng } from '../../src/data/random';
import type { Matrix } from '../../src/data/types';
import { initBackend } from '../../src/model/backend';

beforeAll(async () => {
  await initBackend('wasm');
});

/** perClass samples of each of k classes in d ≥ k dimensions; class c's mean is gap along axis c. */
function blobs(seed: number, k: number, perClass: number, d: number, gap: number): { x: Matrix; y: number[] } {
  const rng = createRng(seed);
  const n = k * perClass;
  const data = new Float32Array(n * d);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    y.push(i % k);
    for (let j = 0; j < d; j++) data[i * d + j] = (j === i % k ? gap : 0) + rng.normal();
  }
  return { x: { data, rows: n, cols: d }, y };
}

const quick = { numRuns: 6 };
const shapes = fc.integer({ min: 2, max: 4 }).chain((k) => fc.record({
  seed: fc.integer({ min: 0, max: 1e6 }),
  k: fc.constant(k),
  perClass: fc.integer({ min: 15, max: 40 }),
  d: fc.integer({ min: k, max: 12 }),
}));

describe('probe properties', () => {
  it('scores ≈ 1 on well-separated classes, with the majority baseline at chance', async () => {
    await fc.assert(fc.asyncProperty(shapes, async ({ seed, k, perClass, d }) => {
      const { x, y } = blobs(seed, k, perClass, d, 8);
      const layer = (await probeLayers([x], y, { seed, baselines: false })).layers[0];
      expect(layer.accuracy.mean).toBeGreaterThanOrEqual(0.95);
      expect(layer.majority.mean).toBeLessThanOrEqual(1 / k + 0.1);
    }), quick);
  });

  it('scores ≈ chance on shuffled labels and on a control task of distinct rows, so selectivity is high', async () => {
    const { x, y } = blobs(5, 3, 100, 6, 8);
    const layer = (await probeLayers([x], y)).layers[0];
    expect(layer.accuracy.mean).toBeGreaterThan(0.99);
    expect(Math.abs(layer.shuffled!.mean - 1 / 3)).toBeLessThan(0.08);
    expect(Math.abs(layer.control!.mean - 1 / 3)).toBeLessThan(0.08);
    expect(layer.selectivity!).toBeGreaterThan(0.55);
  });

  it('scores ≈ chance when labels carry no information', async () => {
    const { x } = blobs(7, 2, 150, 8, 0);
    const y = Array.from({ length: x.rows }, (_, i) => (i * 7919) % 2);
    const layer = (await probeLayers([x], y)).layers[0];
    expect(Math.abs(layer.accuracy.mean - 0.5)).toBeLessThan(0.1);
    expect(Math.abs(layer.shuffled!.mean - 0.5)).toBeLessThan(0.1);
  });

  it('gives identical results for the same seed, and different folds for another', async () => {
    await fc.assert(fc.asyncProperty(shapes, async ({ seed, k, perClass, d }) => {
      const { x, y } = blobs(seed, k, perClass, d, 1);
      const a = await probeLayers([x], y, { seed });
      const b = await probeLayers([x], y, { seed });
      expect(b).toEqual(a);
      const c = await probeLayers([x], y, { seed: seed + 1 });
      expect(Array.from(c.foldIds)).not.toEqual(Array.from(a.foldIds));
    }), { numRuns: 3 });
  });

  it('does not change when every feature is shifted and scaled (features are standardised)', async () => {
    await fc.assert(fc.asyncProperty(shapes, fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }),
      async ({ seed, k, perClass, d }, shift, scale) => {
        const { x, y } = blobs(seed, k, perClass, d, 1.5);
        const moved = { ...x, data: x.data.map((v) => v * scale + shift) };
        const a = (await probeLayers([x], y, { seed, baselines: false, tol: 1e-8 })).layers[0];
        const b = (await probeLayers([moved], y, { seed, baselines: false, tol: 1e-8 })).layers[0];
        // Rounding can flip a sample sitting on the decision boundary, not more.
        expect(Math.abs(a.accuracy.mean - b.accuracy.mean)).toBeLessThanOrEqual(1 / perClass + 1e-9);
      }), { numRuns: 4 });
  });

  it('leaves no tensors behind, including with inner CV over C', async () => {
    const { x, y } = blobs(1, 3, 12, 5, 2);
    const before = tf.memory().numTensors;
    await probeLayers([x, x], y, { cGrid: [0.1, 1, 10] });
    expect(tf.memory().numTensors).toBe(before);
  });
});
