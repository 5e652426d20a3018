// probeLayers against scikit-learn (StandardScaler + LogisticRegression(C=1, lbfgs, multinomial)) on the
// same explicit folds, from scripts/reference/probe_reference.py; plus the report's structure and baselines.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldRows } from '../../src/analysis/folds';
import { trainSoftmax } from '../../src/analysis/logisticBatch';
import { probeLayers, probeSteps, type ProbeProgress } from '../../src/analysis/probe';
import { readNpy } from '../../src/data/npy';
import type { Matrix } from '../../src/data/types';
import { initBackend } from '../../src/model/backend';

const FIXTURES = new URL('../fixtures/analysis/probe/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', FIXTURES), 'utf8'));

function npy(name: string) {
  return readNpy(new Uint8Array(readFileSync(new URL(name, FIXTURES))));
}

function dataset(name: string): { x: Matrix; y: Int32Array; folds: Int32Array } {
  const x = npy(`${name}.x.npy`);
  return {
    x: { data: x.data as Float32Array, rows: x.shape[0], cols: x.shape[1] },
    y: npy(`${name}.y.npy`).data as Int32Array,
    folds: npy(`${name}.folds.npy`).data as Int32Array,
  };
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('probeLayers against scikit-learn on the same folds', () => {
  for (const name of ['separable', 'chance', 'manyclass', 'anisotropic', 'rankdeficient']) {
    it(`matches LogisticRegression's per-fold accuracy on the ${name} set`, async () => {
      const { x, y, folds } = dataset(name);
      const before = tf.memory().numTensors;
      const report = await probeLayers([x], Array.from(y), { foldIds: folds, baselines: false });
      expect(tf.memory().numTensors).toBe(before);
      const { accuracy, converged } = report.layers[0];
      const reference: number[] = expected.probes[name].accuracy;
      expect(Math.abs(accuracy.mean - expected.probes[name].meanAccuracy)).toBeLessThanOrEqual(0.015);
      // Same objective, same optimum: in practice every fold agrees exactly.
      accuracy.perFold.forEach((a, f) => expect(a).toBeCloseTo(reference[f], 10));
      expect(converged).toBe(true);
    });

    it(`reaches scikit-learn's optimum (weights and intercepts) on fold 0 of the ${name} set`, () => {
      const { x, y, folds } = dataset(name);
      const [fit] = trainSoftmax(x, [{ train: foldRows(folds, 0).train, labels: y, C: 1 }], { tol: 1e-7 });
      const { coef, intercept } = expected.probes[name].fold0 as { coef: number[][]; intercept: number[] };
      const K = fit.classes.length;
      const largest = Math.max(...coef.flat().map(Math.abs));
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < x.cols; j++) expect(Math.abs(fit.coef[j * K + k] - coef[k][j])).toBeLessThan(1e-3 * largest);
        expect(fit.intercept[k]).toBeCloseTo(intercept[k], 3);
      }
    });
  }
});

describe('the probe report', () => {
  it('has a confusion matrix whose diagonal matches the accuracy, and baselines on the same folds', async () => {
    const { x, y, folds } = dataset('manyclass');
    const report = await probeLayers([x, x], Array.from(y), { foldIds: folds });
    expect(report.classes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(report.foldIds)).toEqual(Array.from(folds));
    expect(report.layers).toHaveLength(2);
    const layer = report.layers[0];
    const total = layer.confusion.flat().reduce((a, b) => a + b, 0);
    const diagonal = layer.confusion.reduce((sum, row, i) => sum + row[i], 0);
    expect(total).toBe(y.length);
    // Folds have equal size here, so pooled accuracy equals the mean of per-fold accuracies.
    expect(diagonal / total).toBeCloseTo(layer.accuracy.mean, 10);
    expect(layer.majority.mean).toBeCloseTo(0.1, 1);
    expect(layer.shuffled!.mean).toBeLessThan(0.2);
    expect(layer.control!.mean).toBeLessThan(0.2);
    expect(layer.selectivity).toBeCloseTo(layer.accuracy.mean - layer.control!.mean, 12);
    expect(layer.C).toEqual([1, 1, 1, 1, 1]);
    expect(report.layers[1].accuracy).toEqual(layer.accuracy);
  });

  it('chooses C per fold from a grid by inner cross-validation', async () => {
    const { x, y } = dataset('chance');
    const report = await probeLayers([x], Array.from(y), { cGrid: [1e-4, 1], baselines: false, seed: 3 });
    // Pure noise: strong regularisation predicts the (balanced) majority and never loses much.
    for (const C of report.layers[0].C) expect([1e-4, 1]).toContain(C);
  });

  it('steps one batched iteration at a time, with progress that reaches the last layer', () => {
    const { x, y } = dataset('separable');
    const steps = probeSteps([x, x], Array.from(y), { baselines: false });
    const progress: ProbeProgress[] = [];
    let next = steps.next();
    while (next.done !== true) {
      progress.push(next.value);
      next = steps.next();
    }
    expect(next.value.layers).toHaveLength(2);
    expect(progress.at(-1)!.layer).toBe(1);
    expect(progress.every((p, i) => i === 0 || p.fraction >= progress[i - 1].fraction - 1e-12)).toBe(true);
  });

  it('stops, frees its tensors and rejects with AbortError when cancelled', async () => {
    const { x, y } = dataset('manyclass');
    const before = tf.memory().numTensors;
    const signal = { aborted: false };
    const run = probeLayers([x, x, x], Array.from(y), { signal, onProgress: () => (signal.aborted = true) });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
