import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { ModelCore } from '../../src/model/cache';
import { attentionPatterns, headMatrix, headStats, type LayerPattern } from '../../src/analysis/attention';
import { withRandomModel } from '../helpers/randomModel';

let model: ModelCore;
withRandomModel((m) => (model = m));

const prompt = [3, 7, 1, 9, 4, 2];

/** A hand-made one-head pattern over 3 tokens. */
const toy: LayerPattern = { layer: 0, nHeads: 1, pos: 3, data: Float32Array.from([1, 0, 0, 0.25, 0.75, 0, 0.5, 0.3, 0.2]) };

describe('attentionPatterns', () => {
  it('returns one query × key pattern per head, rows summing to 1 over allowed keys and 0 over future keys', async () => {
    const { layers, ids } = await attentionPatterns(model, prompt);
    expect(ids).toEqual(prompt);
    expect(layers.map((l) => l.layer)).toEqual([0, 1]);
    for (const p of layers) {
      expect(p.data).toHaveLength(model.config.nHeads * prompt.length ** 2);
      for (let h = 0; h < p.nHeads; h++) {
        headMatrix(p, h).forEach((row, q) => {
          expect(row.slice(0, q + 1).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
          expect(row.slice(q + 1).every((a) => a === 0)).toBe(true);
        });
      }
    }
  });

  it('reads only the layers asked for and leaks no tensors', async () => {
    await attentionPatterns(model, prompt, [1]);
    const before = tf.memory().numTensors;
    const { layers } = await attentionPatterns(model, prompt, [1]);
    expect(layers.map((l) => l.layer)).toEqual([1]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('says which layers exist', async () => {
    await expect(attentionPatterns(model, prompt, [2])).rejects.toThrow('layers 0–1');
    await expect(attentionPatterns(model, [])).rejects.toThrow('at least one token');
  });
});

describe('headStats', () => {
  it("averages each head's attention to the previous token, the first token and itself", () => {
    const s = headStats(toy);
    expect(s.prevToken[0]).toBeCloseTo((0.25 + 0.3) / 2, 6);
    expect(s.bos[0]).toBeCloseTo((1 + 0.25 + 0.5) / 3, 6);
    expect(s.self[0]).toBeCloseTo((1 + 0.75 + 0.2) / 3, 6);
    expect(s.toPosition).toBeNull();
  });

  it('averages attention to a chosen key over the queries that can see it, counting negatives from the end', () => {
    expect(headStats(toy, 1).toPosition![0]).toBeCloseTo((0.75 + 0.3) / 2, 6);
    expect(headStats(toy, -1).toPosition![0]).toBeCloseTo(0.2, 6);
    expect(() => headStats(toy, 3)).toThrow('outside the prompt (3 tokens)');
  });

  it('gives a one-hot row zero entropy and a uniform row log(n)', () => {
    const p: LayerPattern = { layer: 0, nHeads: 2, pos: 2, data: Float32Array.from([1, 0, 1, 0, 1, 0, 0.5, 0.5]) };
    const s = headStats(p);
    expect(s.entropy[0]).toBe(0);
    expect(s.entropy[1]).toBeCloseTo(Math.log(2) / 2, 6);
  });
});
