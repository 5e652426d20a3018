// layerEffects' syncReads seam on a small random model: the probes and every layer's direction fit run through
// it (a worker moves them off WebGPU there), no forward pass does, and the numbers do not depend on it.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { layerEffects, type LayerEffectsInput } from '../../src/analysis/layerEffects';
import type { SyncReads } from '../../src/analysis/syncReads';
import type { ModelCore } from '../../src/model/cache';
import { withRandomModel } from '../helpers/randomModel';

let model: ModelCore;
const n = 24;
const input: LayerEffectsInput = {
  prompts: Array.from({ length: n }, (_, i) => [1 + (i % 7), 10 + Math.floor(i / 2), 20 + (i % 2), 30 + (i % 5)]),
  labels: Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'p' : 'n')),
  positive: 'p',
  targets: Array.from({ length: n }, (_, i) => [40 + (i % 3)]),
  pairs: Array.from({ length: n / 2 }, (_, k): [number, number] => [2 * k, 2 * k + 1]),
};
const options = { method: 'pcadiff' as const, alphas: [1, 4], maxNew: 1, folds: 2, seed: 0, position: 'last' as const };

withRandomModel((m) => (model = m));

describe('layerEffects with syncReads', () => {
  it('runs the probes and each layer fit through syncReads, never the model, and gives the same report as in place', async () => {
    let inside = false;
    let calls = 0;
    let modelReads = 0;
    // Any read of the model while a syncReads function runs would be a forward pass on the wrong backend.
    const watched = new Proxy(model, { get: (target, key, receiver) => { if (inside) modelReads++; return Reflect.get(target, key, receiver); } });
    const syncReads: SyncReads = async (fn) => {
      calls++;
      inside = true;
      try {
        return await fn();
      } finally {
        inside = false;
      }
    };
    const before = tf.memory().numTensors;
    const seamed = await layerEffects(watched, input, { ...options, syncReads });
    expect(calls).toBe(1 + model.config.nLayers);
    expect(modelReads).toBe(0);
    expect(seamed).toEqual(await layerEffects(model, input, options));
    expect(tf.memory().numTensors).toBe(before);
  });
});
