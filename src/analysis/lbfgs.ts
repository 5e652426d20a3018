// Limited-memory BFGS in plain float64 TypeScript: the two-loop direction, a strong-Wolfe line search,
// and a small generic minimiser. The probe trainer drives the pieces itself (it batches many fits).

/** Correction pairs kept; scipy's L-BFGS-B (what scikit-learn calls) also keeps 10. */
export const LBFGS_MEMORY = 10;

/** The (s, y) history of L-BFGS and the two-loop recursion that turns a gradient into a direction. */
export class LbfgsMemory {
  private readonly s: Float64Array[] = [];
  private readonly y: Float64Array[] = [];
  private readonly rho: number[] = [];

  constructor(readonly size: number, readonly capacity = LBFGS_MEMORY) {}

  /** Adds a step and its gradient change; skipped when the curvature sᵀy is not clearly positive. */
  push(s: Float64Array, y: Float64Array): boolean {
    const sy = dot(s, y);
    if (!(sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y)))) return false;
    if (this.s.length === this.capacity) {
      this.s.shift();
      this.y.shift();
      this.rho.shift();
    }
    this.s.push(s);
    this.y.push(y);
    this.rho.push(1 / sy);
    return true;
  }

  get length(): number {
    return this.s.length;
  }

  /** −H·g, with H the L-BFGS inverse-Hessian estimate (−g when the memory is empty). */
  direction(g: Float64Array): Float64Array {
    const q = Float64Array.from(g);
    const m = this.s.length;
    const alpha = new Float64Array(m);
    for (let i = m - 1; i >= 0; i--) {
      alpha[i] = this.rho[i] * dot(this.s[i], q);
      axpy(-alpha[i], this.y[i], q);
    }
    if (m > 0) {
      const gamma = dot(this.s[m - 1], this.y[m - 1]) / dot(this.y[m - 1], this.y[m - 1]);
      for (let j = 0; j < q.length; j++) q[j] *= gamma;
    }
    for (let i = 0; i < m; i++) {
      const beta = this.rho[i] * dot(this.y[i], q);
      axpy(alpha[i] - beta, this.s[i], q);
    }
    for (let j = 0; j < q.length; j++) q[j] = -q[j];
    return q;
  }
}

export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** y += a·x */
export function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

export function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** φ(α) and φ'(α) of the objective along the search direction. */
export type LineFunction = (alpha: number) => { f: number; df: number };

export interface LineSearchResult {
  alpha: number;
  f: number;
  df: number;
  /** False when no step met the sufficient-decrease condition (usually: rounding floor reached). */
  ok: boolean;
}

const C1 = 1e-4;
const C2 = 0.9;
const MAX_LINE_EVALUATIONS = 30;

/**
 * A step meeting the strong Wolfe conditions (Nocedal & Wright, algorithms 3.5 and 3.6, with
 * safeguarded cubic interpolation in the zoom). φ'(0) must be negative.
 */
export function wolfeLineSearch(phi: LineFunction, f0: number, df0: number, alpha0 = 1): LineSearchResult {
  let prev = { alpha: 0, f: f0, df: df0 };
  let alpha = alpha0;
  for (let i = 0; i < MAX_LINE_EVALUATIONS; i++) {
    const { f, df } = phi(alpha);
    if (!Number.isFinite(f) || f > f0 + C1 * alpha * df0 || (i > 0 && f >= prev.f)) {
      return zoom(phi, f0, df0, prev, { alpha, f, df });
    }
    if (Math.abs(df) <= -C2 * df0) return { alpha, f, df, ok: true };
    if (df >= 0) return zoom(phi, f0, df0, { alpha, f, df }, prev);
    prev = { alpha, f, df };
    alpha *= 2;
  }
  return { ...prev, ok: prev.alpha > 0 };
}

interface Point {
  alpha: number;
  f: number;
  df: number;
}

