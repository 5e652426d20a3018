// The shipped brackets model closes the right bracket as its card says on the full evaluation set, the shipped
// card, tokenizer and datasets are exactly what the generator produces today, and the generator keeps its grammar.
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../src/data/random';
import { disposeModel, type Model } from '../../src/model/model';
import { expectCardTargets, loadShipped, PUBLIC_ROOT, shippedFiles } from './shipped';
import { getOrganism } from '../../scripts/organisms/index';
import type { TargetResult } from '../../scripts/organisms/types';
import { serialiseDataset, MAX_WEIGHT_BYTES } from '../../scripts/train/writer';
import { EVAL_SEQUENCES } from '../../scripts/organisms/bracketsEval';
import { MAX_DEPTH, MAX_TOKENS, closerOf, depthsOf, fixedSequences, innermostOf, isOpener } from '../../scripts/organisms/bracketsTask';

const root = PUBLIC_ROOT;
const { modelFile, modelJson } = shippedFiles('brackets');
const organism = getOrganism('brackets');
let model: Model;
let card: { targets: TargetResult[]; finalMetrics: Record<string, number>; generatorVersion: string; [key: string]: unknown };

beforeAll(async () => {
  ({ model, card } = await loadShipped<typeof card>('brackets'));
});

afterAll(() => disposeModel(model));

describe('the shipped brackets model', () => {
  it('meets every behaviour target of its card on the full evaluation set, leaving no tensors', async () => {
    const before = tf.memory().numTensors;
    const result = await organism.evaluate(model);
    expect(tf.memory().numTensors).toBe(before);
    expect(result.prompts).toBe(EVAL_SEQUENCES);
    expectCardTargets(result, card);
  });

  it('fits the 5 MB weight budget and ships the config, tokenizer, card facts and datasets the generator produces now', async () => {
    expect((await modelFile('model.safetensors')).length).toBeLessThanOrEqual(MAX_WEIGHT_BYTES);
    expect(await modelJson('config.json')).toEqual(organism.config);
    expect(await modelJson('tokenizer.json')).toEqual(organism.tokenizer);
    expect(card.generatorVersion).toBe(organism.generatorVersion);
    const fresh = JSON.parse(JSON.stringify(organism.card()));
    for (const key of Object.keys(fresh)) expect(card[key], `card.${key}`).toEqual(fresh[key]);
    const index = JSON.parse(await readFile(`${root}datasets/index.json`, 'utf8'));
    for (const d of organism.datasets()) {
      expect(await readFile(`${root}datasets/${d.file}`, 'utf8'), d.file).toBe(serialiseDataset(d));
      expect(index.find((e: { id: string }) => e.id === d.id)).toMatchObject({ file: d.file, model: 'brackets', textField: d.textField, labelFields: d.labelFields, readPosition: d.readPosition });
    }
  });
});

describe('the brackets generator', () => {
  it('draws balanced sequences within the depth and length caps, covering every depth, the same for the same seed', () => {
    const seqs = fixedSequences(createRng(5), 2000);
    expect(fixedSequences(createRng(5), 2000)).toEqual(seqs);
    const seen = new Set<number>();
    for (const tokens of seqs) {
      const depths = depthsOf(tokens);
      expect(tokens.length).toBeLessThanOrEqual(MAX_TOKENS);
      expect(tokens.length % 2).toBe(0);
      expect(depths.at(-1)).toBe(0);
      expect(Math.min(...depths)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...depths)).toBeLessThanOrEqual(MAX_DEPTH);
      depths.forEach((d) => seen.add(d));
      const inner = ['none', ...innermostOf(tokens)];
      tokens.forEach((t, i) => { if (!isOpener(t)) expect(t).toBe(closerOf(inner[i])); });
    }
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: MAX_DEPTH + 1 }, (_, d) => d));
  });

  it('labels depth after each token and the innermost open bracket, as the card defines them', () => {
    const tokens = '( [ ] ) [ ( ) ]'.split(' ');
    expect(depthsOf(tokens)).toEqual([1, 2, 1, 0, 1, 2, 1, 0]);
    expect(innermostOf(tokens)).toEqual(['(', '[', '(', 'none', '[', '(', '[', 'none']);
    const example = (card.depth as { example: { text: string; depths: number[] } }).example;
    expect(depthsOf(example.text.split(' '))).toEqual(example.depths);
  });

  it('samples training sequences with loss on every token after <bos>', () => {
    for (const e of organism.sampleBatch(createRng(2), 300)) {
      expect(e.ids[0]).toBe(1);
      expect(e.lossWeights).toEqual(e.ids.map((_, t) => (t === 0 ? 0 : 1)));
    }
  });
});
