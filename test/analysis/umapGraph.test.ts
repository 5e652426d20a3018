// UMAP's building blocks against umap-learn 0.5.3 (fixtures by scripts/reference/umap_reference.py):
// the fuzzy simplicial set of 300 points, and the (a, b) curve parameters.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exactKnn } from '../../src/analysis/knn';
import { fitCurveParams } from '../../src/analysis/umapCurve';
import { fuzzySimplicialSet } from '../../src/analysis/umapGraph';
import { readNpy, readNpyFloat32 } from '../../src/data/npy';
import { initBackend } from '../../src/model/backend';

const FIXTURES = new URL('../fixtures/analysis/umap/', import.meta.url);
const reference = JSON.parse(readFileSync(new URL('reference.json', FIXTURES), 'utf8'));
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, FIXTURES)));

describe('fuzzySimplicialSet', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it("matches umap-learn's symmetrised graph, sigmas and rhos (with a duplicate pair)", async () => {
    const x = readNpyFloat32(read('graph300.npy'));
    const nNeighbors = reference.fuzzyGraph.nNeighbors;
    const knn = await exactKnn({ data: x.data, rows: x.shape[0], cols: x.shape[1] }, nNeighbors - 1);
    const graph = fuzzySimplicialSet(knn, nNeighbors);
    const edges = readNpy(read('graph300_edges.npy')).data as Float64Array;
    const smooth = readNpy(read('graph300_sigmas_rhos.npy')).data as Float64Array;
    expect(graph.cols.length).toBe(edges.length / 3);
    let row = 0;
    for (let e = 0; e < graph.cols.length; e++) {
      while (graph.rowStart[row + 1] <= e) row++;
      expect([row, graph.cols[e]]).toEqual([edges[3 * e], edges[3 * e + 1]]);
      expect(Math.abs(graph.weights[e] - edges[3 * e + 2])).toBeLessThan(2e-5);
    }
    for (let i = 0; i < x.shape[0]; i++) {
      expect(Math.abs(graph.sigmas[i] / smooth[2 * i] - 1)).toBeLessThan(1e-4);
      expect(graph.rhos[i]).toBeCloseTo(smooth[2 * i + 1], 5);
    }
    expect(graph.rhos[0]).toBeGreaterThan(0); // point 0's duplicate (distance 0) does not set rho
  });

  it('is symmetric with weights in (0, 1] and sorted columns', async () => {
    const x = readNpyFloat32(read('graph300.npy'));
    const graph = fuzzySimplicialSet(await exactKnn({ data: x.data, rows: 300, cols: x.shape[1] }, 9), 10);
    const weight = new Map<number, number>();
    for (let i = 0; i < graph.n; i++) {
      for (let p = graph.rowStart[i]; p < graph.rowStart[i + 1]; p++) {
        if (p > graph.rowStart[i]) expect(graph.cols[p]).toBeGreaterThan(graph.cols[p - 1]);
        expect(graph.weights[p]).toBeGreaterThan(0);
        expect(graph.weights[p]).toBeLessThanOrEqual(1);
        weight.set(i * graph.n + graph.cols[p], graph.weights[p]);
      }
    }
    for (const [key, w] of weight) expect(weight.get((key % graph.n) * graph.n + Math.floor(key / graph.n))).toBe(w);
  });
});

describe('fitCurveParams', () => {
  for (const { minDist, spread, a, b } of reference.abParams as { minDist: number; spread: number; a: number; b: number }[]) {
    it(`fits a and b like umap-learn for minDist ${minDist}, spread ${spread}`, () => {
      const fit = fitCurveParams(minDist, spread);
      expect(Math.abs(fit.a / a - 1)).toBeLessThan(1e-4);
      expect(Math.abs(fit.b / b - 1)).toBeLessThan(1e-4);
    });
  }

  it('rejects a minDist outside [0, spread] and a spread ≤ 0', () => {
    expect(() => fitCurveParams(1.5, 1)).toThrow(/minDist must be between 0 and spread/);
    expect(() => fitCurveParams(-0.1, 1)).toThrow(/minDist/);
    expect(() => fitCurveParams(0.1, 0)).toThrow(/spread must be a finite number > 0/);
  });
});
