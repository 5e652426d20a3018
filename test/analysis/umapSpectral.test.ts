// The spectral initialisation: the small dense eigensolver, and the Krylov–Schur eigenvectors of the
// normalised adjacency, checked against the eigen-equation and a dense solve of a small graph.
import { describe, expect, it } from 'vitest';
import { smallSymmetricEigen } from '../../src/analysis/umapEigen';
import type { FuzzyGraph } from '../../src/analysis/umapGraph';
import { connectedComponents, spectralLayout } from '../../src/analysis/umapSpectral';
import { createRng } from '../../src/data/random';

/** A symmetric graph from an edge list, in CSR form with sorted columns. */
function graphOf(n: number, edges: [number, number, number][]): FuzzyGraph {
  const rows: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  for (const [i, j, w] of edges) {
    rows[i].set(j, w);
    rows[j].set(i, w);
  }
  const rowStart = new Int32Array(n + 1);
  const cols: number[] = [];
  const weights: number[] = [];
  rows.forEach((row, i) => {
    for (const j of [...row.keys()].sort((a, b) => a - b)) {
      cols.push(j);
      weights.push(row.get(j)!);
    }
    rowStart[i + 1] = cols.length;
  });
  return { n, rowStart, cols: Int32Array.from(cols), weights: Float32Array.from(weights) };
}

/** A ring of n points, each joined to its 3 nearest on either side, plus seeded random chords. */
function noisyRing(n: number, chords: number, seed: number): FuzzyGraph {
  const rng = createRng(seed);
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++) for (let s = 1; s <= 3; s++) edges.push([i, (i + s) % n, 1 / s]);
  for (let c = 0; c < chords; c++) {
    const i = rng.int(n);
    const j = (i + 5 + rng.int(n - 10)) % n;
    edges.push([i, j, 0.05 + 0.1 * rng.next()]);
  }
  return graphOf(n, edges);
}

/** D^(−½) W D^(−½) as a dense matrix. */
function denseNormalized(g: FuzzyGraph): Float64Array {
  const degree = new Float64Array(g.n);
  for (let i = 0; i < g.n; i++) for (let p = g.rowStart[i]; p < g.rowStart[i + 1]; p++) degree[i] += g.weights[p];
  const m = new Float64Array(g.n * g.n);
  for (let i = 0; i < g.n; i++) {
    for (let p = g.rowStart[i]; p < g.rowStart[i + 1]; p++) m[i * g.n + g.cols[p]] = g.weights[p] / Math.sqrt(degree[i] * degree[g.cols[p]]);
  }
  return m;
}

describe('smallSymmetricEigen', () => {
  it('returns orthonormal eigenvectors with A·v = λ·v, eigenvalues largest first', () => {
    const rng = createRng(7);
    const m = 12;
    const a = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = i; j < m; j++) a[i * m + j] = a[j * m + i] = rng.normal();
    const { values, vectors } = smallSymmetricEigen(a, m);
    for (let c = 0; c < m; c++) {
      if (c > 0) expect(values[c]).toBeLessThanOrEqual(values[c - 1]);
      for (let i = 0; i < m; i++) {
        let av = 0;
        for (let j = 0; j < m; j++) av += a[i * m + j] * vectors[c * m + j];
        expect(av).toBeCloseTo(values[c] * vectors[c * m + i], 10);
      }
      for (let d = 0; d < m; d++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += vectors[c * m + i] * vectors[d * m + i];
        expect(dot).toBeCloseTo(c === d ? 1 : 0, 10);
      }
    }
  });
});

describe('spectralLayout', () => {
  it('finds the top non-trivial eigenvectors of the normalised adjacency, as a dense solve does', () => {
    const g = noisyRing(60, 8, 1);
    const layout = spectralLayout(g, 2, createRng(0));
    expect(layout.reason).toBeUndefined();
    const dense = denseNormalized(g);
    const all = smallSymmetricEigen(dense, g.n); // values[0] = 1 belongs to the trivial eigenvector
    for (let c = 0; c < 2; c++) {
      const v = Float64Array.from({ length: g.n }, (_, i) => layout.coords![i * 2 + c]);
      const mv = new Float64Array(g.n);
      for (let i = 0; i < g.n; i++) for (let j = 0; j < g.n; j++) mv[i] += dense[i * g.n + j] * v[j];
      const lambda = v.reduce((s, vi, i) => s + vi * mv[i], 0);
      expect(lambda).toBeCloseTo(all.values[c + 1], 8);
      expect(v.reduce((s, vi) => s + vi * vi, 0)).toBeCloseTo(1, 10);
      for (let i = 0; i < g.n; i++) expect(mv[i]).toBeCloseTo(lambda * v[i], 5);
    }
  });

  it('is reproducible for a seed', () => {
    const g = noisyRing(200, 30, 2);
    expect(spectralLayout(g, 3, createRng(5)).coords).toEqual(spectralLayout(g, 3, createRng(5)).coords);
  });

  it('declines a disconnected graph, saying how many components it has', () => {
    const g = graphOf(6, [[0, 1, 1], [1, 2, 1], [3, 4, 1], [4, 5, 1]]);
    expect(connectedComponents(g).count).toBe(2);
    expect(Array.from(connectedComponents(g).labels)).toEqual([0, 0, 0, 1, 1, 1]);
    const layout = spectralLayout(g, 2, createRng(0));
    expect(layout.coords).toBeNull();
    expect(layout.reason).toMatch(/2 disconnected components/);
  });

  it('declines a graph with too few points for the dimension', () => {
    const layout = spectralLayout(graphOf(3, [[0, 1, 1], [1, 2, 1]]), 2, createRng(0));
    expect(layout.coords).toBeNull();
    expect(layout.reason).toMatch(/too few/);
  });
});
