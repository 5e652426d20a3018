// One softmax-regression fit inside a batch: its training rows, its scaler, its parameters and the
// float64 numerics that need no tfjs (loss, residuals, the line function along a search direction).
import { axpy, LbfgsMemory } from './lbfgs';
import { evaluateRows } from './softmaxRows';

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
  /** Logits of the training rows (train order, nTrain×K), kept current by adding α·dz after each step. */
  readonly z: Float64Array;
  /** Change of z per unit step along the current search direction (U·p_W + p_b), filled by the batch. */
  readonly dz: Float64Array;
  /** P − Y and the data loss at the last step length the line function evaluated (NaN: none). */
  private readonly lastResidual: Float64Array;
  private lastAlpha = NaN;
  private lastLoss = 0;
  /** True when lastResidual and lastLoss belong to the current z (the accepted step was the last one evaluated). */
  private residualCurrent = false;
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
    this.z = new Float64Array(task.train.length * this.K);
    this.dz = new Float64Array(this.z.length);
    this.lastResidual = new Float64Array(this.z.length);
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
   * φ(α), φ'(α) of the loss at θ + α·p, from dz (the change of the logits per unit step): only O(nTrain·K)
   * work per evaluation, and φ stays smooth (no float32 re-multiplication). Each evaluation also keeps
   * P − Y and the data loss there, so the gradient at the accepted step needs no second pass (residuals()).
   */
  lineFunction(p: Float64Array): (alpha: number) => { f: number; df: number } {
    const [ww, wp, pp] = this.penaltyTerms(p);
    const invC = 1 / this.task.C;
    return (alpha) => {
      const sums = evaluateRows(this, alpha, 0.5 * invC * (ww + 2 * alpha * wp + alpha * alpha * pp), invC * (wp + alpha * pp), this.lastResidual);
      this.lastAlpha = alpha;
      this.lastLoss = sums.data;
      this.residualCurrent = false;
      return sums;
    };
  }

  /** Moves θ and the logits by α along p, the direction lineFunction was made for. */
  advance(alpha: number, p: Float64Array): void {
    axpy(alpha, p, this.theta);
    axpy(alpha, this.dz, this.z);
    this.residualCurrent = alpha === this.lastAlpha;
    this.lastAlpha = NaN;
  }

  /**
   * Writes P − Y of the training rows into residualT (rows off … off+K−1 of a [Σk K, n] array), their
   * column sums into rowSums, and returns the data loss: kept from the line search when it accepted the
   * last step length it evaluated, else computed from z.
   */
  residuals(residualT: Float32Array, off: number, rowSums: Float64Array): number {
    if (this.residualCurrent) return this.writeResiduals(this.lastResidual, residualT, off, rowSums, this.lastLoss);
    const { K, z, y } = this;
    const res = this.lastResidual;
    const e = new Float64Array(K);
    let loss = 0;
    for (let r = 0, base = 0; r < y.length; r++, base += K) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, z[base + k]);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += e[k] = z[base + k] === max ? 1 : Math.exp(z[base + k] - max);
      loss += max + Math.log(sum) - z[base + y[r]];
      for (let k = 0; k < K; k++) res[base + k] = e[k] / sum - (k === y[r] ? 1 : 0);
    }
    return this.writeResiduals(res, residualT, off, rowSums, loss);
  }

  private writeResiduals(res: Float64Array, residualT: Float32Array, off: number, rowSums: Float64Array, loss: number): number {
    const { K, n } = this;
    const rows = this.task.train;
    rowSums.fill(0);
    for (let r = 0, base = 0; r < rows.length; r++, base += K) {
      for (let k = 0; k < K; k++) {
        residualT[(off + k) * n + rows[r]] = res[base + k];
        rowSums[k] += res[base + k];
      }
    }
    return loss;
  }

  /** Sets dz from a [n, cols] float32 product U·p_W (columns off …) and the offsets p_b − m·p_W'. */
  readDirection(product: Float32Array, cols: number, off: number, offsets: Float64Array): void {
    const { K, dz } = this;
    const rows = this.task.train;
    for (let r = 0, base = 0; r < rows.length; r++, base += K) {
      const at = rows[r] * cols + off;
      for (let k = 0; k < K; k++) dz[base + k] = product[at + k] + offsets[k];
    }
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
