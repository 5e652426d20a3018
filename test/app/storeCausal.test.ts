// The uploaded direction in the store, and causal settings a model cannot show: an upload switches the
// view to it (named by hash in the link); a refused file leaves the direction and the view as they were.
import { describe, expect, it } from 'vitest';
import { initialState, reduce } from '../../src/app/store';
import { checkView } from '../../src/app/viewCheck';
import { defaultViewState } from '../../src/data/urlState';
import type { ModelInfo } from '../../src/workers/protocol';

const vector = { name: 'v.npy', hash: 'b'.repeat(64), shape: [4], data: new Float32Array([0, 1, 0, 0]) };
const model: ModelInfo = { id: 'm', format: 'repscope', nLayers: 2, dModel: 4, nHeads: 2, dHead: 2, dMlp: 8, nCtx: 16, dVocab: 10, parameterCount: 1, sites: ['hook_resid_pre', 'hook_resid_post'], tokenizer: 'word', card: null };

describe('the uploaded direction', () => {
  it('is kept in the store and chosen in the view, which names its file but holds no numbers', () => {
    const s = reduce(initialState(), { type: 'directionUploaded', direction: vector });
    expect(s.upload).toEqual({ direction: vector, error: null });
    expect(s.view.causal.direction).toMatchObject({ method: 'uploaded', upload: { name: 'v.npy', hash: vector.hash, shape: [4] } });
    expect(s.viewSource).toBe('user');
  });

  it('stays, with the view, when a later file is refused', () => {
    const before = reduce(initialState(), { type: 'directionUploaded', direction: vector });
    const after = reduce(before, { type: 'directionRejected', message: 'x.npy: wrong shape' });
    expect(after.upload).toEqual({ direction: vector, error: 'x.npy: wrong shape' });
    expect(after.view).toBe(before.view);
  });
});

describe('checkView on causal settings', () => {
  it('brings layers, heads and sites past the model back within it, with warnings', () => {
    const view = defaultViewState();
    view.causal.direction.layers = [1, 5];
    view.causal.direction.site = 'hook_resid_mid';
    view.causal.attention = { ...view.causal.attention, layer: 3, head: 1 };
    const fix = checkView(view, model)!;
    expect(fix.patch.causal!.direction).toMatchObject({ layers: [1, 1], site: 'hook_resid_pre' });
    expect(fix.patch.causal!.attention).toMatchObject({ layer: 0, head: 0 });
    expect(fix.warnings).toEqual([
      'm has layers 0 to 1, so the causal layers 1–5 became 1–1',
      'm has no residual site "hook_resid_mid" to steer at; using hook_resid_pre instead',
      'm has no attention head 3.1; showing head 0.0 instead',
    ]);
    expect(checkView(defaultViewState(), model)).toBeNull();
  });
});
