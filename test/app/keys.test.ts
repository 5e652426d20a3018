// Canonical keys: the same inputs always give the same key whatever their key order, and every input a
// result depends on (and only those) changes its key.
import { describe, expect, it } from 'vitest';
import { canonical, datasetKey, datasetRefKey, directionsKey, probeKey, projectionKey, type ActivationIdentity } from '../../src/app/keys';

const id: ActivationIdentity = { model: 'truthworld', backend: 'wasm', dataset: 'abc:text:960', site: 'hook_resid_post', position: 'last' };
const pca = { standardize: false };
const umap = { nNeighbors: 15, minDist: 0.1, nEpochs: 200, seed: 0 };

describe('canonical', () => {
  it('writes objects with sorted keys at every level and leaves undefined fields out', () => {
    expect(canonical({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: undefined } })).toBe('{"a":{"d":[2,{"x":0,"y":1}]},"b":1}');
    expect(canonical({ a: 1, b: 2 })).toBe(canonical({ b: 2, a: 1 }));
  });

  it('keeps array order, which is meaningful', () => {
    expect(canonical([1, 2])).not.toBe(canonical([2, 1]));
  });
});

describe('result keys', () => {
  it('give a PCA projection one key whatever the UMAP settings, and a UMAP one a key per seed', () => {
    expect(projectionKey(id, 1, 'pca', pca, umap)).toBe(projectionKey(id, 1, 'pca', pca, { ...umap, seed: 9 }));
    expect(projectionKey(id, 1, 'umap', pca, umap)).not.toBe(projectionKey(id, 1, 'umap', pca, { ...umap, seed: 9 }));
    expect(projectionKey(id, 1, 'pca', pca, umap)).not.toBe(projectionKey(id, 1, 'pca', { standardize: true }, umap));
  });

  it('differ by model, backend, dataset, site, position and layer', () => {
    const base = projectionKey(id, 1, 'pca', pca, umap);
    const variants = [{ model: 'x' }, { backend: 'webgl' }, { dataset: 'abc:text:100' }, { site: 'hook_resid_pre' }, { position: 'mean' as const }, { position: -2 }];
    for (const v of variants) expect(projectionKey({ ...id, ...v }, 1, 'pca', pca, umap)).not.toBe(base);
    expect(projectionKey(id, 0, 'pca', pca, umap)).not.toBe(base);
  });

  it('tie a dataset to its content, its prompt column and the rows the cap lets through', () => {
    const d = { contentHash: 'abc', textColumn: 'text' };
    expect(datasetKey(d, 960)).toBe('abc:text:960');
    expect(datasetKey(d, 100)).not.toBe(datasetKey(d, 960));
    expect(datasetKey({ ...d, textColumn: 'other' }, 960)).not.toBe(datasetKey(d, 960));
  });

  it('key probes by label column and probe settings, directions by the column that orients pairs', () => {
    const probe = { folds: 5, seed: 0, C: 1 };
    expect(probeKey(id, 'label', probe)).not.toBe(probeKey(id, 'speaker', probe));
    expect(probeKey(id, 'label', probe)).not.toBe(probeKey(id, 'label', { ...probe, C: 2 }));
    expect(directionsKey(id, 'label', 5, 0)).not.toBe(directionsKey(id, null, 5, 0));
  });

  it('name which dataset a view asks for: the model default, a built-in set, or one carried by the link', () => {
    expect(datasetRefKey(null, 'a')).not.toBe(datasetRefKey(null, 'b'));
    expect(datasetRefKey({ kind: 'builtin', id: 'x' }, 'a')).toBe(datasetRefKey({ kind: 'builtin', id: 'x' }, 'b'));
    expect(datasetRefKey({ kind: 'inline', name: 'n', text: 't' }, 'a')).not.toBe(datasetRefKey({ kind: 'inline', name: 'n', text: 't', textColumn: 'c' }, 'a'));
  });
});
