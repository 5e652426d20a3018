// One softmax-regression fit inside a batch: its training rows, its scaler, its parameters and the
// float64 numerics that need no tfjs (loss, residuals, the line function along a search direction).
import { LbfgsMemory } from './lbfgs';

/** What to fit: rows of the batch's matrix, their classes, and the inverse regularisation strength. */
export interface SoftmaxTask {
  /** Training sample indices (rows of the batch's matrix). */
  train: Int32Array;
  /** Class index (0 … numClasses−1) of every sample; only training rows are read. */
  labels: Int32Array;
  /** Loss = Σ cross-entropy + ½‖W‖²/C (intercept unpenalised), scikit-learn's objective. */
  C: number;
}

/** sklearn's test for a constant column (Chan, Golub & LeVeque bound on two-pass variance error). */
function isConstant(variance: number, mean: number, n: number): boolean {
  const eps = 2.220446049250313e-16;
  return variance <= n * eps * variance + (n * mean * eps) ** 2;
}

/**
 * Per-task state. Coordinates: the batch holds xg = (x − μ)/σ (global centring, so float32 products
 * lose nothing to large means); this task's design matrix is u = (xg − m)/s, i.e. its training rows
 * standardised (or raw x when standardize is off). Parameters θ = [W (d×K, row j·K+k), b (K)] act on u.
 */
export class TaskState {
  readonly K: number;
  /** Global class index of each local class, ascending. */
  readonly classes: Int32Array;
  /** Local class of each training row. */
  readonly y: Int32Array;
  readonly m: Float64Array;
  readonly s: Float64Array;
  readonly theta: Float64Array;
  /** Logits of every row of the batch (n×K), kept current by adding α·(X·p) after each step. */
  readonly z: Float64Array;
  g: Float64Array;
  f = 0;
  readonly memory: LbfgsMemory;
  iterations = 0;
  done = false;
  converged = false;
  stopReason = '';

  constructor(readonly task: SoftmaxTask, readonly n: number, readonly d: number, column: ColumnStats, standardize: boolean) {
    const present = [...new Set(Array.from(task.train, (i) => task.labels[i]))].sort((a, b) => a - b);
    this.classes = Int32Array.from(present);
    this.K = present.length;
    const local = new Map(present.map((c, k) => [c, k]));
    this.y = Int32Array.from(task.train, (i) => local.get(task.labels[i])!);
    [this.m, this.s] = taskScaler(column, task.train, standardize);
    this.theta = new Float64Array(d * this.K + this.K);
    this.g = new Float64Array(this.theta.length);
    this.z = new Float64Array(n * this.K);
    this.memory = new LbfgsMemory(this.theta.length);
  }

  /** ‖W‖², W·p_W and ‖p_W‖² for the penalty along a direction. */
  penaltyTerms(p: Float64Array): [number, number, number] {
    let ww = 0, wp = 0, pp = 0;
    for (let i = 0; i < this.d * this.K; i++) {
      ww += this.theta[i] * this.theta[i];
      wp += this.theta[i] * p[i];
      pp += p[i] * p[i];
    }
    return [ww, wp, pp];
  }

  /**
   * φ(α), φ'(α) of the loss at θ + α·p, where dz (n×K) = U·p_W + p_b is the change of the logits
   * per unit step: only O(n·K) work per evaluation, and φ stays smooth (no float32 re-multiplication).
   */
  lineFunction(dz: Float64Array, p: Float64Array): (alpha: number) => { f: number; df: number } {
    const [ww, wp, pp] = this.penaltyTerms(p);
    const { K, z, y } = this;
    const rows = this.task.train;
    const v = new Float64Array(K);
    const invC = 1 / this.task.C;
    return (alpha) => {
      let f = 0.5 * invC * (ww + 2 * alpha * wp + alpha * alpha * pp);
      let df = invC * (wp + alpha * pp);
      for (let r = 0; r < rows.length; r++) {
        const base = rows[r] * K;
        let max = -Infinity;
        for (let k = 0; k < K; k++) {
          v[k] = z[base + k] + alpha * dz[base + k];
          if (v[k] > max) max = v[k];
        }
        let sum = 0, weighted = 0;
        for (let k = 0; k < K; k++) {
          const e = Math.exp(v[k] - max);
          sum += e;
          weighted += e * dz[base + k];
        }
        f += max + Math.log(sum) - v[y[r]];
        df += weighted / sum - dz[base + y[r]];
      }
      return { f, df };
    };
  }

