// Orthogonal Procrustes for 2-D projections: turns one layer's projection (rotation or reflection,
// no scaling) onto the previous layer's, so stepping through layers moves points instead of flipping.

/** A fitted alignment: p ≈ (q − fromCentre)·matrix + toCentre, for row vectors q = [x, y]. */
export interface ProcrustesFit {
  /** Row-major 2×2 orthogonal matrix [m00, m01, m10, m11]. */
  matrix: [number, number, number, number];
  /** True when the best map is a reflection (determinant −1). */
  reflection: boolean;
  fromCentre: [number, number];
  toCentre: [number, number];
}

export interface ProcrustesOptions {
  /** Allow reflections as well as rotations; PCA and UMAP axes have arbitrary signs. Default true. */
  allowReflection?: boolean;
}

/** Centroid of the points that are finite in both arrays (interleaved x, y). */
function centres(a: Float32Array, b: Float32Array, n: number): [number, number, number, number] {
  let ax = 0, ay = 0, bx = 0, by = 0, m = 0;
  for (let i = 0; i < n; i++) {
    if (!bothFinite(a, b, i)) continue;
    ax += a[2 * i]; ay += a[2 * i + 1]; bx += b[2 * i]; by += b[2 * i + 1]; m++;
  }
  return m === 0 ? [0, 0, 0, 0] : [ax / m, ay / m, bx / m, by / m];
}

function bothFinite(a: Float32Array, b: Float32Array, i: number): boolean {
  return Number.isFinite(a[2 * i]) && Number.isFinite(a[2 * i + 1]) && Number.isFinite(b[2 * i]) && Number.isFinite(b[2 * i + 1]);
}

/**
 * Best orthogonal map from `next` onto `prev` (both interleaved [x0, y0, x1, y1, …] of n points),
 * in closed form: with M = Σ (q − q̄)ᵀ(p − p̄), a rotation by θ scores cos θ (M00 + M11) +
 * sin θ (M01 − M10), a reflection cos θ (M00 − M11) + sin θ (M01 + M10); each peaks at an atan2.
 */
export function fitProcrustes(prev: Float32Array, next: Float32Array, n: number, options: ProcrustesOptions = {}): ProcrustesFit {
  checkLengths(prev, next, n);
  const [px, py, qx, qy] = centres(prev, next, n);
  let m00 = 0, m01 = 0, m10 = 0, m11 = 0;
  for (let i = 0; i < n; i++) {
    if (!bothFinite(prev, next, i)) continue;
    const ax = next[2 * i] - qx, ay = next[2 * i + 1] - qy;
    const bx = prev[2 * i] - px, by = prev[2 * i + 1] - py;
    m00 += ax * bx; m01 += ax * by; m10 += ay * bx; m11 += ay * by;
  }
  const rotScore = Math.hypot(m00 + m11, m01 - m10);
  const refScore = Math.hypot(m00 - m11, m01 + m10);
  const reflection = (options.allowReflection ?? true) && refScore > rotScore;
  const theta = reflection ? Math.atan2(m01 + m10, m00 - m11) : Math.atan2(m01 - m10, m00 + m11);
  const c = Math.cos(theta), s = Math.sin(theta);
  const matrix: ProcrustesFit['matrix'] = reflection ? [c, s, s, -c] : [c, s, -s, c];
  return { matrix, reflection, fromCentre: [qx, qy], toCentre: [px, py] };
}

/** Applies a fit to interleaved points; non-finite points stay as they are. */
export function applyProcrustes(fit: ProcrustesFit, points: Float32Array, n: number): Float32Array {
  const out = new Float32Array(2 * n);
  const [m00, m01, m10, m11] = fit.matrix;
  const [qx, qy] = fit.fromCentre, [px, py] = fit.toCentre;
  for (let i = 0; i < n; i++) {
    const x = points[2 * i] - qx, y = points[2 * i + 1] - qy;
    out[2 * i] = x * m00 + y * m10 + px;
    out[2 * i + 1] = x * m01 + y * m11 + py;
    if (!Number.isFinite(out[2 * i]) || !Number.isFinite(out[2 * i + 1])) {
      out[2 * i] = points[2 * i]; out[2 * i + 1] = points[2 * i + 1];
    }
  }
  return out;
}

/** `next` rotated (or reflected) and shifted to best match `prev`; never scaled. */
export function alignProcrustes(prev: Float32Array, next: Float32Array, n: number, options?: ProcrustesOptions): Float32Array {
  return applyProcrustes(fitProcrustes(prev, next, n, options), next, n);
}

/** Aligns each projection to the aligned one before it, so a walk through layers is smooth. */
export function alignSequence(projections: readonly Float32Array[], n: number, options?: ProcrustesOptions): Float32Array[] {
  const out: Float32Array[] = [];
  for (const p of projections) out.push(out.length === 0 ? Float32Array.from(p) : alignProcrustes(out[out.length - 1], p, n, options));
  return out;
}

function checkLengths(prev: Float32Array, next: Float32Array, n: number): void {
  if (prev.length < 2 * n || next.length < 2 * n) {
    throw new Error(`alignProcrustes needs two interleaved arrays of ${2 * n} numbers (x, y per point); got ${prev.length} and ${next.length}`);
  }
}
