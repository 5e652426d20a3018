// The small dense linear algebra under the analyses: the symmetric eigensolver on random, repeated,
// zero and diagonal spectra; Cholesky and its inverse; Gram–Schmidt; the matrix helpers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cholesky, invertLower, orthonormalizeRows } from '../../src/analysis/linalg';
import { symmetricEigen } from '../../src/analysis/linalgEigen';
import { assertFinite, assertShape, centreColumns, columnMeans, transposeMatrix } from '../../src/analysis/matrix';
import { createRng } from '../../src/data/random';

function randomSymmetric(seed: number, n: number, values?: number[]): Float64Array {
  const rng = createRng(seed);
  const q = Float64Array.from({ length: n * n }, () => rng.normal());
  orthonormalizeRows(q, n, n, () => Float64Array.from({ length: n }, () => rng.normal()));
  const lambda = values ?? Array.from({ length: n }, () => rng.normal() * 10);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let t = 0; t < n; t++) sum += q[t * n + i] * lambda[t] * q[t * n + j];
      a[i * n + j] = sum;
    }
  }
  return a;
}

/** max |A·v − λ·v| and max |VVᵀ − I| over all pairs. */
function eigenErrors(a: Float64Array, n: number): { residual: number; orthogonality: number; values: Float64Array } {
  const { values, vectors } = symmetricEigen(a, n);
  let residual = 0;
  let orthogonality = 0;
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += a[i * n + j] * vectors[k * n + j];
      residual = Math.max(residual, Math.abs(sum - values[k] * vectors[k * n + i]));
    }
    for (let l = 0; l < n; l++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += vectors[k * n + j] * vectors[l * n + j];
      orthogonality = Math.max(orthogonality, Math.abs(dot - (k === l ? 1 : 0)));
    }
  }
  return { residual, orthogonality, values };
}

describe('symmetricEigen', () => {
  it('returns orthonormal eigenvectors and descending eigenvalues of random symmetric matrices', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 40 }), (seed, n) => {
        const a = randomSymmetric(seed, n);
        const scale = Math.max(1, ...Array.from(a, Math.abs));
        const { residual, orthogonality, values } = eigenErrors(a, n);
        expect(residual / scale).toBeLessThan(1e-11);
        expect(orthogonality).toBeLessThan(1e-12);
        for (let i = 1; i < n; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
      }),
      { numRuns: 50 },
    );
  });

  it('handles repeated, zero and already-diagonal spectra', () => {
    const repeated = randomSymmetric(3, 12, [5, 5, 5, 2, 2, 0, 0, 0, -1, -1, 7, 7]);
    const r = eigenErrors(repeated, 12);
    expect(r.residual).toBeLessThan(1e-12);
    expect(r.orthogonality).toBeLessThan(1e-12);
    expect(Array.from(r.values, (v) => Math.round(v * 1e9) / 1e9 + 0)).toEqual([7, 7, 5, 5, 5, 2, 2, 0, 0, 0, -1, -1]);
    expect(symmetricEigen(new Float64Array(9), 3).values).toEqual(new Float64Array(3));
    const diagonal = Float64Array.from([1, 0, 0, 0, 3, 0, 0, 0, 2]);
    const d = symmetricEigen(diagonal, 3);
    expect(Array.from(d.values)).toEqual([3, 2, 1]);
    expect(Array.from(d.vectors.subarray(0, 3), Math.abs)).toEqual([0, 1, 0]);
    expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow('symmetricEigen needs 4 values for 2×2, got 5');
  });
});

describe('cholesky, invertLower and orthonormalizeRows', () => {
  it('factor a positive definite matrix, invert the factor, and reject an indefinite one', () => {
    const a = randomSymmetric(4, 6, [1, 2, 3, 4, 5, 6]);
    const l = cholesky(a, 6)!;
    const inv = invertLower(l, 6);
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) {
        let llt = 0;
        let identity = 0;
        for (let t = 0; t < 6; t++) {
          llt += l[i * 6 + t] * l[j * 6 + t];
          identity += inv[i * 6 + t] * l[t * 6 + j];
        }
        expect(Math.abs(llt - a[i * 6 + j])).toBeLessThan(1e-12);
        expect(Math.abs(identity - (i === j ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
    expect(cholesky(randomSymmetric(4, 3, [1, -1, 2]), 3)).toBeNull();
  });

  it('orthonormalizes rows, replacing a dependent row by the fallback', () => {
    const rows = Float64Array.from([1, 1, 0, 2, 2, 0, 0, 1, 1]); // row 1 = 2 × row 0
    orthonormalizeRows(rows, 3, 3, () => Float64Array.from([0, 0, 1]));
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let dot = 0;
        for (let t = 0; t < 3; t++) dot += rows[i * 3 + t] * rows[j * 3 + t];
        expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-14);
      }
    }
  });
});

describe('matrix helpers', () => {
  const x = { data: Float32Array.from([1, 2, 3, 4, 5, 6]), rows: 3, cols: 2 };

  it('compute column means, centre and scale, and transpose', () => {
    expect(Array.from(columnMeans(x))).toEqual([3, 4]);
    expect(Array.from(centreColumns(x, [3, 4], [2, 1]).data)).toEqual([-1, -2, 0, 0, 1, 2]);
    expect(transposeMatrix(x)).toEqual({ data: Float32Array.from([1, 3, 5, 2, 4, 6]), rows: 2, cols: 3 });
  });

  it('check shapes and values with messages that say what to fix', () => {
    expect(() => assertShape({ ...x, rows: 4 }, 1, 'X')).toThrow('X claims 4×2 but holds 6 values; build it with asMatrix');
    expect(() => assertShape({ data: new Float32Array(0), rows: 3, cols: 0 }, 1, 'X')).toThrow('X has no columns; pass at least one feature');
    expect(() => assertShape(x, 5, 'X', 'UMAP')).toThrow('X has 3 row(s) but UMAP needs at least 5; pass more samples');
    expect(() => assertFinite({ ...x, data: Float32Array.from([1, 2, 3, Infinity, 5, 6]) }, 'X')).toThrow('X has Infinity at row 1, column 1 (0-based)');
  });
});
