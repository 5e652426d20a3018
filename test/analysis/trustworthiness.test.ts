// trustworthiness equals scikit-learn's (fixtures by scripts/reference/umap_reference.py) and behaves
// as a rank measure should: 1 for a perfect embedding, unchanged by rigid motions of the embedding.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { trustworthiness } from '../../src/analysis/trustworthiness';
import { readNpyFloat32 } from '../../src/data/npy';
import { createRng } from '../../src/data/random';
import type { Matrix } from '../../src/data/types';

const FIXTURES = new URL('../fixtures/analysis/umap/', import.meta.url);
const reference = JSON.parse(readFileSync(new URL('reference.json', FIXTURES), 'utf8'));

function load(name: string): Matrix {
  const { shape, data } = readNpyFloat32(new Uint8Array(readFileSync(new URL(name, FIXTURES))));
  return { data, rows: shape[0], cols: shape[1] };
}

function gaussian(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed);
  return { data: Float32Array.from({ length: rows * cols }, () => rng.normal()), rows, cols };
}

describe('trustworthiness', () => {
  for (const [name, entry] of Object.entries<{ file: string; metric: 'euclidean' | 'cosine'; fixedEmbedding: { file: string; trustworthiness: Record<string, number> } }>(reference.datasets)) {
    it(`equals sklearn.manifold.trustworthiness on ${name}'s fixed embedding (${entry.metric}, k = 5 and 15)`, () => {
      const x = load(entry.file);
      const y = load(entry.fixedEmbedding.file);
      for (const [k, expected] of Object.entries(entry.fixedEmbedding.trustworthiness)) {
        expect(Math.abs(trustworthiness(x, y, Number(k), { metric: entry.metric }) - expected)).toBeLessThan(1e-6);
      }
    });
  }

  it('is 1 for an embedding that keeps every distance, and for one that only keeps their order', () => {
    const x = gaussian(80, 3, 1);
    expect(trustworthiness(x, x, 10)).toBe(1);
    const scaled = { ...x, data: x.data.map((v) => v * 4) };
    expect(trustworthiness(x, scaled, 10)).toBe(1);
  });

  it('does not change when the embedding is rotated and shifted', () => {
    const x = gaussian(120, 10, 2);
    const y = gaussian(120, 2, 3);
    const c = Math.cos(0.7);
    const s = Math.sin(0.7);
    const moved = new Float32Array(y.data.length);
    for (let i = 0; i < y.rows; i++) {
      moved[2 * i] = c * y.data[2 * i] - s * y.data[2 * i + 1] + 5;
      moved[2 * i + 1] = s * y.data[2 * i] + c * y.data[2 * i + 1] - 3;
    }
    expect(trustworthiness(x, { ...y, data: moved }, 7)).toBeCloseTo(trustworthiness(x, y, 7), 12);
  });

  it('is near 0.5 for an embedding unrelated to the data', () => {
    const t = trustworthiness(gaussian(400, 20, 4), gaussian(400, 2, 5), 10);
    expect(t).toBeGreaterThan(0.4);
    expect(t).toBeLessThan(0.6);
  });

  it('rejects k ≥ rows / 2, mismatched rows and non-finite values, saying what to change', () => {
    const x = gaussian(20, 3, 6);
    expect(() => trustworthiness(x, gaussian(20, 2, 7), 10)).toThrow(/below rows \/ 2 \(10\).*use fewer neighbours/);
    expect(() => trustworthiness(x, gaussian(19, 2, 7), 3)).toThrow(/X has 20 rows but the embedding Y has 19/);
    const bad = gaussian(20, 2, 8);
    bad.data[5] = NaN;
    expect(() => trustworthiness(x, bad, 3)).toThrow(/NaN at row 2, column 1/);
  });
});
