import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { runModel, type ModelCore } from '../../src/model/cache';
import { EMBED_LAYER, logitLens } from '../../src/analysis/lens';
import { withRandomModel } from '../helpers/randomModel';

let model: ModelCore;
withRandomModel((m) => (model = m));

const prompt = [3, 7, 1, 9, 4, 2];

function softmax(row: ArrayLike<number>): number[] {
  const max = Math.max(...Array.from(row));
  const e = Array.from(row, (x) => Math.exp(x - max));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
}

describe('logitLens', () => {
  it('reads the embedding and every block by default, for every position', async () => {
    const lens = await logitLens(model, prompt);
    expect(lens.layers).toEqual([EMBED_LAYER, 0, 1]);
    expect(lens.positions).toEqual([0, 1, 2, 3, 4, 5]);
    expect(lens.topIds).toHaveLength(3);
    expect(lens.topIds[0]).toHaveLength(prompt.length);
    expect(lens.topIds[0][0]).toHaveLength(5);
    expect(lens.targetRank).toBeNull();
  });

  it("at the last layer equals the model's own output distribution", async () => {
    const { logits } = await runModel(model, [prompt], { logits: 'all' });
    const vocab = model.config.dVocab;
    const lens = await logitLens(model, prompt, { layers: [1], topK: vocab });
    for (let p = 0; p < prompt.length; p++) {
      const probs = softmax(logits!.data.subarray(p * vocab, (p + 1) * vocab));
      lens.topIds[0][p].forEach((id, j) => expect(Math.abs(lens.topProbs[0][p][j] - probs[id])).toBeLessThan(1e-5));
    }
  });

  it('gives each position top-k tokens in descending probability', async () => {
    const lens = await logitLens(model, prompt, { topK: 4 });
    for (const layer of lens.topProbs) for (const row of layer) expect([...row].sort((a, b) => b - a)).toEqual(row);
  });

  it("ranks the target token as a brute-force sort of the model's logits does", async () => {
    const { logits } = await runModel(model, [prompt], { logits: 'all' });
    const vocab = model.config.dVocab;
    for (const target of [0, 11, 42]) {
      const lens = await logitLens(model, prompt, { target });
      for (let p = 0; p < prompt.length; p++) {
        const row = Array.from(logits!.data.subarray(p * vocab, (p + 1) * vocab));
        const order = row.map((_, i) => i).sort((a, b) => row[b] - row[a]);
        expect(lens.targetRank![2][p]).toBe(order.indexOf(target) + 1);
        expect(lens.targetProb![2][p]).toBeCloseTo(softmax(row)[target], 5);
      }
    }
  });

  it('agrees with its own top-k: the rank-1 token is the first listed', async () => {
    const first = await logitLens(model, prompt, { topK: 1 });
    const top = first.topIds[0][2][0];
    const lens = await logitLens(model, prompt, { layers: [EMBED_LAYER], target: top });
    expect(lens.targetRank![0][2]).toBe(1);
    expect(lens.targetProb![0][2]).toBeCloseTo(first.topProbs[0][2][0], 6);
  });

  it('leaks no tensors', async () => {
    await logitLens(model, prompt, { target: 3 });
    const before = tf.memory().numTensors;
    await logitLens(model, prompt, { target: 3 });
    await logitLens(model, prompt);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('says which layers, tokens and sizes are allowed', async () => {
    await expect(logitLens(model, prompt, { layers: [2] })).rejects.toThrow('use −1 (embedding) or 0–1');
    await expect(logitLens(model, prompt, { target: 50 })).rejects.toThrow('outside the vocabulary (0–49)');
    await expect(logitLens(model, prompt, { topK: 0 })).rejects.toThrow('from 1 to 50');
    await expect(logitLens(model, [])).rejects.toThrow('at least one token');
  });
});
