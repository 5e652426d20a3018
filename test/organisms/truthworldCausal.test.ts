// The "decodable vs causal" record in truthworld's card: recomputed with the card's settings it is the same
// (floats within 1e-6, counts exact), it leaks no tensors, and the claims the README makes from it hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { layerEffects } from '../../src/analysis/layerEffects';
import { disposeModel, type Model } from '../../src/model/model';
import { CAUSAL_DATASET, TRUTHWORLD_CAUSAL_SETTINGS, speakerInput, truthworldCausalRecord, type CausalRecord, type SpeakerRow } from '../../scripts/organisms/truthworldCausal';
import { loadShipped, PUBLIC_ROOT } from './shipped';

let model: Model;
let card: { causal: CausalRecord };
let rows: SpeakerRow[];

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  ({ model, card } = await loadShipped<typeof card>('truthworld'));
  rows = (await readFile(`${PUBLIC_ROOT}${CAUSAL_DATASET}`, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
});
afterAll(() => disposeModel(model));

/** Deep equality with floats within `tol` and integers (counts, layers, caps) exact. */
function expectSame(actual: unknown, expected: unknown, path = 'causal'): void {
  if (typeof expected === 'number' && !Number.isInteger(expected)) {
    expect(typeof actual, path).toBe('number');
    expect(Math.abs((actual as number) - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-6);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual) && actual.length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectSame((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object).sort(), `${path} keys`).toEqual(Object.keys(expected).sort());
    for (const [k, e] of Object.entries(expected)) expectSame((actual as Record<string, unknown>)[k], e, `${path}.${k}`);
  } else {
    expect(actual, path).toBe(expected);
  }
}

const reading = (name: string) => card.causal.readings.find((r) => r.name === name)!;

describe('truthworld card: decodable vs causal', () => {
  it('recomputes to the recorded section with the recorded settings, leaving no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const fresh = await truthworldCausalRecord(model, rows, model.tokenizer!, 'wasm');
    expect(tf.memory().numTensors).toBe(before);
    expect(card.causal.settings).toMatchObject(TRUTHWORLD_CAUSAL_SETTINGS);
    expectSame(JSON.parse(JSON.stringify(fresh)), card.causal);
  }, 120_000);

  it('records the caps and generation length it ran under, and scores only held-out liars', () => {
    expect(card.causal.generationLength).toBe(3);
    for (const r of card.causal.readings) {
      expect(r.counts.fitPairs + r.counts.evalPairs).toBe(rows.length / 2);
      expect(r.counts.steered).toBe(Math.min(r.counts.evalPairs, card.causal.settings.maxSteerPrompts));
      expect(r.counts.patchPairs + r.counts.patchSkipped.lengths + r.counts.patchSkipped.sameAnswer).toBe(Math.min(card.causal.settings.maxPatchPairs, r.counts.evalPairs));
      expect(r.notes.join(' ')).toMatch(/disjoint eval half/);
    }
  });

  it('at the speaker token, steering at the best layer makes ≥ 90% of liars tell the truth in both modes; unsteered and a random direction ≤ 10%', () => {
    const r = reading('speaker');
    // Recorded: layer 0, α 0.5, 1.00 in both modes; unsteered 0.00; random 0.00.
    for (const mode of ['oneshot', 'continual'] as const) {
      expect(r.best[mode].success, mode).toBeGreaterThanOrEqual(0.9);
      expect(card.causal.settings.alphas).toContain(r.best[mode].alpha);
    }
    expect(r.unsteered).toBeLessThanOrEqual(0.1);
    expect(r.layers[r.best.oneshot.layer].steer.random).toBeLessThanOrEqual(0.1);
  });

  it('gives probe accuracy per layer in [0, 1] and patching recovery in [−0.5, 1.5] at every layer of every reading', () => {
    for (const r of card.causal.readings) {
      expect(r.layers.map((l) => l.layer)).toEqual([0, 1]);
      for (const l of r.layers) {
        expect(l.probe.mean).toBeGreaterThanOrEqual(0);
        expect(l.probe.mean).toBeLessThanOrEqual(1);
        expect(l.patching).not.toBeNull();
        expect(l.patching!).toBeGreaterThanOrEqual(-0.5);
        expect(l.patching!).toBeLessThanOrEqual(1.5);
      }
    }
  });

  it('separates decodable from causal: honesty is readable at both layers of the speaker token but matters only at layer 0', () => {
    const [l0, l1] = reading('speaker').layers;
    // Recorded: probe 1.00 / 1.00; steering 1.00 / 0.04; ablation 1.00 / 0.01; patching 1.00 / −0.00.
    expect(Math.min(l0.probe.mean, l1.probe.mean)).toBeGreaterThanOrEqual(0.95);
    expect(l0.ablation!).toBeGreaterThanOrEqual(0.9);
    expect(l0.patching!).toBeGreaterThanOrEqual(0.9);
    expect(Math.max(l1.steer.oneshot.success, l1.ablation!, l1.patching!)).toBeLessThanOrEqual(0.2);
  });

  it('at the last token, layer 1 reads honesty perfectly yet its mean-difference direction barely steers, while patching the whole residual does', () => {
    const [l0, l1] = reading('last').layers;
    // Recorded: probe 0.45 / 1.00; steering 0.04 / 0.08; ablation 0.00 / 0.03; patching 0.00 / 0.78.
    expect(l0.probe.mean).toBeLessThanOrEqual(0.6);
    expect(l1.probe.mean).toBeGreaterThanOrEqual(0.95);
    expect(Math.max(l1.steer.oneshot.success, l1.ablation!)).toBeLessThanOrEqual(0.2);
    expect(l1.patching!).toBeGreaterThanOrEqual(0.5);
  });
});

describe('layerEffects on truthworld', () => {
  it('stops with an AbortError when cancelled mid-run and frees every tensor', async () => {
    const input = speakerInput(rows.slice(0, 96), model.tokenizer!);
    const signal = { aborted: false };
    const before = tf.memory().numTensors;
    const run = layerEffects(model, input, { ...TRUTHWORLD_CAUSAL_SETTINGS, position: 1, signal, onProgress: (what) => { if (what.includes('steering')) signal.aborted = true; } });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
