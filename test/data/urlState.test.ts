// Tests for the link codec: random states round-trip, defaults are left out, sizes are capped, and a
// damaged field falls back to its default with a warning while the other fields are kept.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inflateSync } from 'fflate';
import {
  MAX_FRAGMENT_CHARS, MAX_INLINE_DATASET_BYTES, MAX_SELECTION, datasetRefFor, decodeViewState, defaultViewState,
  encodeViewState, type ViewState,
} from '../../src/data/urlState';
import { sha256Text } from '../../src/data/hash';
import { fragmentOfJson, viewState } from './urlStateArbitraries';

/** The JSON inside a fragment, read with fflate directly. */
function payload(fragment: string): unknown {
  const bytes = Buffer.from(fragment.slice(fragment.indexOf('.') + 1), 'base64url');
  return JSON.parse(new TextDecoder().decode(inflateSync(bytes)));
}

const withChanges = (changes: Partial<ViewState>): ViewState => ({ ...defaultViewState(), ...changes });

describe('encodeViewState and decodeViewState', () => {
  it('round-trip 1,000 random states exactly, without warnings', () => {
    fc.assert(
      fc.property(viewState, (state) => {
        expect(decodeViewState(encodeViewState(state))).toEqual({ state, warnings: [] });
      }),
      { numRuns: 1000 },
    );
  });

  it('write nothing for the default view, and read nothing as the default view', () => {
    expect(encodeViewState(defaultViewState())).toBe('');
    expect(decodeViewState('')).toEqual({ state: defaultViewState(), warnings: [] });
    expect(decodeViewState('#')).toEqual({ state: defaultViewState(), warnings: [] });
  });

  it('write only the fields that differ from their defaults', () => {
    const state = withChanges({ layer: 3, umap: { ...defaultViewState().umap, seed: 9 }, selection: [0, 1, 2, 5, 7, 8] });
    const fragment = encodeViewState(state);
    expect(fragment).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(payload(fragment)).toEqual({ layer: 3, umap: { nNeighbors: 15, minDist: 0.1, nEpochs: 200, seed: 9 }, selection: '0-2,5,7-8' });
  });

  it('accept a leading #', () => {
    const state = withChanges({ method: 'umap' });
    expect(decodeViewState(`#${encodeViewState(state)}`).state).toEqual(state);
  });

  it('return a fresh state that shares nothing with the defaults', () => {
    const { state } = decodeViewState('');
    state.selection.push(4);
    state.umap.seed = 5;
    expect(defaultViewState().selection).toEqual([]);
    expect(defaultViewState().umap.seed).toBe(0);
  });

  it('keep the valid fields of a link and replace each broken one by its default, saying why', () => {
    const { state, warnings } = decodeViewState(fragmentOfJson('{"layer": 4, "method": "tsne", "position": -2, "maxPrompts": 0}'));
    expect(state).toEqual(withChanges({ layer: 4, position: -2 }));
    expect(warnings).toEqual([
      'The link has an unusable method (expected one of pca, umap, found "tsne"); using PCA instead',
      'The link has an unusable maxPrompts (expected a whole number from 1 to 200000, found 0); using 2000 prompts at once instead',
    ]);
  });

  it('list settings it does not know and ignore them', () => {
    const { state, warnings } = decodeViewState(fragmentOfJson('{"layer": 1, "zoom": 3, "__proto__": {"x": 1}}'));
    expect(state).toEqual(withChanges({ layer: 1 }));
    expect(warnings).toEqual(['The link has settings this version does not know ("zoom", "__proto__"); they were ignored']);
  });

  it('refuse a whole parameter object when one of its settings is wrong', () => {
    const { state, warnings } = decodeViewState(fragmentOfJson('{"probe": {"folds": 3, "C": -1}}'));
    expect(state.probe).toEqual(defaultViewState().probe);
    expect(warnings).toEqual(['The link has an unusable probe (C: expected a number from 0.000001 to 1000000, found -1); using the default probe settings instead']);
  });
});

