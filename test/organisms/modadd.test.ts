// The shipped modadd model answers every held-out pair as its card says, and the shipped card, tokenizer and
// dataset are exactly what the generator produces today; the split and the sampler behave as documented.
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../src/data/random';
import { disposeModel, type Model } from '../../src/model/model';
import { expectCardTargets, loadShipped, PUBLIC_ROOT, shippedFiles } from './shipped';
import { getOrganism } from '../../scripts/organisms/index';
import type { TargetResult } from '../../scripts/organisms/types';
import { serialiseDataset, MAX_WEIGHT_BYTES } from '../../scripts/train/writer';
import { HELD_OUT_FRACTION, P, allPairs, answer, heldOutMask, promptIds, promptText, splitPairs } from '../../scripts/organisms/modaddTask';
import { fourierSummary, topShare } from '../../scripts/organisms/modaddFourier';

const root = PUBLIC_ROOT;
const { modelFile, modelJson } = shippedFiles('modadd');
const organism = getOrganism('modadd');
let model: Model;
let card: { targets: TargetResult[]; finalMetrics: Record<string, number>; generatorVersion: string; [key: string]: unknown };

beforeAll(async () => {
  ({ model, card } = await loadShipped<typeof card>('modadd'));
});

afterAll(() => disposeModel(model));

describe('the shipped modadd model', () => {
  it('meets every behaviour target of its card on all held-out pairs, leaving no tensors', async () => {
    const before = tf.memory().numTensors;
    const result = await organism.evaluate(model);
    expect(tf.memory().numTensors).toBe(before);
    expect(result.prompts).toBe(P * P);
    expectCardTargets(result, card);
  });

  it('fits the 5 MB weight budget and ships the config, tokenizer, card facts and dataset the generator produces now', async () => {
    expect((await modelFile('model.safetensors')).length).toBeLessThanOrEqual(MAX_WEIGHT_BYTES);
    expect(await modelJson('config.json')).toEqual(organism.config);
    expect(await modelJson('tokenizer.json')).toEqual(organism.tokenizer);
    expect(card.generatorVersion).toBe(organism.generatorVersion);
    await organism.evaluate(model); // card() reports the spectrum of the model evaluated last
    const fresh = JSON.parse(JSON.stringify(organism.card()));
    for (const key of Object.keys(fresh)) expect(card[key], `card.${key}`).toEqual(fresh[key]);
    const index = JSON.parse(await readFile(`${root}datasets/index.json`, 'utf8'));
    for (const d of organism.datasets()) {
      expect(await readFile(`${root}datasets/${d.file}`, 'utf8'), d.file).toBe(serialiseDataset(d));
      expect(index.find((e: { id: string }) => e.id === d.id)).toMatchObject({ file: d.file, model: 'modadd', textField: d.textField, labelFields: d.labelFields, readPosition: d.readPosition });
    }
  });

  it('encodes "a + b =" as <bos> a + b = with number n at id n', () => {
    for (const pair of [{ a: 0, b: 52 }, { a: 17, b: 9 }]) expect(model.tokenizer!.encode(promptText(pair)).ids).toEqual(promptIds(pair));
  });
});

describe('the modadd generator', () => {
  it('holds out a fixed share of the pairs, the same every time, and never samples a held-out pair', () => {
    const mask = heldOutMask();
    expect(mask).toEqual(heldOutMask());
    const { train, heldOut } = splitPairs(mask);
    expect(heldOut.length).toBe(Math.round(HELD_OUT_FRACTION * P * P));
    expect(train.length + heldOut.length).toBe(P * P);
    const held = new Set(heldOut.map(({ a, b }) => a * P + b));
    const batch = organism.sampleBatch(createRng(3), 2000);
    expect(organism.sampleBatch(createRng(3), 2000)).toEqual(batch);
    for (const e of batch) {
      const [, a, , b, , c] = e.ids;
      expect(held.has(a * P + b)).toBe(false);
      expect(c).toBe(answer({ a, b }));
      expect(e.lossWeights).toEqual([0, 0, 0, 0, 0, 1]);
    }
    expect(allPairs()).toHaveLength(P * P);
  });

  it('finds a pure frequency in the spectrum of an embedding built from one circle', () => {
    const d = 4;
    const rows = new Float32Array((P + 2) * d);
    for (let n = 0; n < P; n++) {
      rows[n * d] = 1 + Math.cos((2 * Math.PI * 7 * n) / P);
      rows[n * d + 1] = Math.sin((2 * Math.PI * 7 * n) / P);
    }
    const s = fourierSummary(rows, P, d);
    expect(s.frequencies[0].frequency).toBe(7);
    expect(s.frequencies[0].share).toBeCloseTo(1, 6);
    expect(topShare(s, 1)).toBeCloseTo(1, 6);
    expect(s.constantShare).toBeCloseTo(0.5, 6); // |F[0]|² = P², and the cos and sin columns hold P²/2 each
    expect(s.frequencies).toHaveLength((P - 1) / 2);
  });
});
