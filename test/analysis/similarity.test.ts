// linearCka and ckaMatrix against numpy (scripts/reference/pca_reference.py), CKA's invariances
// (orthogonal maps, isotropic scaling, shifts), symmetry, and cosine similarity.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { orthonormalizeRows } from '../../src/analysis/linalg';
import { ckaMatrix, cosine, cosineMatrix, linearCka } from '../../src/analysis/similarity';
import { readNpyFloat32 } from '../../src/data/npy';
import { createRng, type Rng } from '../../src/data/random';
import type { Matrix } from '../../src/data/types';
import { initBackend } from '../../src/model/backend';

const FIXTURES = fileURLToPath(new URL('../fixtures/analysis/pca/', import.meta.url));

beforeAll(async () => {
  await initBackend('wasm');
});

async function loadMatrix(file: string): Promise<Matrix> {
  const { shape, data } = readNpyFloat32(new Uint8Array(await readFile(path.join(FIXTURES, file))));
  return { data, rows: shape[0], cols: shape[1] };
}

function randomMatrix(rng: Rng, rows: number, cols: number): Matrix {
  return { data: Float32Array.from({ length: rows * cols }, () => rng.normal() * 2 + 1), rows, cols };
}

/** x·Q for a random orthogonal Q (d×d), times `scale`. */
function rotate(rng: Rng, x: Matrix, scale = 1): Matrix {
  const d = x.cols;
  const q = Float64Array.from({ length: d * d }, () => rng.normal());
  orthonormalizeRows(q, d, d, () => Float64Array.from({ length: d }, () => rng.normal()));
  const out = new Float32Array(x.rows * d);
  for (let r = 0; r < x.rows; r++) {
    for (let j = 0; j < d; j++) {
      let sum = 0;
      for (let t = 0; t < d; t++) sum += x.data[r * d + t] * q[t * d + j];
      out[r * d + j] = scale * sum;
    }
  }
  return { data: out, rows: x.rows, cols: d };
}

