// Ridge probes against scikit-learn (StandardScaler + Ridge(alpha=1)) on the same folds.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldRows } from '../../src/analysis/folds';
import { applyRidge, fitRidge, r2Score } from '../../src/analysis/ridge';
import { ridgeProbeLayers } from '../../src/analysis/ridgeProbe';
import { readNpy } from '../../src/data/npy';
import type { Matrix } from '../../src/data/types';
import { initBackend } from '../../src/model/backend';

const FIXTURES = new URL('../fixtures/analysis/probe/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', FIXTURES), 'utf8')).ridge;

function npy(name: string) {
  return readNpy(new Uint8Array(readFileSync(new URL(name, FIXTURES))));
}

function matrixOf(name: string): Matrix {
  const a = npy(name);
  return { data: a.data as Float32Array, rows: a.shape[0], cols: a.shape[1] };
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('ridge probes', () => {
  it('match scikit-learn R² per fold on the same folds, leaving no tensors', async () => {
    const x = matrixOf('ridge.x.npy');
    const y = npy('ridge.y.npy').data as Float64Array;
    const folds = npy('ridge.folds.npy').data as Int32Array;
    const before = tf.memory().numTensors;
    const report = await ridgeProbeLayers([x], y, { foldIds: folds });
    expect(tf.memory().numTensors).toBe(before);
    report.layers[0].r2.perFold.forEach((r2, f) => expect(r2).toBeCloseTo(expected.r2[f], 6));
    expect(report.layers[0].r2.mean).toBeCloseTo(expected.meanR2, 6);
    expect(report.layers[0].correlation.mean).toBeGreaterThan(0.8);
  });

  it('reach scikit-learn coefficients in the primal (n ≥ d) and dual (n < d) forms', () => {
    const x = matrixOf('ridge.x.npy');
    const y = npy('ridge.y.npy').data as Float64Array;
    const fit = fitRidge(x, y, {}, foldRows(npy('ridge.folds.npy').data as Int32Array, 0).train);
    fit.coef.forEach((c, j) => expect(c).toBeCloseTo(expected.fold0.coef[j], 6));
    expect(fit.intercept).toBeCloseTo(expected.fold0.intercept, 6);
    const wide = fitRidge(matrixOf('ridgewide.x.npy'), npy('ridgewide.y.npy').data as Float64Array);
    wide.coef.forEach((c, j) => expect(c).toBeCloseTo(expected.wide.coef[j], 6));
    expect(wide.intercept).toBeCloseTo(expected.wide.intercept, 6);
  });

  it('predict what they were fitted to, and score R² as scikit-learn does', () => {
    const x: Matrix = { data: Float32Array.from([0, 1, 2, 3, 4, 5]), rows: 6, cols: 1 };
    const fit = fitRidge(x, [1, 3, 5, 7, 9, 11], { alpha: 1e-9 });
    Array.from(applyRidge(fit, x)).forEach((p, i) => expect(p).toBeCloseTo(1 + 2 * i, 5));
    expect(r2Score([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(r2Score([2, 2, 2], [2, 2, 2])).toBe(1);
    expect(r2Score([2, 2, 2], [1, 2, 3])).toBe(0);
  });

  it('say what is wrong with their input', async () => {
    const x: Matrix = { data: new Float32Array(8), rows: 4, cols: 2 };
    await expect(ridgeProbeLayers([x], [1, 2, NaN, 4])).rejects.toThrow(/target of sample 2 is NaN/);
    expect(() => fitRidge(x, [1, 2, 3, 4], { alpha: 0 })).toThrow(/alpha must be a finite number > 0/);
    expect(() => fitRidge(x, [1, 2, 3], {})).toThrow(/3 targets for 4 rows/);
    // Constant features: the prediction is the mean.
    expect(Array.from(applyRidge(fitRidge(x, [1, 2, 3, 6]), x))).toEqual([3, 3, 3, 3]);
  });
});