/** Narrows [lo, hi] (lo: the best point so far meeting sufficient decrease) to a strong-Wolfe step. */
function zoom(phi: LineFunction, f0: number, df0: number, lo: Point, hi: Point): LineSearchResult {
  for (let i = 0; i < MAX_LINE_EVALUATIONS; i++) {
    const alpha = interpolate(lo, hi);
    const { f, df } = phi(alpha);
    if (!Number.isFinite(f) || f > f0 + C1 * alpha * df0 || f >= lo.f) {
      hi = { alpha, f, df };
    } else {
      if (Math.abs(df) <= -C2 * df0) return { alpha, f, df, ok: true };
      if (df * (hi.alpha - lo.alpha) >= 0) hi = lo;
      lo = { alpha, f, df };
    }
    if (Math.abs(hi.alpha - lo.alpha) <= 1e-12 * Math.max(1, lo.alpha)) break;
  }
  // Sufficient decrease without the curvature condition is still progress.
  return { ...lo, ok: lo.alpha > 0 };
}

/** Minimiser of the cubic through both points, kept inside the middle 80% of the bracket. */
function interpolate(a: Point, b: Point): number {
  const d1 = a.df + b.df - (3 * (a.f - b.f)) / (a.alpha - b.alpha);
  const squared = d1 * d1 - a.df * b.df;
  const lo = Math.min(a.alpha, b.alpha);
  const width = Math.abs(b.alpha - a.alpha);
  let alpha = NaN;
  if (squared >= 0) {
    const d2 = Math.sign(b.alpha - a.alpha) * Math.sqrt(squared);
    alpha = b.alpha - (b.alpha - a.alpha) * ((b.df + d2 - d1) / (b.df - a.df + 2 * d2));
  }
  if (!Number.isFinite(alpha) || alpha < lo + 0.1 * width || alpha > lo + 0.9 * width) alpha = lo + 0.5 * width;
  return alpha;
}

export interface MinimizeOptions {
  /** Stop when max |gradient| ≤ tol; default 1e-5. */
  tol?: number;
  /** Stop when an iteration lowers f by ≤ ftol·max(|f|, 1); default 2.2e-9 (scipy's L-BFGS-B). */
  ftol?: number;
  /** Iteration cap; default 1000. */
  maxIter?: number;
}

export interface MinimizeResult {
  x: Float64Array;
  f: number;
  iterations: number;
  converged: boolean;
}

/** Minimises a smooth function given its value and gradient; for small problems and tests. */
export function minimizeLbfgs(fn: (x: Float64Array) => { f: number; g: Float64Array }, x0: Float64Array, options: MinimizeOptions = {}): MinimizeResult {
  const tol = options.tol ?? 1e-5;
  const ftol = options.ftol ?? 2.2e-9;
  const memory = new LbfgsMemory(x0.length);
  let x = Float64Array.from(x0);
  let { f, g } = fn(x);
  for (let iteration = 0; iteration < (options.maxIter ?? 1000); iteration++) {
    if (maxAbs(g) <= tol) return { x, f, iterations: iteration, converged: true };
    const p = memory.direction(g);
    const line = (alpha: number) => {
      const trial = Float64Array.from(x);
      axpy(alpha, p, trial);
      const r = fn(trial);
      return { f: r.f, df: dot(r.g, p) };
    };
    const alpha0 = memory.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(g, g))) : 1;
    const step = wolfeLineSearch(line, f, dot(g, p), alpha0);
    if (!step.ok) return { x, f, iterations: iteration, converged: false };
    const next = Float64Array.from(x);
    axpy(step.alpha, p, next);
    const r = fn(next);
    const s = Float64Array.from(p, (v) => v * step.alpha);
    memory.push(s, Float64Array.from(r.g, (v, i) => v - g[i]));
    const decrease = f - r.f;
    [x, f, g] = [next, r.f, r.g];
    if (decrease <= ftol * Math.max(Math.abs(f), 1)) return { x, f, iterations: iteration + 1, converged: true };
  }
  return { x, f, iterations: options.maxIter ?? 1000, converged: maxAbs(g) <= tol };
}
