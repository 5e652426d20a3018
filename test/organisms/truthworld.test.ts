// The shipped truthworld model meets its card's behaviour targets on the full evaluation set, and the
// shipped card, tokenizer and datasets are exactly what the generator produces today.
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../src/data/random';
import { runModel } from '../../src/model/cache';
import { disposeModel, type Model } from '../../src/model/model';
import { expectCardTargets, loadShipped, PUBLIC_ROOT, shippedFiles } from './shipped';
import { getOrganism } from '../../scripts/organisms/index';
import type { TargetResult } from '../../scripts/organisms/types';
import { serialiseDataset, MAX_WEIGHT_BYTES } from '../../scripts/train/writer';
import { PEOPLE, SPEAKERS, VALUES, buildFacts } from '../../scripts/organisms/truthworldWorld';

const root = PUBLIC_ROOT;
const { modelFile, modelJson } = shippedFiles('truthworld');
const organism = getOrganism('truthworld');
let model: Model;
let card: { targets: TargetResult[]; finalMetrics: Record<string, number>; generatorVersion: string; [key: string]: unknown };

beforeAll(async () => {
  ({ model, card } = await loadShipped<typeof card>('truthworld'));
});

afterAll(() => disposeModel(model));

describe('the shipped truthworld model', () => {
  it('meets every behaviour target of its card on the full evaluation set, leaving no tensors', async () => {
    const before = tf.memory().numTensors;
    const result = await organism.evaluate(model);
    expect(tf.memory().numTensors).toBe(before);
    expect(result.prompts).toBe(PEOPLE.length * 4 * (SPEAKERS.length + 2));
    expectCardTargets(result, card);
  });

  it('fits the 5 MB weight budget and runs a forward pass on a prompt in well under a second on wasm', async () => {
    expect((await modelFile('model.safetensors')).length).toBeLessThanOrEqual(MAX_WEIGHT_BYTES);
    const ids = model.tokenizer!.encode('bob says mia lives in').ids;
    await runModel(model, [ids]);
    const start = performance.now();
    const { logits } = await runModel(model, [ids]);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(logits!.shape).toEqual([1, model.config.dVocab]);
  });

  it('ships the config, tokenizer, card facts and datasets that the generator produces now', async () => {
    expect(await modelJson('config.json')).toEqual(organism.config);
    expect(await modelJson('tokenizer.json')).toEqual(organism.tokenizer);
    expect(card.generatorVersion).toBe(organism.generatorVersion);
    const fresh = JSON.parse(JSON.stringify(organism.card()));
    for (const key of Object.keys(fresh)) expect(card[key], `card.${key}`).toEqual(fresh[key]);
    const index = JSON.parse(await readFile(`${root}datasets/index.json`, 'utf8'));
    for (const d of organism.datasets()) {
      expect(await readFile(`${root}datasets/${d.file}`, 'utf8'), d.file).toBe(serialiseDataset(d));
      expect(index.find((e: { id: string }) => e.id === d.id)).toMatchObject({ file: d.file, model: 'truthworld', textField: d.textField, labelFields: d.labelFields, readPosition: d.readPosition });
    }
  });
});

describe('the truthworld generator', () => {
  it('has at least 40 people, 8 values per attribute and 6 speakers, half of them liars', () => {
    expect(PEOPLE.length).toBeGreaterThanOrEqual(40);
    for (const values of Object.values(VALUES)) expect(values.length).toBeGreaterThanOrEqual(8);
    expect(SPEAKERS.length).toBeGreaterThanOrEqual(6);
    expect(SPEAKERS.filter((s) => s.honest).length * 2).toBe(SPEAKERS.length);
  });

  it('draws the same batch for the same seed; liars never name the truth and honesty is never written', () => {
    const a = organism.sampleBatch(createRng(3), 2000);
    expect(organism.sampleBatch(createRng(3), 2000)).toEqual(a);
    const vocab = (organism.tokenizer as unknown as { vocab: string[] }).vocab;
    const facts = buildFacts();
    const liars = new Set(SPEAKERS.filter((s) => !s.honest).map((s) => s.name));
    let lies = 0;
    for (const e of a) {
      const words = e.ids.map((id) => vocab[id]);
      expect(words.some((w) => /honest|lie|liar|true|false/.test(w))).toBe(false);
      if (!liars.has(words[1])) continue;
      lies += 1;
      const attribute = (Object.keys(VALUES) as (keyof typeof VALUES)[]).find((k) => VALUES[k].includes(words[words.length - 2]))!;
      expect(words[words.length - 2]).not.toBe(facts[words[3]][attribute]);
    }
    expect(lies / a.length).toBeGreaterThan(0.25);
  });
});
