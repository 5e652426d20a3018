// The training pipeline on a tiny configuration: loss falls, no tensor leaks, and the same seed gives
// byte-identical safetensors; plus the schedule, the optimiser, clipping, batching and the gradient overrides.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend';
import { validateConfig } from '../../src/model/config';
import { readSafetensors } from '../../src/model/safetensors';
import { getOrganism } from '../../scripts/organisms/index';
import { train, type TrainOptions } from '../../scripts/train/loop';
import { weightBytes } from '../../scripts/train/writer';

beforeAll(async () => {
  await initBackend('wasm');
});

const organism = getOrganism('truthworld');
const TINY = validateConfig({ ...organism.config, nLayers: 1, dModel: 16, nHeads: 2, dMlp: 32, nCtx: 16 });
const SMOKE: TrainOptions = {
  config: TINY,
  skipEval: true,
  logEvery: 1,
  training: { steps: 12, batchSize: 16, warmupSteps: 2, lr: 1e-2, seed: 7 },
};

describe('train on a tiny configuration', () => {
  it('lowers the loss within a few steps and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const lines: string[] = [];
    const result = await train(organism, { ...SMOKE, log: (l) => lines.push(l) });
    expect(tf.memory().numTensors).toBe(before);
    const losses = result.curve.map((p) => p.loss);
    expect(losses).toHaveLength(12);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] - 0.1);
    expect(lines[0]).toMatch(/^step +1\/12 {2}loss \d+\.\d{4} {2}lr .* tok\/s {2}elapsed .* ETA /);
  });

  it('gives byte-identical safetensors for the same seed, and different ones for another seed', async () => {
    const bytesFor = async (seed: number) => weightBytes(organism, await train(organism, { ...SMOKE, training: { ...SMOKE.training, seed } }));
    const [a, b, c] = [await bytesFor(7), await bytesFor(7), await bytesFor(8)];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
    const file = readSafetensors(a);
    expect([...file.tensors.keys()].slice(0, 3)).toEqual(['wte.weight', 'wpe.weight', 'h.0.ln_1.weight']);
    expect(file.metadata.get('seed')).toBe('7');
  });

  it('evaluates periodically and reports every target', async () => {
    const result = await train(organism, { ...SMOKE, skipEval: false, training: { ...SMOKE.training, steps: 4, evalEvery: 2 } });
    expect(result.evals.map((e) => e.step)).toEqual([2, 4]);
    expect(result.final?.targets.map((t) => t.metric)).toEqual(organism.targets.map((t) => t.metric));
    expect(result.final?.prompts).toBeGreaterThan(1000);
  });
});
