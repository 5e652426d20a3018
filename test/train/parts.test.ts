// Pieces of the training pipeline: schedule, AdamW, gradient clipping, batching, gradient overrides, CSV.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend';
import { clipByGlobalNorm, createAdamW } from '../../scripts/train/adamw';
import { makeTrainBatch } from '../../scripts/train/batch';
import { installTrainingGradients } from '../../scripts/train/gradients';
import { learningRate } from '../../scripts/train/schedule';
import { formatDuration } from '../../scripts/train/progress';
import { serialiseDataset } from '../../scripts/train/writer';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('learningRate', () => {
  const o = { lr: 1, minLrFraction: 0.1, warmupSteps: 10, schedule: 'cosine' as const };
  it('warms up linearly, peaks, then decays to the floor', () => {
    expect(learningRate(1, 110, o)).toBeCloseTo(0.1);
    expect(learningRate(10, 110, o)).toBeCloseTo(1);
    expect(learningRate(60, 110, o)).toBeCloseTo(0.55);
    expect(learningRate(110, 110, o)).toBeCloseTo(0.1);
    expect(learningRate(60, 110, { ...o, schedule: 'linear' })).toBeCloseTo(0.55);
    expect(learningRate(85, 110, { ...o, schedule: 'linear' })).toBeCloseTo(0.325);
  });
});

describe('createAdamW', () => {
  it('takes a bias-corrected first step of size lr·sign(g) plus decoupled decay on decayed weights only', () => {
    const w = tf.variable(tf.tensor2d([[1, -2]]));
    const b = tf.variable(tf.tensor1d([3]));
    const opt = createAdamW(new Map<string, tf.Variable>([['w', w], ['b', b]]), new Set(['w']), { beta1: 0.9, beta2: 0.99, epsilon: 1e-8, weightDecay: 0.5 });
    tf.tidy(() => opt.apply({ w: tf.tensor2d([[0.3, -4]]), b: tf.tensor1d([-2]) }, 0.1));
    const [w1, b1] = [w.dataSync(), b.dataSync()];
    expect(w1[0]).toBeCloseTo(1 * (1 - 0.05) - 0.1, 5);
    expect(w1[1]).toBeCloseTo(-2 * (1 - 0.05) + 0.1, 5);
    expect(b1[0]).toBeCloseTo(3 + 0.1, 5);
    opt.dispose();
    w.dispose();
    b.dispose();
  });
});

describe('clipByGlobalNorm', () => {
  it('scales every gradient by maxNorm / globalNorm when above, and leaves small ones alone', () => {
    tf.tidy(() => {
      const { grads, norm } = clipByGlobalNorm({ a: tf.tensor1d([3]), b: tf.tensor1d([4]) }, 1);
      expect(norm.dataSync()[0]).toBeCloseTo(5);
      expect(grads.a.dataSync()[0]).toBeCloseTo(0.6, 5);
      expect(grads.b.dataSync()[0]).toBeCloseTo(0.8, 5);
      expect(clipByGlobalNorm({ a: tf.tensor1d([0.3]) }, 1).grads.a.dataSync()[0]).toBeCloseTo(0.3, 5);
    });
  });
});

describe('makeTrainBatch', () => {
  it('pads on the right and shifts ids into one-hot targets with their loss weights', () => {
    const b = makeTrainBatch([{ ids: [1, 5, 6], lossWeights: [0, 1, 2] }, { ids: [1, 7], lossWeights: [0, 3] }], 8, 10);
    expect([b.batch, b.pos, b.tokens]).toEqual([2, 3, 5]);
    expect([...b.ids]).toEqual([1, 5, 6, 1, 7, 0]);
    const argmax = Array.from({ length: 6 }, (_, r) => {
      const row = [...b.targets.subarray(r * 10, r * 10 + 10)];
      return row.some((x) => x > 0) ? row.indexOf(1) : -1;
    });
    expect(argmax).toEqual([5, 6, -1, 7, -1, -1]);
    expect([...b.weights]).toEqual([1, 2, 0, 3, 0, 0]);
  });

  it('spreads the target uniformly over a drawnFrom set, which must hold the drawn id', () => {
    const b = makeTrainBatch([{ ids: [1, 5, 6], lossWeights: [0, 1, 1], drawnFrom: [null, null, [6, 8]] }], 8, 10);
    expect([...b.targets.subarray(10, 20)]).toEqual([0, 0, 0, 0, 0, 0, 0.5, 0, 0.5, 0]);
    expect(() => makeTrainBatch([{ ids: [1, 5], lossWeights: [0, 1], drawnFrom: [null, [6, 8]] }], 8, 10)).toThrow(/does not contain the drawn id 5/);
  });

  it('rejects sequences longer than the context, with the fix in the message', () => {
    expect(() => makeTrainBatch([{ ids: [1, 2, 3], lossWeights: [0, 1, 1] }], 2, 10)).toThrow(/more than the context length 2; raise nCtx/);
  });
});

describe('installTrainingGradients', () => {
  it('gives the same matMul and gather gradients as the stock ones', async () => {
    const a = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const w = tf.tensor2d([[0.5, -1], [2, 0.25], [-0.5, 1.5]]);
    const table = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const ids = tf.tensor2d([[0, 2], [2, 2]], undefined, 'int32');
    const f = (x: tf.Tensor, y: tf.Tensor, t: tf.Tensor) =>
      tf.add(tf.sum(tf.square(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D))), tf.sum(tf.mul(tf.gather(t, ids), tf.tensor3d([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]))));
    const grads = () => tf.tidy(() => tf.grads(f)([a, w, table]).map((g) => Array.from(g.dataSync())));
    const close = (got: number[][], want: number[][]) => got.forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 3)));
    await tf.setBackend('cpu'); // the stock gather gradient needs UnsortedSegmentSum, which wasm lacks
    const stock = grads();
    installTrainingGradients();
    close(grads(), stock);
    await tf.setBackend('wasm');
    close(grads(), stock);
    tf.dispose([a, w, table, ids]);
  });
});

describe('serialiseDataset and formatDuration', () => {
  it('writes CSV with a header and quotes fields that need it', () => {
    const text = serialiseDataset({
      id: 'x', file: 'x.csv', model: 'm', description: '', textField: 'text', labelFields: ['label'], readPosition: 'last',
      rows: [{ text: 'a, "b"', label: 'true' }, { text: 'c', label: 'false' }],
    });
    expect(text).toBe('text,label\n"a, ""b""",true\nc,false\n');
  });

  it('prints durations as seconds, minutes or hours', () => {
    expect([formatDuration(5.25), formatDuration(125), formatDuration(3725)]).toEqual(['5.3s', '2m05s', '1h02m']);
  });
});
