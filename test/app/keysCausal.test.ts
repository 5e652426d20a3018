// Causal result keys: one key whatever the order of the settings, and a new key for every input a result
// depends on (model, backend, prompts, direction, settings), but not for inputs it does not read.
import { describe, expect, it } from 'vitest';
import { attentionKey, layerEffectsKey, lensKey, patchKey, steerKey, type DirectionIdentity, type SteerKeyParams } from '../../src/app/keysCausal';

const id = { model: 'truthworld', backend: 'wasm', dataset: 'abc:text:960' };
const fit: DirectionIdentity = { kind: 'fit', method: 'meandiff', column: 'label', positive: 'honest', site: 'hook_resid_pre', read: 1, layers: [0] };
const steer: SteerKeyParams = { rows: [1, 3], targetColumn: 'answer', layers: [0], site: 'hook_resid_pre', positions: 'all', alpha: 0.5, mode: 'oneshot', sweep: [0, 1], maxNew: 4, seed: 0 };

describe('causal result keys', () => {
  it('give steering one key whatever the order of its settings', () => {
    const reordered = Object.fromEntries(Object.entries(steer).reverse()) as unknown as SteerKeyParams;
    expect(steerKey(id, fit, steer)).toBe(steerKey({ dataset: id.dataset, backend: 'wasm', model: 'truthworld' }, fit, reordered));
  });

  it('change the steering key with the model, backend, prompts, direction and every setting', () => {
    const base = steerKey(id, fit, steer);
    const ids = [{ ...id, model: 'x' }, { ...id, backend: 'webgl' }, { ...id, dataset: 'abc:text:100' }];
    for (const other of ids) expect(steerKey(other, fit, steer)).not.toBe(base);
    const directions: DirectionIdentity[] = [{ ...fit, method: 'probe' }, { ...fit, positive: 'liar' }, { ...fit, read: 'last' }, { ...fit, layers: [1] }, { kind: 'vector', hash: 'a'.repeat(64) }];
    for (const d of directions) expect(steerKey(id, d, steer)).not.toBe(base);
    const settings: Partial<SteerKeyParams>[] = [{ rows: [1] }, { targetColumn: null }, { alpha: 1 }, { mode: 'continual' }, { sweep: [1, 0] }, { maxNew: 5 }, { seed: 1 }, { positions: 'last' }, { positions: 1 }, { site: 'hook_resid_post' }];
    for (const change of settings) expect(steerKey(id, fit, { ...steer, ...change })).not.toBe(base);
  });

  it('key patching, the lens and attention by their texts, not by the dataset', () => {
    const metric = { kind: 'logitdiff' as const, targets: ['lima', 'rome'] };
    const base = patchKey('m', 'wasm', 'a b c', 'd b c', metric, ['resid_pre']);
    expect(patchKey('m', 'wasm', 'a b c', 'd b c', { ...metric, targets: ['lima', 'oslo'] }, ['resid_pre'])).not.toBe(base);
    expect(patchKey('m', 'wasm', 'a b c', 'd b c', metric, ['resid_pre', 'heads'])).not.toBe(base);
    expect(patchKey('m', 'webgl', 'a b c', 'd b c', metric, ['resid_pre'])).not.toBe(base);
    expect(lensKey('m', 'wasm', 'a', 5, null)).not.toBe(lensKey('m', 'wasm', 'a', 5, 'lima'));
    expect(lensKey('m', 'wasm', 'a', 5, null)).not.toBe(lensKey('m', 'wasm', 'a', 6, null));
    expect(attentionKey('m', 'wasm', 'a')).not.toBe(attentionKey('m', 'wasm', 'b'));
    expect(attentionKey('m', 'wasm', 'a')).not.toBe(lensKey('m', 'wasm', 'a', 5, null));
  });

  it('key the per-layer summary by its sweep and method', () => {
    const p = { labelColumn: 'label', positive: 'honest', targetColumn: 'answer', site: 'hook_resid_pre', position: 1, method: 'meandiff' as const, alphas: [0, 1], maxNew: 4, folds: 5, seed: 0 };
    expect(layerEffectsKey(id, p)).not.toBe(layerEffectsKey(id, { ...p, alphas: [0, 2] }));
    expect(layerEffectsKey(id, p)).not.toBe(layerEffectsKey(id, { ...p, method: 'pcadiff' }));
  });
});