describe('datasets in links', () => {
  it('carry a small dataset whole and a larger one by its SHA-256', () => {
    const small = 'x'.repeat(MAX_INLINE_DATASET_BYTES);
    const large = `${small}y`;
    expect(datasetRefFor('s.txt', small, 1)).toEqual({ kind: 'inline', name: 's.txt', text: small });
    expect(datasetRefFor('l.txt', large, 1, 'text')).toEqual({ kind: 'hash', hash: sha256Text(large), name: 'l.txt', rows: 1, textColumn: 'text' });
  });

  it('take a hash and UTF-8 size already known (the page takes them in its parse worker) instead of computing them', () => {
    const known = { contentHash: 'f'.repeat(64), utf8Bytes: MAX_INLINE_DATASET_BYTES + 1 };
    expect(datasetRefFor('k.txt', 'short', 3, undefined, known)).toEqual({ kind: 'hash', hash: known.contentHash, name: 'k.txt', rows: 3 });
    expect(datasetRefFor('k.txt', 'short', 3, undefined, { ...known, utf8Bytes: 5 })).toEqual({ kind: 'inline', name: 'k.txt', text: 'short' });
  });

  it('count the inline limit in UTF-8 bytes', () => {
    const text = 'é'.repeat(MAX_INLINE_DATASET_BYTES / 2 + 1);
    expect(datasetRefFor('e.txt', text, 1).kind).toBe('hash');
  });

  it('write an inline dataset too large for a link as a hash reference', () => {
    const text = 'y'.repeat(MAX_INLINE_DATASET_BYTES + 1);
    const { state } = decodeViewState(encodeViewState(withChanges({ dataset: { kind: 'inline', name: 'big.txt', text } })));
    expect(state.dataset).toEqual({ kind: 'hash', hash: sha256Text(text), name: 'big.txt', rows: 0 });
  });

  it('refuse an inline dataset over the limit in a hand-made link', () => {
    const text = 'z'.repeat(MAX_INLINE_DATASET_BYTES + 1);
    const { state, warnings } = decodeViewState(fragmentOfJson(JSON.stringify({ dataset: { kind: 'inline', name: 'a', text } })));
    expect(state.dataset).toBeNull();
    expect(warnings).toEqual([`The link has an unusable dataset (an inline dataset may hold at most ${MAX_INLINE_DATASET_BYTES} bytes); using the model's first prompt set instead`]);
  });
});

describe('size caps', () => {
  it('keep the largest state within the fragment limit', () => {
    const selection = Array.from({ length: MAX_SELECTION }, (_, i) => 180_000 + 2 * i);
    const text = Array.from({ length: MAX_INLINE_DATASET_BYTES }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 90))).join('');
    const state = withChanges({ selection, dataset: { kind: 'inline', name: 'n'.repeat(256), text }, colourBy: 'c'.repeat(256) });
    const fragment = encodeViewState(state);
    expect(fragment.length).toBeLessThanOrEqual(MAX_FRAGMENT_CHARS);
    expect(decodeViewState(fragment)).toEqual({ state, warnings: [] });
  });

  it('cap a selection at MAX_SELECTION indices, sorted and without repeats', () => {
    const selection = [5, 3, 3, ...Array.from({ length: MAX_SELECTION + 10 }, (_, i) => 10 + i)];
    const { state } = decodeViewState(encodeViewState(withChanges({ selection })));
    expect(state.selection).toHaveLength(MAX_SELECTION);
    expect(state.selection.slice(0, 3)).toEqual([3, 5, 10]);
  });

  it('expand a hand-made run of every index only up to the cap', () => {
    const { state, warnings } = decodeViewState(fragmentOfJson('{"selection": "0-199999"}'));
    expect(state.selection).toHaveLength(MAX_SELECTION);
    expect(warnings).toEqual([]);
  });
});
