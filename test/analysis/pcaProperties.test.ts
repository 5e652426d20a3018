// Properties of fitPca that hold for any input: invariance to rotating the features and to shifting
// them (up to sign), orthonormal components, descending variances, determinism, the sign convention,
// and the defined behaviour on degenerate input (errors that say what to fix, k beyond the rank).
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { orthonormalizeRows } from '../../src/analysis/linalg';
import { applyPca, fitPca, type PcaFit } from '../../src/analysis/pca';
import { createRng, type Rng } from '../../src/data/random';
import type { Matrix } from '../../src/data/types';

beforeAll(async () => {
  const { initBackend } = await import('../../src/model/backend');
  await initBackend('wasm');
});

/** `count` orthonormal random vectors of length `len`, as rows (float64). */
function orthonormal(rng: Rng, count: number, len: number): Float64Array {
  const rows = Float64Array.from({ length: count * len }, () => rng.normal());
  orthonormalizeRows(rows, count, len, () => Float64Array.from({ length: len }, () => rng.normal()));
  return rows;
}

/**
 * n×d data with exactly the singular values `sigmas` (one per column) after centring, in random
 * directions, plus a random mean: U·diag(σ)·V + mean, with U's columns centred and orthonormal.
 */
function withSpectrum(rng: Rng, n: number, d: number, sigmas: number[]): Matrix {
  const count = sigmas.length;
  const centredRows = Float64Array.from({ length: count * n }, () => rng.normal());
  for (let i = 0; i < count; i++) {
    const row = centredRows.subarray(i * n, (i + 1) * n);
    const mean = row.reduce((a, b) => a + b, 0) / n;
    row.forEach((v, t) => (row[t] = v - mean));
  }
  orthonormalizeRows(centredRows, count, n, () => Float64Array.from({ length: n }, () => rng.normal()));
  const v = orthonormal(rng, count, d);
  const data = new Float32Array(n * d);
  for (let j = 0; j < d; j++) {
    const mean = 3 * rng.normal();
    for (let r = 0; r < n; r++) {
      let sum = mean;
      for (let c = 0; c < count; c++) sum += centredRows[c * n + r] * sigmas[c] * v[c * d + j];
      data[r * d + j] = sum;
    }
  }
  return { data, rows: n, cols: d };
}

/** Singular values 8·base^(−j): neighbouring variances differ by base², so directions are well defined. */
const distinct = (d: number, base = 1.5) => Array.from({ length: d }, (_, j) => 8 * base ** -j);

function multiply(x: Matrix, q: Float64Array, cols: number): Matrix {
  const out = new Float32Array(x.rows * cols);
  for (let r = 0; r < x.rows; r++) {
    for (let j = 0; j < cols; j++) {
      let sum = 0;
      for (let t = 0; t < x.cols; t++) sum += x.data[r * x.cols + t] * q[t * cols + j];
      out[r * cols + j] = sum;
    }
  }
  return { data: out, rows: x.rows, cols };
}

function rowDot(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number, d: number): number {
  let sum = 0;
  for (let t = 0; t < d; t++) sum += a[i * d + t] * b[j * d + t];
  return sum;
}

function expectSameFit(actual: PcaFit, expected: PcaFit, ratioTolerance: number): void {
  expect(actual.components.rows).toBe(expected.components.rows);
  const d = expected.components.cols;
  for (let i = 0; i < expected.components.rows; i++) {
    expect(Math.abs(actual.explainedVarianceRatio[i] - expected.explainedVarianceRatio[i])).toBeLessThan(ratioTolerance);
    expect(Math.abs(rowDot(actual.components.data, i, expected.components.data, i, d))).toBeGreaterThan(0.9999);
  }
}

const shape = fc.record({ seed: fc.integer(), n: fc.integer({ min: 6, max: 40 }), d: fc.integer({ min: 2, max: 8 }) });