describe('linearCka', () => {
  it('matches numpy within 1e-4 for every pair of the fixture layers', async () => {
    const index = JSON.parse(await readFile(path.join(FIXTURES, 'index.json'), 'utf8'));
    const layers = await Promise.all((index.cka.layers as string[]).map(loadMatrix));
    const expected: number[][] = index.cka.matrix;
    const matrix = ckaMatrix(layers);
    const count = layers.length;
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < count; j++) {
        expect(Math.abs(matrix[i * count + j] - expected[i][j]), `${i}, ${j}`).toBeLessThan(1e-4);
        if (i < j) expect(Math.abs(linearCka(layers[i], layers[j]) - expected[i][j])).toBeLessThan(1e-4);
      }
    }
  });

  it('is 1 against itself, symmetric, and unchanged by orthogonal maps, isotropic scaling and shifts', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 4, max: 30 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), (seed, n, da, db) => {
        const rng = createRng(seed);
        const a = randomMatrix(rng, n, da);
        const b = randomMatrix(rng, n, db);
        const value = linearCka(a, b);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
        expect(Math.abs(linearCka(a, a) - 1)).toBeLessThan(1e-5);
        expect(Math.abs(linearCka(b, a) - value)).toBeLessThan(1e-6);
        expect(Math.abs(linearCka(a, rotate(rng, b, 3.5)) - value)).toBeLessThan(1e-5);
        const shifted = { ...b, data: b.data.map((v, i) => v + 10 * (i % db) - 4) };
        expect(Math.abs(linearCka(a, shifted) - value)).toBeLessThan(1e-5);
      }),
      { numRuns: 40 },
    );
  });

  it('equals the feature-space formula computed naively in float64, whether n is above or below d', () => {
    const naive = (a: Matrix, b: Matrix): number => {
      const centre = (x: Matrix) => {
        const means = Array.from({ length: x.cols }, (_, j) => Array.from({ length: x.rows }, (_, i) => x.data[i * x.cols + j]).reduce((s, v) => s + v, 0) / x.rows);
        return (i: number, j: number) => x.data[i * x.cols + j] - means[j];
      };
      const [ca, cb] = [centre(a), centre(b)];
      const cross = (f: typeof ca, g: typeof ca, df: number, dg: number) => {
        let sum = 0;
        for (let p = 0; p < df; p++) {
          for (let q = 0; q < dg; q++) {
            let dot = 0;
            for (let i = 0; i < a.rows; i++) dot += f(i, p) * g(i, q);
            sum += dot * dot;
          }
        }
        return sum;
      };
      return cross(ca, cb, a.cols, b.cols) / Math.sqrt(cross(ca, ca, a.cols, a.cols) * cross(cb, cb, b.cols, b.cols));
    };
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 3, max: 12 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 16 }), (seed, n, da, db) => {
        const rng = createRng(seed);
        const [a, b] = [randomMatrix(rng, n, da), randomMatrix(rng, n, db)];
        expect(Math.abs(linearCka(a, b) - naive(a, b))).toBeLessThan(1e-5);
      }),
      { numRuns: 50 },
    );
  });

  it('is NaN when a representation has no variance, and says what to fix on bad input', () => {
    const rng = createRng(2);
    const a = randomMatrix(rng, 5, 3);
    expect(linearCka(a, { data: new Float32Array(10).fill(4), rows: 5, cols: 2 })).toBeNaN();
    expect(ckaMatrix([a, { data: new Float32Array(10).fill(4), rows: 5, cols: 2 }])[3]).toBeNaN();
    expect(() => linearCka(a, randomMatrix(rng, 4, 3))).toThrow('linear CKA compares the same samples, but A has 5 rows and B has 4; pass matching rows');
    expect(() => ckaMatrix([a, randomMatrix(rng, 4, 3)])).toThrow('layer 0 has 5 rows, layer 1 has 4');
    const bad = randomMatrix(rng, 5, 3);
    bad.data[7] = NaN;
    expect(() => linearCka(a, bad)).toThrow('CKA input B has NaN at row 2, column 1');
    expect(() => linearCka(randomMatrix(rng, 1, 3), randomMatrix(rng, 1, 3))).toThrow('CKA input A has 1 row(s) but linear CKA needs at least 2');
  });

  it('gives a symmetric matrix with a unit diagonal, and releases its tensors', () => {
    const rng = createRng(8);
    const layers = [randomMatrix(rng, 40, 5), randomMatrix(rng, 40, 7), randomMatrix(rng, 40, 3)];
    const before = tf.memory().numTensors;
    const m = ckaMatrix(layers);
    linearCka(layers[0], layers[1]);
    ckaMatrix([randomMatrix(rng, 4, 6), randomMatrix(rng, 4, 9)]); // n ≤ d: the Gram form
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < 3; i++) {
      expect(m[i * 3 + i]).toBe(1);
      for (let j = 0; j < 3; j++) expect(m[i * 3 + j]).toBe(m[j * 3 + i]);
    }
    expect(ckaMatrix([])).toEqual(new Float64Array(0));
  });
});

describe('cosine', () => {
  it('is 1 for parallel, −1 for opposite, 0 for orthogonal vectors and for a zero vector', () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosine([1, 2, 3], [-1, -2, -3])).toBeCloseTo(-1, 12);
    expect(cosine(Float32Array.from([1, 0]), Float32Array.from([0, 5]))).toBe(0);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(() => cosine([1, 2], [1, 2, 3])).toThrow('cosine needs vectors of one length, got 2 and 3');
    expect(() => cosine([1, NaN], [1, 2])).toThrow('cosine input A has NaN at index 1');
  });

  it('builds a symmetric matrix of pairwise cosines with a unit diagonal', () => {
    const rng = createRng(4);
    const vectors = Array.from({ length: 5 }, () => Float32Array.from({ length: 9 }, () => rng.normal()));
    const m = cosineMatrix(vectors);
    for (let i = 0; i < 5; i++) {
      expect(m[i * 5 + i]).toBeCloseTo(1, 12);
      for (let j = 0; j < 5; j++) {
        expect(m[i * 5 + j]).toBe(m[j * 5 + i]);
        expect(m[i * 5 + j]).toBeCloseTo(cosine(vectors[i], vectors[j]), 6);
      }
    }
    expect(() => cosineMatrix([new Float32Array(3), new Float32Array(4)])).toThrow('vector 0 has 3, vector 1 has 4');
  });
});
