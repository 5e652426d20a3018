// fitLogistic / applyLogistic / the stepper, and the L-BFGS pieces they are built from.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LbfgsMemory, minimizeLbfgs, wolfeLineSearch } from '../../src/analysis/lbfgs';
import { applyLogistic, createLogisticTrainer, fitLogistic, predictLogistic } from '../../src/analysis/logistic';
import { trainSoftmax } from '../../src/analysis/logisticBatch';
import { createRng } from '../../src/data/random';
import type { Matrix } from '../../src/data/types';
import { initBackend } from '../../src/model/backend';

beforeAll(async () => {
  await initBackend('wasm');
});

function twoBlobs(n: number, d: number, seed: number): { x: Matrix; y: string[] } {
  const rng = createRng(seed);
  const data = new Float32Array(n * d);
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    y.push(i % 2 === 0 ? 'no' : 'yes');
    for (let j = 0; j < d; j++) data[i * d + j] = rng.normal() + (i % 2 === 0 ? -1 : 1) * (j === 0 ? 2 : 0) + 100;
  }
  return { x: { data, rows: n, cols: d }, y };
}

describe('fitLogistic', () => {
  it('fits, predicts labels and returns probabilities that sum to one, leaving no tensors', () => {
    const { x, y } = twoBlobs(80, 5, 1);
    const before = tf.memory().numTensors;
    const fit = fitLogistic(x, y);
    const p = applyLogistic(fit, x);
    const predicted = predictLogistic(fit, x);
    expect(tf.memory().numTensors).toBe(before);
    expect(fit.classes).toEqual(['no', 'yes']);
    expect(fit.converged).toBe(true);
    expect([p.rows, p.cols]).toEqual([80, 2]);
    for (let i = 0; i < p.rows; i++) expect(p.data[2 * i] + p.data[2 * i + 1]).toBeCloseTo(1, 6);
    expect(predicted.filter((label, i) => label === y[i]).length / y.length).toBeGreaterThan(0.9);
  });

  for (const standardize of [true, false]) {
    it(`is the optimum of the penalised loss (standardize ${standardize}): the gradient vanishes`, () => {
      const { x, y } = twoBlobs(60, 3, 2);
      const fit = fitLogistic(x, y, { C: 0.5, tol: 1e-6, ftol: 0, maxIter: 5000, standardize });
      expect(fit.converged, fit.stopReason).toBe(true);
      if (!standardize) expect([...fit.mean, ...fit.scale]).toEqual([0, 0, 0, 1, 1, 1]);
      const p = applyLogistic(fit, x);
      // ∂/∂W_k = Σ_i (p_ik − y_ik)·u_i + W_k/C, with u the (standardised) row; ∂/∂b_k = Σ_i (p_ik − y_ik).
      for (let k = 0; k < 2; k++) {
        let gb = 0;
        for (let i = 0; i < 60; i++) gb += p.data[2 * i + k] - (y[i] === fit.classes[k] ? 1 : 0);
        expect(Math.abs(gb)).toBeLessThan(1e-3);
        for (let j = 0; j < 3; j++) {
          let g = fit.coef.data[k * 3 + j] / 0.5;
          for (let i = 0; i < 60; i++) g += (p.data[2 * i + k] - (y[i] === fit.classes[k] ? 1 : 0)) * ((x.data[i * 3 + j] - fit.mean[j]) / fit.scale[j]);
          expect(Math.abs(g)).toBeLessThan(standardize ? 1e-3 : 0.1);
        }
      }
    });
  }

  it('steps one iteration at a time, and can be abandoned', () => {
    const { x, y } = twoBlobs(40, 4, 3);
    const before = tf.memory().numTensors;
    const trainer = createLogisticTrainer(x, y);
    trainer.step();
    trainer.step();
    expect(trainer.iteration).toBe(1);
    expect(() => trainer.result()).toThrow(/has not finished; call step\(\) until done/);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => trainer.step()).toThrow(/disposed/);
  });

  it('says when the input cannot be fitted or applied', () => {
    const { x, y } = twoBlobs(10, 2, 4);
    expect(() => fitLogistic(x, y.map(() => 'same'))).toThrow(/at least two classes/);
    const fit = fitLogistic(x, y);
    expect(() => applyLogistic(fit, { data: new Float32Array(3), rows: 1, cols: 3 })).toThrow(/fitted on 2 features but this input has 3/);
  });

  it('treats a training set with one class as a constant prediction', () => {
    const { x } = twoBlobs(10, 2, 5);
    const before = tf.memory().numTensors;
    const [fit] = trainSoftmax(x, [{ train: Int32Array.from([0, 2, 4]), labels: new Int32Array(10), C: 1 }]);
    expect(tf.memory().numTensors).toBe(before);
    expect(fit.stopReason).toBe('one class');
    expect(Array.from(fit.classes)).toEqual([0]);
  });
});

describe('L-BFGS', () => {
  it('minimises the Rosenbrock function', () => {
    const rosenbrock = (v: Float64Array) => {
      const [a, b] = v;
      return {
        f: (1 - a) ** 2 + 100 * (b - a * a) ** 2,
        g: Float64Array.from([-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)]),
      };
    };
    const result = minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { tol: 1e-8, ftol: 0 });
    expect(result.x[0]).toBeCloseTo(1, 5);
    expect(result.x[1]).toBeCloseTo(1, 5);
  });

  it('finds a strong-Wolfe step on a quadratic, and reproduces Newton on one with exact memory', () => {
    const step = wolfeLineSearch((a) => ({ f: (a - 3) ** 2, df: 2 * (a - 3) }), 9, -6, 1);
    expect(step.ok).toBe(true);
    expect(Math.abs(2 * (step.alpha - 3))).toBeLessThanOrEqual(0.9 * 6);
    const memory = new LbfgsMemory(1);
    memory.push(Float64Array.from([1]), Float64Array.from([4])); // f = 2x², f'' = 4
    expect(memory.direction(Float64Array.from([8]))[0]).toBeCloseTo(-2, 12);
    expect(memory.push(Float64Array.from([1]), Float64Array.from([-1]))).toBe(false); // negative curvature is skipped
  });
});