describe('fitPca properties', () => {
  it('rotating the features by Q rotates the components by Q and keeps the ratios', () => {
    fc.assert(
      fc.property(shape, ({ seed, n, d }) => {
        const rng = createRng(seed);
        const x = withSpectrum(rng, n, d, distinct(Math.min(d, n - 1)));
        const q = orthonormal(rng, d, d); // rows orthonormal, so q is orthogonal
        const base = fitPca(x);
        const rotated = fitPca(multiply(x, q, d));
        const expected = { ...base, components: multiply(base.components, q, d) };
        expectSameFit(rotated, expected, 1e-5);
      }),
      { numRuns: 40 },
    );
  });

  it('shifting every row by one vector changes nothing but rounding', () => {
    fc.assert(
      fc.property(shape, fc.double({ min: -50, max: 50, noNaN: true }), ({ seed, n, d }, shift) => {
        const x = withSpectrum(createRng(seed), n, d, distinct(Math.min(d, n - 1)));
        const moved = { ...x, data: x.data.map((v, i) => v + shift * ((i % d) + 1)) };
        expectSameFit(fitPca(moved), fitPca(x), 1e-5);
      }),
      { numRuns: 40 },
    );
  });

  it('gives orthonormal components, descending variances and ratios that sum to at most 1', () => {
    fc.assert(
      fc.property(shape, fc.boolean(), ({ seed, n, d }, standardize) => {
        const rng = createRng(seed);
        const x = { data: Float32Array.from({ length: n * d }, () => rng.normal() * (1 + rng.int(5))), rows: n, cols: d };
        const fit = fitPca(x, { standardize });
        const { data, rows } = fit.components;
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < rows; j++) expect(Math.abs(rowDot(data, i, data, j, d) - (i === j ? 1 : 0))).toBeLessThan(1e-5);
          if (i > 0) expect(fit.explainedVariance[i]).toBeLessThanOrEqual(fit.explainedVariance[i - 1]);
          expect(fit.explainedVarianceRatio[i]).toBeGreaterThan(0);
        }
        expect(fit.explainedVarianceRatio.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1 + 1e-6);
      }),
      { numRuns: 50 },
    );
  });

  it('makes the largest-magnitude loading of each component positive', () => {
    fc.assert(
      fc.property(shape, ({ seed, n, d }) => {
        const rng = createRng(seed);
        const fit = fitPca({ data: Float32Array.from({ length: n * d }, () => rng.normal()), rows: n, cols: d });
        for (let i = 0; i < fit.components.rows; i++) {
          const row = Array.from(fit.components.data.subarray(i * d, (i + 1) * d));
          const largest = row.reduce((best, v) => (Math.abs(v) > Math.abs(best) ? v : best), 0);
          expect(largest).toBeGreaterThan(0);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('returns identical output for identical input, on the iterative path too', () => {
    const x = withSpectrum(createRng(5), 120, 90, distinct(40, 1.2));
    const [a, b] = [fitPca(x, { k: 6 }), fitPca(x, { k: 6 })];
    expect(a.components.data).toEqual(b.components.data);
    expect(a.explainedVariance).toEqual(b.explainedVariance);
    expect(applyPca(a, x).data).toEqual(applyPca(b, x).data);
  });

  it('agrees between the iterative and the direct eigensolver, across seeds and through the Gram path', () => {
    const x = withSpectrum(createRng(9), 150, 100, distinct(30, 1.2));
    const iterative = fitPca(x, { k: 5 }); // a block of 15 < d = 100: subspace iteration
    const direct = fitPca(x, { k: 50 }); // a block of 100 = d: one dense eigendecomposition
    expect(direct.components.rows).toBe(30); // the rank
    const head = { ...direct, components: { ...direct.components, rows: 5, data: direct.components.data.slice(0, 500) } };
    expectSameFit(iterative, head, 1e-6);
    expectSameFit(fitPca(x, { k: 5, seed: 17 }), iterative, 1e-6);
    const transposed = withSpectrum(createRng(10), 60, 100, distinct(30, 1.2)); // n < d: through the 60×60 Gram matrix
    const gram = fitPca(transposed, { k: 5 });
    const viaRotation = fitPca(multiply(transposed, orthonormal(createRng(1), 100, 100), 100), { k: 5 });
    for (let i = 0; i < 5; i++) expect(Math.abs(gram.explainedVarianceRatio[i] - viaRotation.explainedVarianceRatio[i])).toBeLessThan(1e-5);
  });
  it('gives the same answer when iterating on the data has to hand over to the scatter matrix', () => {
    // k = 2 of d = 700 first iterates on X itself; a slowly decaying tail makes that run out of its
    // budget, so the d×d matrix is formed and the iteration continues from where it stopped.
    const rng = createRng(5);
    const [n, d] = [900, 700];
    const stds = Array.from({ length: d }, (_, j) => (j === 0 ? 3 : j === 1 ? 2.2 : 2 * 0.999 ** j));
    const x = { data: Float32Array.from({ length: n * d }, (_, i) => rng.normal() * stds[i % d]), rows: n, cols: d };
    const before = tf.memory().numTensors;
    const small = fitPca(x, { k: 2 });
    expect(tf.memory().numTensors).toBe(before);
    const wide = fitPca(x, { k: 50 });
    const head = { ...wide, components: { ...wide.components, rows: 2, data: wide.components.data.slice(0, 2 * d) } };
    expectSameFit(small, head, 1e-6);
    expect(small.notes).toEqual([]);
  });
});

describe('fitPca on degenerate input', () => {
  const matrix = (rows: number, cols: number, values?: number[]): Matrix => ({
    data: Float32Array.from(values ?? Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 1.7))),
    rows,
    cols,
  });

  it('asks for more samples when given fewer than two rows', () => {
    expect(() => fitPca(matrix(1, 4))).toThrow('PCA input has 1 row(s) but PCA needs at least 2; pass more samples');
    expect(() => fitPca(matrix(0, 4))).toThrow('has 0 row(s)');
  });

  it('names the row and column of a NaN or an infinity', () => {
    const x = matrix(5, 3);
    x.data[2 * 3 + 1] = NaN;
    expect(() => fitPca(x)).toThrow('PCA input has NaN at row 2, column 1 (0-based); drop or impute non-finite values first');
    x.data[2 * 3 + 1] = 0;
    x.data[4 * 3 + 2] = -Infinity;
    expect(() => fitPca(x)).toThrow('PCA input has -Infinity at row 4, column 2');
    expect(() => applyPca(fitPca(matrix(5, 3)), x)).toThrow('PCA projection input has -Infinity at row 4, column 2');
  });

  it('says when every row is the same', () => {
    expect(() => fitPca(matrix(4, 3, Array(12).fill(2.5)))).toThrow('PCA input has no variance (every row is the same); pass samples that differ');
  });

  it('rejects a k that is not a whole number ≥ 1, and columns that do not match the fit', () => {
    expect(() => fitPca(matrix(5, 3), { k: 0 })).toThrow('PCA k must be a whole number ≥ 1, got 0');
    expect(() => fitPca(matrix(5, 3), { k: 1.5 })).toThrow('got 1.5');
    expect(() => applyPca(fitPca(matrix(5, 3)), matrix(2, 4))).toThrow('PCA was fitted on 3 columns but this input has 4');
  });

  it('returns only the rank many components when k exceeds it, with a note', () => {
    const fewRows = fitPca(matrix(3, 6), { k: 5 });
    expect(fewRows.components.rows).toBe(2);
    expect(fewRows.notes).toEqual(['asked for 5 components but the data has rank 2 (at most min(n − 1, d) = 2); returned 2']);
    const lowRank = withSpectrum(createRng(3), 30, 8, [5, 3, 2]);
    const fit = fitPca(lowRank, { k: 6 });
    expect(fit.components.rows).toBe(3);
    expect(fit.notes[0]).toBe('asked for 6 components but the data has rank 3; returned 3');
    expect(fitPca(lowRank).components.rows).toBe(3);
    expect(fitPca(lowRank).notes).toEqual([]);
  });

  it('accepts zero-variance columns and leaves them out of every component', () => {
    const rng = createRng(11);
    const x = matrix(20, 4, Array.from({ length: 80 }, (_, i) => (i % 4 === 2 ? 7 : rng.normal())));
    for (const standardize of [false, true]) {
      const fit = fitPca(x, { standardize });
      expect(fit.components.rows).toBe(3);
      for (let i = 0; i < 3; i++) expect(Math.abs(fit.components.data[i * 4 + 2])).toBeLessThan(1e-6);
    }
  });

  it('releases every tensor on the error paths too', () => {
    const before = tf.memory().numTensors;
    expect(() => applyPca(fitPca(matrix(5, 3)), matrix(2, 4))).toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });
});
