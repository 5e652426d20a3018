// Activation patching on the shipped truthworld model: an honest speaker (ann) against a liar (bob) in
// "… says mia lives in", measured as the logit difference of mia's true city over the liar's top city.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend';
import { runModel } from '../../src/model/cache';
import { disposeModel, loadModel, type Model } from '../../src/model/model';
import { runPatching, type PatchingResult } from '../../src/analysis/patching';

const dir = fileURLToPath(new URL('../../public/models/truthworld/', import.meta.url));
const json = async (name: string) => JSON.parse(await readFile(`${dir}${name}`, 'utf8'));
let model: Model;
let result: PatchingResult;
let tokens: string[];

function argmax(xs: Float32Array): number {
  return xs.reduce((best, x, i) => (x > xs[best] ? i : best), 0);
}

beforeAll(async () => {
  await initBackend('wasm');
  const files = { config: await json('config.json'), weights: new Uint8Array(await readFile(`${dir}model.safetensors`)), tokenizer: await json('tokenizer.json'), card: await json('card.json') };
  model = await loadModel(files, 'truthworld');
  const tok = model.tokenizer!;
  const clean = tok.encode('ann says mia lives in');
  const corrupt = tok.encode('bob says mia lives in').ids;
  const city = (files.card.world.people as { name: string; city: string }[]).find((p) => p.name === 'mia')!.city;
  const { logits } = await runModel(model, [corrupt]);
  const lie = argmax(logits!.data);
  expect(tok.tokenText(lie)).not.toBe(city);
  tokens = clean.tokens.map((t) => t.text);
  result = await runPatching(model, { clean: clean.ids, corrupt }, { kind: 'logitdiff', target: tok.tokenId(city)!, baseline: lie }, { sites: ['resid_pre', 'attn_out', 'mlp_out', 'heads'], tokens });
});
afterAll(() => disposeModel(model));

describe('patching ann → bob on truthworld', () => {
  it('has a large clean − corrupt logit difference: the true city wins after ann and loses after bob', () => {
    expect(tokens).toEqual(['<bos>', 'ann', 'says', 'mia', 'lives', 'in']);
    expect(result.metricClean).toBeGreaterThan(2);
    expect(result.metricCorrupt).toBeLessThan(-2);
  });

  it('recovers everything at the speaker position of resid_pre in layer 0 and nothing at other early positions', () => {
    const resid = result.heatmaps.find((h) => h.site === 'resid_pre')!;
    const at = (layer: number, pos: number) => resid.values[layer * tokens.length + pos];
    // In layer 0 the two runs differ only in the speaker's embedding, so patching it restores the clean run.
    expect(at(0, 1)).toBeCloseTo(1, 4);
    // Positions 0, 2, 3 and 4 hold the same tokens in both prompts and nothing has yet been read from the
    // speaker (resid_pre of layer 0 comes before any attention), so patching them changes nothing.
    for (const p of [0, 2, 3, 4]) expect(Math.abs(at(0, p))).toBeLessThan(0.02);
    // Position 0 precedes the speaker, so causal attention keeps it identical at every layer.
    expect(Math.abs(at(1, 0))).toBeLessThan(1e-4);
    // By layer 1, "says", "mia" and "lives" have attended to the speaker, yet the model reads honesty from the
    // final position only, so what they carry is not used: measured |recovery| ≤ 0.002, asserted < 0.05.
    for (const p of [2, 3, 4]) expect(Math.abs(at(1, p))).toBeLessThan(0.05);
    // The rest sits at the speaker (measured 0.57) or has been moved to the final position already (0.35).
    expect(at(1, 1)).toBeGreaterThan(0.2);
    expect(at(1, 1) + at(1, 5)).toBeGreaterThan(0.6);
  });

  it('finds that a few components suffice, and leaks nothing across a second run', async () => {
    const resid = result.heatmaps.find((h) => h.site === 'resid_pre')!;
    expect(resid.density!.needed[2].components).toBe(1);
    const before = tf.memory().numTensors;
    const tok = model.tokenizer!;
    await runPatching(model, { clean: tok.encode('ann says mia lives in').ids, corrupt: tok.encode('bob says mia lives in').ids }, { kind: 'prob', target: 5 }, { sites: ['heads'], density: false });
    expect(tf.memory().numTensors).toBe(before);
  });
});
