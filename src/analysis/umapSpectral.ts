// Spectral layout of a fuzzy graph: the eigenvectors of the normalised Laplacian I − D^(−½) W D^(−½)
// with the smallest non-zero eigenvalues, i.e. the top eigenvectors of M = D^(−½) W D^(−½) after
// deflating the trivial one, found by a thick-restart (Krylov–Schur) Lanczos iteration.
import type { Rng } from '../data/random';
import type { FuzzyGraph } from './umapGraph';
import { smallSymmetricEigen } from './umapEigen';

export interface SpectralLayout {
  /** [n·dim] point-major coordinates (unit-norm eigenvectors), or null when none could be found. */
  coords: Float64Array | null;
  /** Why coords is null, for the caller's note. */
  reason?: string;
}

/**
 * Largest Ritz residual ‖Mv − θv‖ accepted as converged (umap-learn's eigsh uses 1e-4 too: a start
 * layout needs the right subspace, not digits), and the looser one accepted when cycles run out.
 */
const TOLERANCE = 1e-4;
const LOOSE_TOLERANCE = 1e-3;
const MAX_CYCLES = 100;

/** Labels of the connected components (0, 1, …) of a symmetric graph, and their number. */
export function connectedComponents(graph: FuzzyGraph): { count: number; labels: Int32Array } {
  const { n, rowStart, cols } = graph;
  const labels = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  let count = 0;
  for (let seed = 0; seed < n; seed++) {
    if (labels[seed] >= 0) continue;
    let top = 0;
    stack[top++] = seed;
    labels[seed] = count;
    while (top > 0) {
      const i = stack[--top];
      for (let p = rowStart[i]; p < rowStart[i + 1]; p++) {
        if (labels[cols[p]] < 0) {
          labels[cols[p]] = count;
          stack[top++] = cols[p];
        }
      }
    }
    count++;
  }
  return { count, labels };
}

/** The dim non-trivial eigenvectors of a connected graph's normalised Laplacian with the smallest eigenvalues. */
export function spectralLayout(graph: FuzzyGraph, dim: number, rng: Rng): SpectralLayout {
  const { count } = connectedComponents(graph);
  if (count > 1) return { coords: null, reason: `the neighbour graph has ${count} disconnected components` };
  if (graph.n - 1 <= dim) return { coords: null, reason: `${graph.n} points are too few for a ${dim}-D spectral layout` };
  const op = new NormalizedAdjacency(graph);
  const found = topEigenvectors(op, graph.n, dim, rng);
  if (found === null || !(found.residual <= LOOSE_TOLERANCE)) {
    return { coords: null, reason: `the eigensolver did not converge (residual ${found?.residual.toExponential(1) ?? 'NaN'})` };
  }
  const coords = new Float64Array(graph.n * dim);
  for (let c = 0; c < dim; c++) {
    for (let i = 0; i < graph.n; i++) coords[i * dim + c] = found.vectors[c * graph.n + i];
  }
  return { coords };
}

/** v ↦ D^(−½) W D^(−½) v, with the trivial eigenvector sqrt(degree) projected out of every result. */
class NormalizedAdjacency {
  private readonly scaled: Float64Array;
  readonly trivial: Float64Array;

  constructor(private readonly graph: FuzzyGraph) {
    const { n, rowStart, cols, weights } = graph;
    const invSqrt = new Float64Array(n);
    this.trivial = new Float64Array(n);
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let degree = 0;
      for (let p = rowStart[i]; p < rowStart[i + 1]; p++) degree += weights[p];
      invSqrt[i] = degree > 0 ? 1 / Math.sqrt(degree) : 0;
      this.trivial[i] = Math.sqrt(degree);
      norm += degree;
    }
    for (let i = 0; i < n; i++) this.trivial[i] /= Math.sqrt(norm);
    this.scaled = new Float64Array(cols.length);
    for (let i = 0; i < n; i++) {
      for (let p = rowStart[i]; p < rowStart[i + 1]; p++) this.scaled[p] = weights[p] * invSqrt[i] * invSqrt[cols[p]];
    }
  }

  apply(v: Float64Array, out: Float64Array): void {
    const { n, rowStart, cols } = this.graph;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let p = rowStart[i]; p < rowStart[i + 1]; p++) sum += this.scaled[p] * v[cols[p]];
      out[i] = sum;
    }
    this.deflate(out);
  }

  deflate(v: Float64Array): void {
    const c = dot(this.trivial, v);
    axpy(-c, this.trivial, v);
  }
}

