// Trains many L2 softmax regressions on one matrix at once (folds, baselines, inner CV): an iteration
// is two tfjs matmuls shared by all tasks (X·P for directions, Rᵀ·X for gradients) plus float64 TS.
// Synchronous (reads tfjs with dataSync): run it in a worker or in Node, not on the app's main thread.
import * as tf from '@tensorflow/tfjs';
import type { Matrix } from '../data/types';
import { dot, maxAbs, wolfeLineSearch } from './lbfgs';
import { readTidy } from './linalgTf';
import { globalColumns, TaskState, type ColumnStats, type SoftmaxTask } from './logisticTask';

export type { SoftmaxTask } from './logisticTask';

export interface SoftmaxOptions {
  /** Standardise each task's features by its training rows' mean and std (ddof 0), as StandardScaler; default true. */
  standardize?: boolean;
  /** Converged when max |gradient| ≤ tol (scipy's pgtol, on the summed loss, as scikit-learn); default 1e-4. */
  tol?: number;
  /**
   * …or when an iteration lowers the loss by ≤ ftol·max(|loss|, 1); default 64·2⁻⁵² ≈ 1.4e-14, as
   * scikit-learn's LogisticRegression passes to L-BFGS-B, so the gradient test decides. scipy's own 2.2e-9
   * stopped early enough that 1e-6 changes in the activations (another backend) moved held-out predictions.
   */
  ftol?: number;
  /** Iteration cap per task; default 1000. */
  maxIter?: number;
}

export const SOFTMAX_DEFAULTS = { standardize: true, tol: 1e-4, ftol: 64 * 2.220446049250313e-16, maxIter: 1000 } as const;

/** A trained task: parameters act on (x − mean)/scale in raw units. */
export interface SoftmaxFit {
  /** Global class indices the task saw in training, ascending; coef and logits follow this order. */
  classes: Int32Array;
  /** d×K row-major (row j·K + k), on standardised features. */
  coef: Float64Array;
  intercept: Float64Array;
  mean: Float64Array;
  scale: Float64Array;
  /** n×K logits of every row of the batch's matrix (training and held-out). */
  logits: Float64Array;
  loss: number;
  iterations: number;
  converged: boolean;
  /** max |gradient| at the end. */
  gradientMax: number;
  /** Why training stopped: 'gradient', 'loss change', 'iteration cap', 'line search', 'one class'. */
  stopReason: string;
}

/** A batch of softmax fits, advanced one iteration of every unfinished task per step(). Call dispose() when abandoning it. */
export class SoftmaxBatch {
  private readonly column: ColumnStats;
  private readonly x: tf.Tensor2D;
  private readonly states: TaskState[];
  private readonly options: Required<SoftmaxOptions>;
  private started = false;
  /** Scratch for the [Σk K, n] residuals of one gradient evaluation. */
  private residualT = new Float32Array(0);
  private disposed = false;

  constructor(matrix: Matrix, tasks: readonly SoftmaxTask[], options: SoftmaxOptions = {}) {
    this.options = {
      standardize: options.standardize ?? SOFTMAX_DEFAULTS.standardize,
      tol: options.tol ?? SOFTMAX_DEFAULTS.tol,
      ftol: options.ftol ?? SOFTMAX_DEFAULTS.ftol,
      maxIter: options.maxIter ?? SOFTMAX_DEFAULTS.maxIter,
    };
    const { rows: n, cols: d } = matrix;
    this.column = globalColumns(matrix.data, n, d);
    this.states = tasks.map((task) => new TaskState(task, n, d, this.column, this.options.standardize));
    for (const state of this.states) {
      if (state.K < 2) finish(state, true, 'one class');
    }
    this.x = tf.tensor2d(this.column.xg, [n, d]);
  }

  /** True when every task has stopped. */
  get done(): boolean {
    return this.states.every((s) => s.done);
  }

  /** Iterations of the slowest task so far, and how many tasks are still training. */
  get progress(): { iteration: number; active: number; tasks: number } {
    const iteration = Math.max(0, ...this.states.map((s) => s.iterations));
    return { iteration, active: this.states.filter((s) => !s.done).length, tasks: this.states.length };
  }

