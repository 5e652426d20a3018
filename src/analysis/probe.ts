// Linear probes for every layer of a hook site: L2 softmax regression scored by stratified k-fold CV,
// with a confusion matrix and baselines on the same folds (majority class, shuffled labels, and a
// Hewitt & Liang control task, whose accuracy gives selectivity). probeSteps is the stepper for workers.
import type { Matrix } from '../data/types';
import { summarize, type Score } from './folds';
import { SoftmaxBatch, type SoftmaxFit, type SoftmaxTask } from './logisticBatch';
import { driveSteps } from './probeDriver';
import { argmaxRow, majorityClass, type Label } from './probeLabels';
import { prepareProbe, type ProbeOptions, type ProbeProgress, type ProbeSetup } from './probeSetup';

export type { ProbeOptions, ProbeProgress } from './probeSetup';
export type { Score } from './folds';

/** Widest batch (sum of classes over its fits) trained at once; more tasks run in several batches. */
export const MAX_BATCH_COLUMNS = 256;

export interface ProbeLayerResult {
  layer: number;
  /** Held-out accuracy per fold, its mean and std (ddof 0). */
  accuracy: Score;
  /** counts[true][predicted] over every held-out sample, classes in ProbeReport.classes order. */
  confusion: number[][];
  /** Predicting each training fold's most frequent class. */
  majority: Score;
  /** The probe retrained on labels permuted by a seeded shuffle (null when baselines are off). */
  shuffled: Score | null;
  /** The probe trained on the control task (null when baselines are off). */
  control: Score | null;
  /** accuracy.mean − control.mean (null when baselines are off). */
  selectivity: number | null;
  /** C used in each fold (all equal unless cGrid chose them). */
  C: number[];
  /** Most L-BFGS iterations any real-label fit took, and whether all of them converged. */
  iterations: number;
  converged: boolean;
  notes: string[];
}

export interface ProbeReport {
  classes: Label[];
  /** Fold id of each sample, shared by every layer and baseline. */
  foldIds: Int32Array;
  k: number;
  layers: ProbeLayerResult[];
  notes: string[];
}

/** Probes every layer; see ProbeOptions for defaults, progress and cancellation. */
export function probeLayers(layers: readonly Matrix[], labels: ArrayLike<Label>, options: ProbeOptions = {}): Promise<ProbeReport> {
  return driveSteps(probeSteps(layers, labels, options), options);
}

/**
 * The same run as a generator: each next() does one batched L-BFGS iteration and yields progress; the
 * return value is the report. Call return() to cancel: it frees the tensors of the batch in flight.
 */
export function* probeSteps(layers: readonly Matrix[], labels: ArrayLike<Label>, options: ProbeOptions = {}): Generator<ProbeProgress, ProbeReport, void> {
  const setup = prepareProbe(layers, labels, options);
  const results: ProbeLayerResult[] = [];
  for (let l = 0; l < layers.length; l++) {
    const at = { layer: l, layers: layers.length };
    const Cs = setup.cGrid === null ? setup.train.map(() => setup.C) : yield* chooseC(layers[l], setup, at);
    const tasks = mainTasks(setup, Cs);
    const span: [number, number] = [setup.cGrid === null ? 0 : 0.5, 1];
    const fits = yield* trainTasks(layers[l], tasks, setup, { ...at, phase: 'train', span });
    results.push(scoreLayer(l, fits, setup, Cs));
  }
  return { classes: setup.labels.classes, foldIds: setup.folds.foldIds, k: setup.folds.k, layers: results, notes: setup.notes };
}

/** Real, shuffled and control fits for every fold, in that order. */
function mainTasks(setup: ProbeSetup, Cs: number[]): SoftmaxTask[] {
  const labelSets = [setup.labels.index, setup.shuffled, setup.control].filter((l): l is Int32Array => l !== null);
  return labelSets.flatMap((labels) => setup.train.map((train, f) => ({ train, labels, C: Cs[f] })));
}

type Stage = Pick<ProbeProgress, 'layer' | 'layers' | 'phase'> & {
  /** Part of the layer's work this stage covers, as fractions of the layer: [from, to]. */
  span: [number, number];
};

/** Iterations a batch is assumed to need, only for the progress fraction. */
const TYPICAL_ITERATIONS = 100;

