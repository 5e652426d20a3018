// The Causal tab's view settings in links: defaults are left out down to each setting, an uploaded
// direction is named by its file (never its numbers), decoded settings share nothing with the defaults,
// and a broken causal setting falls back to the default causal settings with a warning.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inflateSync } from 'fflate';
import {
  CAUSAL_DEFAULTS, MAX_CAUSAL_TEXT, MAX_FRAGMENT_CHARS, decodeViewState, defaultViewState, encodeViewState, type CausalView, type ViewState,
} from '../../src/data/urlState';
import { causalView, fragmentOfJson } from './urlStateArbitraries';

function payload(fragment: string): unknown {
  return JSON.parse(new TextDecoder().decode(inflateSync(Buffer.from(fragment.slice(fragment.indexOf('.') + 1), 'base64url'))));
}

const withCausal = (patch: (c: CausalView) => void, view: Partial<ViewState> = {}): ViewState => {
  const state = { ...defaultViewState(), ...view };
  patch(state.causal);
  return state;
};

describe('causal settings in links', () => {
  it('round-trip 500 random causal settings on the Causal tab', () => {
    fc.assert(
      fc.property(causalView, (causal) => {
        const state = { ...defaultViewState(), tab: 'causal' as const, causal };
        expect(decodeViewState(encodeViewState(state))).toEqual({ state, warnings: [] });
      }),
      { numRuns: 500 },
    );
  });

  it('write only the tab when the causal settings are the defaults, and only the changed settings otherwise', () => {
    expect(payload(encodeViewState({ ...defaultViewState(), tab: 'causal' }))).toEqual({ tab: 'causal' });
    const state = withCausal((c) => { c.steer.alpha = 2; c.panel = 'patch'; c.patch.sites = ['heads']; }, { tab: 'causal' });
    expect(payload(encodeViewState(state))).toEqual({ tab: 'causal', causal: { panel: 'patch', steer: { alpha: 2 }, patch: { sites: ['heads'] } } });
  });

  it('name an uploaded direction by its file, hash and shape, and carry none of its numbers', () => {
    const upload = { name: 'honesty.npy', hash: 'ab'.repeat(32), shape: [2, 64] };
    const state = withCausal((c) => { c.direction.method = 'uploaded'; c.direction.upload = upload; });
    expect(payload(encodeViewState(state))).toEqual({ causal: { direction: { method: 'uploaded', upload } } });
    expect(decodeViewState(encodeViewState(state)).state.causal.direction.upload).toEqual(upload);
  });

  it('return settings that share no arrays with the defaults', () => {
    const { state } = decodeViewState(fragmentOfJson('{"causal":{"panel":"lens"}}'));
    state.causal.direction.layers[1] = 5;
    state.causal.patch.sites.pop();
    state.causal.steer.sweep.push(9);
    expect(CAUSAL_DEFAULTS.direction.layers).toEqual([0, 0]);
    expect(defaultViewState().causal).toEqual(CAUSAL_DEFAULTS);
    expect(CAUSAL_DEFAULTS.patch.sites).toHaveLength(4);
  });

  it('keep the other fields and fall back to the default causal settings, saying why, when one setting is wrong', () => {
    const { state, warnings } = decodeViewState(fragmentOfJson('{"layer": 1, "tab": "causal", "causal": {"panel": "lens", "steer": {"alpha": 1e400}}}'));
    expect(state).toEqual({ ...defaultViewState(), layer: 1, tab: 'causal' });
    expect(warnings).toEqual(['The link has an unusable causal (steer: alpha: expected a number from -100 to 100, found Infinity); using the default causal settings instead']);
    const band = decodeViewState(fragmentOfJson('{"causal": {"direction": {"layers": [3, 1]}}}'));
    expect(band.warnings).toEqual(['The link has an unusable causal (direction: layers: expected [from, to] blocks with from ≤ to); using the default causal settings instead']);
    const tab = decodeViewState(fragmentOfJson('{"tab": "graphs"}'));
    expect(tab.warnings).toEqual(['The link has an unusable tab (expected one of explore, causal, engine, found "graphs"); using the Explorer tab instead']);
  });

  it('keep the largest causal settings within the fragment limit', () => {
    const long = (seed: number) => Array.from({ length: MAX_CAUSAL_TEXT }, (_, i) => String.fromCharCode(33 + ((i * 7919 + seed) % 90))).join('');
    const state = withCausal((c) => {
      c.patch.clean = long(1); c.patch.corrupt = long(2); c.lens.text = long(3); c.attention.text = long(4);
      c.steer.sweep = Array.from({ length: 16 }, (_, i) => i / 7 - 1);
    });
    const fragment = encodeViewState(state);
    expect(fragment.length).toBeLessThanOrEqual(MAX_FRAGMENT_CHARS);
    expect(decodeViewState(fragment)).toEqual({ state, warnings: [] });
  });
});