  /** Writes P − Y of the training rows into residualT (rows off … off+K−1 of a [Σk K, n] array); returns the loss. */
  residuals(residualT: Float32Array, off: number, rowSums: Float64Array): number {
    const { K, z, y, n } = this;
    const rows = this.task.train;
    const e = new Float64Array(K);
    rowSums.fill(0);
    let loss = 0;
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r];
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, z[i * K + k]);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += e[k] = Math.exp(z[i * K + k] - max);
      loss += max + Math.log(sum) - z[i * K + y[r]];
      for (let k = 0; k < K; k++) {
        const residual = e[k] / sum - (k === y[r] ? 1 : 0);
        residualT[(off + k) * n + i] = residual;
        rowSums[k] += residual;
      }
    }
    return loss;
  }

  /** Gradient from G = Rᵀ·xg (rows off…, [Σk K, d]) and the residual sums: ∂/∂W = (G − m·Σr)/s + W/C, ∂/∂b = Σr. */
  gradientFrom(gram: Float32Array, off: number, rowSums: Float64Array): Float64Array {
    const { K, d, m, s, theta } = this;
    const g = new Float64Array(theta.length);
    const invC = 1 / this.task.C;
    for (let k = 0; k < K; k++) {
      const row = (off + k) * d;
      for (let j = 0; j < d; j++) g[j * K + k] = (gram[row + j] - m[j] * rowSums[k]) / s[j] + theta[j * K + k] * invC;
      g[d * K + k] = rowSums[k];
    }
    return g;
  }

  /** Writes W'/s into columns off … of a [d, cols] array and returns the offsets b − m·W' (θ or a direction). */
  writeColumns(params: Float64Array, out: Float32Array, cols: number, off: number): Float64Array {
    const { K, d, m, s } = this;
    const offsets = Float64Array.from(params.subarray(d * K));
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < K; k++) {
        const scaled = params[j * K + k] / s[j];
        out[j * cols + off + k] = scaled;
        offsets[k] -= m[j] * scaled;
      }
    }
    return offsets;
  }

  /** The raw-unit scaler: u = (x − mean)/scale. */
  rawScaler(column: ColumnStats): { mean: Float64Array; scale: Float64Array } {
    const mean = this.m.map((v, j) => column.mu[j] + column.sigma[j] * v);
    const scale = this.s.map((v, j) => column.sigma[j] * v);
    return { mean, scale };
  }
}

/** Global column centring of the batch: xg = (x − mu)/sigma, and the centred float32 data. */
export interface ColumnStats {
  mu: Float64Array;
  sigma: Float64Array;
  xg: Float32Array;
}

/** Centres (and scales to unit variance) the columns of an n×d row-major array, in float64. */
export function globalColumns(data: Float32Array, n: number, d: number): ColumnStats {
  const mu = new Float64Array(d);
  const sigma = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mu[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mu[j] /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sigma[j] += (data[i * d + j] - mu[j]) ** 2;
  for (let j = 0; j < d; j++) sigma[j] = sigma[j] > 0 ? Math.sqrt(sigma[j] / n) : 1;
  const xg = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xg[i * d + j] = (data[i * d + j] - mu[j]) / sigma[j];
  return { mu, sigma, xg };
}

/** m and s of a task in xg coordinates: its training rows' mean and standard deviation (ddof 0), or raw units. */
function taskScaler(column: ColumnStats, train: Int32Array, standardize: boolean): [Float64Array, Float64Array] {
  const { mu, sigma, xg } = column;
  const d = mu.length;
  if (!standardize) return [mu.map((v, j) => -v / sigma[j]), sigma.map((v) => 1 / v)];
  const m = new Float64Array(d);
  const s = new Float64Array(d);
  for (let r = 0; r < train.length; r++) {
    const base = train[r] * d;
    for (let j = 0; j < d; j++) m[j] += xg[base + j];
  }
  for (let j = 0; j < d; j++) m[j] /= train.length;
  // Two passes (as StandardScaler), so a column constant within the fold gets exactly zero variance.
  for (let r = 0; r < train.length; r++) {
    const base = train[r] * d;
    for (let j = 0; j < d; j++) {
      const v = xg[base + j] - m[j];
      s[j] += v * v;
    }
  }
  for (let j = 0; j < d; j++) {
    const variance = s[j] / train.length;
    const rawVariance = variance * sigma[j] * sigma[j];
    const constant = isConstant(rawVariance, mu[j] + sigma[j] * m[j], train.length);
    s[j] = constant ? 1 / sigma[j] : Math.sqrt(variance);
  }
  return [m, s];
}