  /** One L-BFGS iteration of every unfinished task (the first call only evaluates the starting gradients). */
  step(): void {
    if (this.disposed) throw new Error('this softmax batch was disposed; create a new one');
    const active = this.states.filter((s) => !s.done);
    if (active.length === 0) return;
    if (!this.started) {
      this.started = true;
      this.updateGradients(active);
      for (const state of active) if (maxAbs(state.g) <= this.options.tol) finish(state, true, 'gradient');
      return;
    }
    const directions = active.map((state) => searchDirection(state));
    const { product, width, offsets } = this.multiply(active, directions);
    const moved: TaskState[] = [];
    const previous = new Map<TaskState, { g: Float64Array; f: number; p: Float64Array; alpha: number }>();
    let off = 0;
    active.forEach((state, t) => {
      state.readDirection(product, width, off, offsets[t]);
      off += state.K;
      const p = directions[t];
      const alpha0 = state.memory.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(state.g, state.g))) : 1;
      const line = wolfeLineSearch(state.lineFunction(p), state.f, dot(state.g, p), alpha0);
      state.iterations++;
      if (!line.ok) return finish(state, maxAbs(state.g) <= this.options.tol, 'line search');
      state.advance(line.alpha, p);
      previous.set(state, { g: state.g, f: state.f, p, alpha: line.alpha });
      moved.push(state);
    });
    this.updateGradients(moved);
    for (const state of moved) this.afterStep(state, previous.get(state)!);
  }

  private afterStep(state: TaskState, before: { g: Float64Array; f: number; p: Float64Array; alpha: number }): void {
    const s = before.p.map((v) => v * before.alpha);
    state.memory.push(s, state.g.map((v, i) => v - before.g[i]));
    const { tol, ftol, maxIter } = this.options;
    if (maxAbs(state.g) <= tol) finish(state, true, 'gradient');
    else if (before.f - state.f <= ftol * Math.max(Math.abs(before.f), Math.abs(state.f), 1)) finish(state, true, 'loss change');
    else if (state.iterations >= maxIter) finish(state, false, 'iteration cap');
  }

  /** Runs step() until done. */
  run(): SoftmaxFit[] {
    while (!this.done) this.step();
    return this.result();
  }

  /** The fits, with exact logits recomputed from the final parameters; disposes the batch's tensors. */
  result(): SoftmaxFit[] {
    if (this.disposed) throw new Error('this softmax batch was disposed; create a new one');
    if (!this.done) throw new Error('the softmax batch has not finished; call step() until done is true');
    const logits = this.exactLogits();
    const fits = this.states.map((state, t) => {
      const { mean, scale } = state.rawScaler(this.column);
      const { d, K } = state;
      return {
        classes: state.classes, coef: state.theta.slice(0, d * K), intercept: state.theta.slice(d * K), mean, scale,
        logits: logits[t], loss: state.f, iterations: state.iterations, converged: state.converged,
        gradientMax: maxAbs(state.g), stopReason: state.stopReason,
      };
    });
    this.dispose();
    return fits;
  }

  dispose(): void {
    if (!this.disposed) this.x.dispose();
    this.disposed = true;
  }

  /** Evaluates loss and gradient of each task at its current θ and logits: one Rᵀ·X for all. */
  private updateGradients(states: TaskState[]): void {
    if (states.length === 0) return;
    const n = this.x.shape[0];
    const width = states.reduce((sum, s) => sum + s.K, 0);
    const residualT = this.residualBuffer(width * n);
    const sums: Float64Array[] = [];
    let off = 0;
    for (const state of states) {
      const rowSums = new Float64Array(state.K);
      const loss = state.residuals(residualT, off, rowSums);
      const [ww] = state.penaltyTerms(state.theta);
      state.f = loss + (0.5 * ww) / state.task.C;
      sums.push(rowSums);
      off += state.K;
    }
    const gram = readTidy(() => tf.matMul(tf.tensor2d(residualT, [width, n]), this.x)); // [width, d]
    off = 0;
    states.forEach((state, t) => {
      state.g = state.gradientFrom(gram, off, sums[t]);
      off += state.K;
    });
  }

  /** A zeroed float32 array of `size` values, reusing one buffer across iterations (rows outside a task's training set stay zero). */
  private residualBuffer(size: number): Float32Array {
    if (this.residualT.length < size) this.residualT = new Float32Array(size);
    const view = this.residualT.subarray(0, size);
    view.fill(0);
    return view;
  }

  /** Logits (n×K) of every row from each task's final θ. */
  private exactLogits(): Float64Array[] {
    const live = this.states.filter((s) => s.K >= 2);
    const out = this.states.map((s) => new Float64Array(s.n * s.K));
    if (live.length === 0) return out;
    const { product, width, offsets } = this.multiply(live, live.map((s) => s.theta));
    let off = 0;
    live.forEach((state, t) => {
      const logits = out[this.states.indexOf(state)];
      for (let i = 0; i < state.n; i++) {
        for (let k = 0; k < state.K; k++) logits[i * state.K + k] = product[i * width + off + k] + offsets[t][k];
      }
      off += state.K;
    });
    return out;
  }

  /**
   * U·W' for each task's parameters (θ, or a search direction p, giving the logits' change per unit step)
   * as one float32 matmul [n, width] (task t in columns off_t …), plus each task's offsets b − m·W' to add
   * in float64. Logits are then updated by adding α·(U·p), never recomputed, so the line search sees one
   * smooth function; the drift this allows is float32 rounding per step, and result() recomputes exact
   * logits from θ.
   */
  private multiply(states: TaskState[], params: Float64Array[]): { product: Float32Array; width: number; offsets: Float64Array[] } {
    const { cols: d } = this.shape();
    const width = states.reduce((sum, s) => sum + s.K, 0);
    const columns = new Float32Array(d * width);
    const offsets: Float64Array[] = [];
    let off = 0;
    states.forEach((state, t) => {
      offsets.push(state.writeColumns(params[t], columns, width, off));
      off += state.K;
    });
    const product = readTidy(() => tf.matMul(this.x, tf.tensor2d(columns, [d, width]))); // [n, width]
    return { product, width, offsets };
  }

  private shape(): { rows: number; cols: number } {
    return { rows: this.x.shape[0], cols: this.x.shape[1] };
  }
}

/** The L-BFGS direction, or steepest descent when the memory's direction does not descend. */
function searchDirection(state: TaskState): Float64Array {
  const p = state.memory.direction(state.g);
  if (dot(p, state.g) < 0) return p;
  return state.g.map((v) => -v);
}

function finish(state: TaskState, converged: boolean, reason: string): void {
  state.done = true;
  state.converged = converged;
  state.stopReason = reason;
}

/** Fits every task to convergence; see SoftmaxOptions for the defaults. */
export function trainSoftmax(matrix: Matrix, tasks: readonly SoftmaxTask[], options: SoftmaxOptions = {}): SoftmaxFit[] {
  const batch = new SoftmaxBatch(matrix, tasks, options);
  try {
    return batch.run();
  } finally {
    batch.dispose();
  }
}
