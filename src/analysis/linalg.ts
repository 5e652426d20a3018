// Small dense linear algebra in float64 for the p×p problems inside the analyses (p ≲ 200):
// Cholesky, triangular inverse and Gram–Schmidt (the eigensolver is in linalgEigen.ts).
// Row-major matrices as Float64Array; the big products run on tfjs elsewhere.

/** Lower-triangular L with a = L·Lᵀ for symmetric positive definite `a`, or null when it is not. */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  return l;
}

/** The inverse of a lower-triangular matrix with a non-zero diagonal (forward substitution). */
export function invertLower(l: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    inv[j * n + j] = 1 / l[j * n + j];
    for (let i = j + 1; i < n; i++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= l[i * n + k] * inv[k * n + j];
      inv[i * n + j] = sum / l[i * n + i];
    }
  }
  return inv;
}

/**
 * Orthonormalises the `count` rows (length `len`) of `rows` in place by modified Gram–Schmidt, run
 * twice for orthogonality to rounding. A row that vanishes (dependent on earlier ones) is replaced
 * by `fallback(i)` and retried, so the result always has `count` orthonormal rows.
 */
export function orthonormalizeRows(rows: Float64Array, count: number, len: number, fallback: (i: number) => Float64Array): void {
  for (let i = 0; i < count; i++) {
    const row = rows.subarray(i * len, (i + 1) * len);
    for (let attempt = 0; ; attempt++) {
      const before = norm(row);
      for (let pass = 0; pass < 2; pass++) {
        for (let j = 0; j < i; j++) axpy(-dot(rows.subarray(j * len, (j + 1) * len), row), rows.subarray(j * len, (j + 1) * len), row);
      }
      const after = norm(row);
      if (after > 1e-10 * before && after > 0) {
        scale(row, 1 / after);
        break;
      }
      if (attempt > 8) throw new Error('orthonormalizeRows: could not find an independent row; this is a bug');
      row.set(fallback(i));
    }
  }
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
}

function scale(x: Float64Array, alpha: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= alpha;
}