interface Eigenvectors {
  /** [want·n] the eigenvectors, one after another. */
  vectors: Float64Array;
  residual: number;
}

/** Krylov–Schur: Lanczos steps with full reorthogonalisation, restarted from the best Ritz vectors. */
function topEigenvectors(op: NormalizedAdjacency, n: number, want: number, rng: Rng): Eigenvectors | null {
  const m = Math.min(n - 1, Math.max(2 * want + 16, 32));
  const keep = Math.min(m - 1, want + ((m - want) >> 1));
  const basis = new Float64Array((m + 1) * n);
  const h = new Float64Array(m * m);
  const first = basis.subarray(0, n);
  for (let i = 0; i < n; i++) first[i] = rng.normal();
  op.deflate(first);
  if (!normalize(first)) return null;
  let kept = 0;
  let best: Eigenvectors | null = null;
  for (let cycle = 0; cycle < MAX_CYCLES; cycle++) {
    const { size, beta } = expandBasis(op, basis, h, n, m, kept);
    const { values, vectors } = smallSymmetricEigen(mirrorUpper(h, m, size), size);
    if (size < want || values.some((v) => !Number.isFinite(v))) return best;
    let residual = 0;
    for (let c = 0; c < want; c++) residual = Math.max(residual, Math.abs(beta * vectors[c * size + size - 1]));
    const done = residual <= TOLERANCE || size < m || cycle === MAX_CYCLES - 1;
    const count = done ? want : Math.min(keep, size);
    const ritz = combineRows(basis, vectors, n, size, count);
    best = { vectors: ritz.slice(0, want * n), residual };
    if (done) return best;
    // Restart: the kept Ritz vectors, then the last residual direction, with H = diag(θ) on the kept block.
    basis.copyWithin(count * n, m * n, (m + 1) * n);
    basis.set(ritz, 0);
    h.fill(0);
    for (let c = 0; c < count; c++) h[c * m + c] = values[c];
    kept = count;
  }
  return best;
}

/** Extends the orthonormal basis from row `from` to m rows, filling H's upper part; row m is the residual. */
function expandBasis(op: NormalizedAdjacency, basis: Float64Array, h: Float64Array, n: number, m: number, from: number): { size: number; beta: number } {
  for (let j = from; j < m; j++) {
    const w = basis.subarray((j + 1) * n, (j + 2) * n);
    op.apply(basis.subarray(j * n, (j + 1) * n), w);
    // Classical Gram–Schmidt twice ("twice is enough") keeps the basis orthogonal to working precision.
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i <= j; i++) {
        const row = basis.subarray(i * n, (i + 1) * n);
        const c = dot(row, w);
        h[i * m + j] += c;
        axpy(-c, row, w);
      }
    }
    op.deflate(w);
    const beta = Math.sqrt(dot(w, w));
    if (!(beta > 1e-12)) return { size: j + 1, beta: 0 };
    for (let i = 0; i < n; i++) w[i] /= beta;
    if (j === m - 1) return { size: m, beta };
  }
  return { size: m, beta: 0 };
}

/** The leading size×size block of H, made exactly symmetric from its upper triangle. */
function mirrorUpper(h: Float64Array, m: number, size: number): Float64Array {
  const out = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = i; j < size; j++) {
      out[i * size + j] = h[i * m + j];
      out[j * size + i] = h[i * m + j];
    }
  }
  return out;
}

/** count rows, each Σ_r vectors[c, r]·basis[r] (the Ritz vectors of the first count eigenpairs). */
function combineRows(basis: Float64Array, vectors: Float64Array, n: number, size: number, count: number): Float64Array {
  const out = new Float64Array(count * n);
  for (let c = 0; c < count; c++) {
    const target = out.subarray(c * n, (c + 1) * n);
    for (let r = 0; r < size; r++) axpy(vectors[c * size + r], basis.subarray(r * n, (r + 1) * n), target);
  }
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
}

function normalize(v: Float64Array): boolean {
  const norm = Math.sqrt(dot(v, v));
  if (!(norm > 0)) return false;
  for (let i = 0; i < v.length; i++) v[i] /= norm;
  return true;
}
