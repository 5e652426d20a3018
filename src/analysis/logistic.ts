// Multinomial logistic regression with an L2 penalty, scikit-learn's objective (Σ cross-entropy +
// ½‖W‖²/C, intercept free) on standardised features: fitLogistic / applyLogistic, and a stepper for workers.
import type { Matrix } from '../data/types';
import { SoftmaxBatch, SOFTMAX_DEFAULTS, type SoftmaxFit, type SoftmaxOptions } from './logisticBatch';
import { assertLayers, assertTwoClasses, encodeLabels, type Label } from './probeLabels';

/** Inverse regularisation strength when none is given: scikit-learn's LogisticRegression default. */
export const DEFAULT_C = 1;

export interface LogisticOptions extends SoftmaxOptions {
  /**
   * Inverse L2 strength; default DEFAULT_C (1). Larger C, weaker penalty. Always multinomial (K weight
   * rows, as LogisticRegression(multi_class='multinomial')): for two classes that equals binary
   * logistic regression with 2C, since the optimum has w₀ = −w₁.
   */
  C?: number;
}

export interface LogisticFit {
  /** The distinct labels, ascending; row k of coef belongs to classes[k]. */
  classes: Label[];
  /** K×d weights on standardised features (x − mean)/scale. */
  coef: Matrix;
  intercept: Float64Array;
  mean: Float64Array;
  scale: Float64Array;
  iterations: number;
  converged: boolean;
  /** Why training stopped ('gradient', 'loss change', 'iteration cap', 'line search'). */
  stopReason: string;
  /** Training loss (summed cross-entropy plus penalty) at the end. */
  loss: number;
}

/** A fit in progress: step() runs one L-BFGS iteration; result() when done; dispose() to abandon it. */
export interface LogisticTrainer {
  step(): void;
  readonly done: boolean;
  readonly iteration: number;
  result(): LogisticFit;
  dispose(): void;
}

export function checkC(C: number): void {
  if (!(C > 0) || !Number.isFinite(C)) throw new Error(`C must be a finite number > 0 (the inverse of the L2 strength), got ${C}`);
}

/** Starts fitting all rows of x to labels; see LogisticOptions for the defaults. */
export function createLogisticTrainer(x: Matrix, labels: ArrayLike<Label>, options: LogisticOptions = {}): LogisticTrainer {
  const encoded = encodeLabels(labels);
  assertLayers([x], encoded.index.length);
  assertTwoClasses(encoded);
  const C = options.C ?? DEFAULT_C;
  checkC(C);
  const train = Int32Array.from({ length: x.rows }, (_, i) => i);
  const batch = new SoftmaxBatch(x, [{ train, labels: encoded.index, C }], options);
  return {
    step: () => batch.step(),
    get done() {
      return batch.done;
    },
    get iteration() {
      return batch.progress.iteration;
    },
    result: () => toLogisticFit(batch.result()[0], encoded.classes, x.cols),
    dispose: () => batch.dispose(),
  };
}

/** Fits to convergence (synchronous; use createLogisticTrainer to report progress or cancel). */
export function fitLogistic(x: Matrix, labels: ArrayLike<Label>, options: LogisticOptions = {}): LogisticFit {
  const trainer = createLogisticTrainer(x, labels, options);
  try {
    while (!trainer.done) trainer.step();
    return trainer.result();
  } finally {
    trainer.dispose();
  }
}

/** Class probabilities (n×K, columns in fit.classes order) for the rows of x. */
export function applyLogistic(fit: LogisticFit, x: Matrix): Matrix {
  const { coef, intercept, mean, scale } = fit;
  const [K, d] = [coef.rows, coef.cols];
  if (x.cols !== d) throw new Error(`the probe was fitted on ${d} features but this input has ${x.cols}; use activations from the same site`);
  const out = new Float32Array(x.rows * K);
  const u = new Float64Array(d);
  const z = new Float64Array(K);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < d; j++) u[j] = (x.data[i * d + j] - mean[j]) / scale[j];
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      let sum = intercept[k];
      for (let j = 0; j < d; j++) sum += coef.data[k * d + j] * u[j];
      z[k] = sum;
      max = Math.max(max, sum);
    }
    let total = 0;
    for (let k = 0; k < K; k++) total += (z[k] = Math.exp(z[k] - max));
    for (let k = 0; k < K; k++) out[i * K + k] = z[k] / total;
  }
  return { data: out, rows: x.rows, cols: K };
}

/** The most probable label of each row of x. */
export function predictLogistic(fit: LogisticFit, x: Matrix): Label[] {
  const p = applyLogistic(fit, x);
  return Array.from({ length: x.rows }, (_, i) => {
    let best = 0;
    for (let k = 1; k < p.cols; k++) if (p.data[i * p.cols + k] > p.data[i * p.cols + best]) best = k;
    return fit.classes[best];
  });
}

/** Converts a batch fit (d×K, global class indices) to the public form (K×d, labels). */
export function toLogisticFit(fit: SoftmaxFit, labels: readonly Label[], d: number): LogisticFit {
  const K = fit.classes.length;
  const coef = new Float32Array(K * d);
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) coef[k * d + j] = fit.coef[j * K + k];
  return {
    classes: Array.from(fit.classes, (c) => labels[c]),
    coef: { data: coef, rows: K, cols: d },
    intercept: fit.intercept, mean: fit.mean, scale: fit.scale,
    iterations: fit.iterations, converged: fit.converged, stopReason: fit.stopReason, loss: fit.loss,
  };
}

export { SOFTMAX_DEFAULTS };