/** Trains tasks in batches of at most MAX_BATCH_COLUMNS columns, yielding progress after each iteration. */
function* trainTasks(x: Matrix, tasks: SoftmaxTask[], setup: ProbeSetup, stage: Stage): Generator<ProbeProgress, SoftmaxFit[], void> {
  const perBatch = Math.max(1, Math.floor(MAX_BATCH_COLUMNS / setup.labels.classes.length));
  const batches = Math.ceil(tasks.length / perBatch);
  const { span, ...at } = stage;
  const fits: SoftmaxFit[] = [];
  for (let b = 0; b < batches; b++) {
    const batch = new SoftmaxBatch(x, tasks.slice(b * perBatch, (b + 1) * perBatch), setup.softmax);
    try {
      while (!batch.done) {
        batch.step();
        const { iteration, active } = batch.progress;
        const within = (b + Math.min(1, iteration / TYPICAL_ITERATIONS)) / batches;
        yield { ...at, iteration, active, fraction: (at.layer + span[0] + (span[1] - span[0]) * within) / at.layers };
      }
      fits.push(...batch.result());
    } finally {
      batch.dispose();
    }
  }
  return fits;
}

/** Held-out accuracy of a fit on `rows` against `labels`. */
function heldAccuracy(fit: SoftmaxFit, rows: Int32Array, labels: Int32Array): number {
  let correct = 0;
  for (const i of rows) if (fit.classes[argmaxRow(fit.logits, i, fit.classes.length)] === labels[i]) correct++;
  return correct / rows.length;
}

/** Scores of one label set's fits (fits[f] trained without fold f) on their held-out folds. */
function foldScore(fits: SoftmaxFit[], labels: Int32Array, setup: ProbeSetup): Score {
  return summarize(fits.map((fit, f) => heldAccuracy(fit, setup.test[f], labels)));
}

function scoreLayer(layer: number, fits: SoftmaxFit[], setup: ProbeSetup, Cs: number[]): ProbeLayerResult {
  const k = setup.folds.k;
  const K = setup.labels.classes.length;
  const real = fits.slice(0, k);
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  real.forEach((fit, f) => {
    for (const i of setup.test[f]) confusion[setup.labels.index[i]][fit.classes[argmaxRow(fit.logits, i, fit.classes.length)]]++;
  });
  const majority = setup.train.map((train, f) => {
    const c = majorityClass(setup.labels.index, train, K);
    return setup.test[f].filter((i) => setup.labels.index[i] === c).length / setup.test[f].length;
  });
  const accuracy = foldScore(real, setup.labels.index, setup);
  const shuffled = setup.shuffled === null ? null : foldScore(fits.slice(k, 2 * k), setup.shuffled, setup);
  const control = setup.control === null ? null : foldScore(fits.slice(2 * k, 3 * k), setup.control, setup);
  const unconverged = fits.filter((fit) => !fit.converged);
  const notes = unconverged.length === 0 ? [] : [
    `${unconverged.length} of ${fits.length} fits stopped before converging (${[...new Set(unconverged.map((f) => f.stopReason))].join(', ')}); ` +
      'raise maxIter or lower C if the accuracy looks off',
  ];
  return {
    layer, accuracy, confusion, majority: summarize(majority), shuffled, control,
    selectivity: control === null ? null : accuracy.mean - control.mean,
    C: Cs, iterations: Math.max(...real.map((fit) => fit.iterations)), converged: real.every((fit) => fit.converged), notes,
  };
}

/** Per outer fold, the C of cGrid with the best mean inner-CV accuracy (ties: the first listed). */
function* chooseC(x: Matrix, setup: ProbeSetup, at: { layer: number; layers: number }): Generator<ProbeProgress, number[], void> {
  const grid = setup.cGrid!;
  const tasks: SoftmaxTask[] = [];
  const held: Int32Array[] = [];
  setup.train.forEach((train, f) => {
    const inner = setup.inner![f];
    for (const C of grid) {
      for (let g = 0; g < inner.k; g++) {
        tasks.push({ train: train.filter((_, r) => inner.foldIds[r] !== g), labels: setup.labels.index, C });
        held.push(train.filter((_, r) => inner.foldIds[r] === g));
      }
    }
  });
  const fits = yield* trainTasks(x, tasks, setup, { ...at, phase: 'choose C', span: [0, 0.5] });
  let t = 0;
  return setup.train.map((_, f) => {
    const scores = grid.map(() => {
      let sum = 0;
      for (let g = 0; g < setup.inner![f].k; g++, t++) sum += heldAccuracy(fits[t], held[t], setup.labels.index);
      return sum;
    });
    return grid[scores.indexOf(Math.max(...scores))];
  });
}
