// Eigen-decomposition of the small dense symmetric matrices (m ≤ ~50) that the spectral solver
// projects onto, by cyclic Jacobi rotations: O(m³) per sweep, but simple, stable and accurate.

export interface SmallEigen {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /** [m·m] row c (entries c·m … c·m + m − 1) is the unit eigenvector of values[c]. */
  vectors: Float64Array;
}

const MAX_SWEEPS = 60;

/** Eigenpairs of the symmetric m×m row-major `matrix` (not modified). */
export function smallSymmetricEigen(matrix: Float64Array, m: number): SmallEigen {
  const a = Float64Array.from(matrix);
  // Eigenvectors accumulate as rows, so each rotation touches two contiguous rows.
  const vt = new Float64Array(m * m);
  for (let i = 0; i < m; i++) vt[i * m + i] = 1;
  let scale = 0;
  for (let i = 0; i < m * m; i++) scale += a[i] * a[i];
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += a[p * m + q] * a[p * m + q];
    if (!(off > 1e-30 * scale)) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) rotate(a, vt, m, p, q);
    }
  }
  return sortDescending(a, vt, m);
}

/** One Jacobi rotation in the (p, q) plane that zeroes a[p, q]. */
function rotate(a: Float64Array, vt: Float64Array, m: number, p: number, q: number): void {
  const apq = a[p * m + q];
  if (apq === 0) return;
  const theta = (a[q * m + q] - a[p * m + p]) / (2 * apq);
  // The smaller root of t² + 2θt − 1 = 0 keeps the rotation angle ≤ π/4, which is what converges.
  const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < m; k++) {
    const akp = a[k * m + p];
    const akq = a[k * m + q];
    a[k * m + p] = c * akp - s * akq;
    a[k * m + q] = s * akp + c * akq;
  }
  for (let k = 0; k < m; k++) {
    const apk = a[p * m + k];
    const aqk = a[q * m + k];
    a[p * m + k] = c * apk - s * aqk;
    a[q * m + k] = s * apk + c * aqk;
  }
  for (let k = 0; k < m; k++) {
    const vp = vt[p * m + k];
    const vq = vt[q * m + k];
    vt[p * m + k] = c * vp - s * vq;
    vt[q * m + k] = s * vp + c * vq;
  }
}

function sortDescending(a: Float64Array, vt: Float64Array, m: number): SmallEigen {
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => a[j * m + j] - a[i * m + i] || i - j);
  const values = new Float64Array(m);
  const vectors = new Float64Array(m * m);
  order.forEach((from, to) => {
    values[to] = a[from * m + from];
    vectors.set(vt.subarray(from * m, (from + 1) * m), to * m);
  });
  return { values, vectors };
}
