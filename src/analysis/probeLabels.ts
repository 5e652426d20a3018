// Class labels as the probes see them: any strings or numbers, encoded as indices into their sorted
// distinct values; plus the checks every probe entry point makes on its inputs.
import type { Matrix } from '../data/types';
import { assertFinite, assertShape } from './matrix';

export type Label = string | number;

export interface EncodedLabels {
  /** Distinct labels, ascending (numerically when all are numbers, else by code unit). */
  classes: Label[];
  /** Index into `classes` of each sample's label. */
  index: Int32Array;
}

/** Encodes labels as class indices; a NaN or missing label is an error naming the sample. */
export function encodeLabels(labels: ArrayLike<Label>): EncodedLabels {
  const values = Array.from(labels);
  const bad = values.findIndex((v) => v === undefined || v === null || (typeof v === 'number' && !Number.isFinite(v)));
  if (bad >= 0) throw new Error(`label of sample ${bad} is ${String(values[bad])}; give every sample a label (drop unlabelled samples first)`);
  const numeric = values.every((v) => typeof v === 'number');
  const keys: Label[] = numeric ? values : values.map(String);
  const order = (a: Label, b: Label): number => (numeric ? (a as number) - (b as number) : a < b ? -1 : a > b ? 1 : 0);
  const classes = [...new Set<Label>(keys)].sort(order);
  const lookup = new Map<Label, number>(classes.map((c, i) => [c, i]));
  return { classes, index: Int32Array.from(keys, (v) => lookup.get(v)!) };
}

/** Throws unless there are at least two classes, with a message that says what to do. */
export function assertTwoClasses(encoded: EncodedLabels): void {
  if (encoded.classes.length < 2) {
    const only = encoded.classes.length === 1 ? ` (every sample is ${JSON.stringify(encoded.classes[0])})` : '';
    throw new Error(`a probe needs at least two classes, found ${encoded.classes.length}${only}; label samples of at least two kinds`);
  }
}

/** Checks that each layer is a finite matrix with one row per label and the same width as the first. */
export function assertLayers(layers: readonly Matrix[], n: number): void {
  if (layers.length === 0) throw new Error('no layers given; pass at least one activation matrix');
  layers.forEach((x, l) => {
    const what = `layer ${l} activations`;
    assertShape(x, 1, what, 'a probe');
    if (x.rows !== n) throw new Error(`${what} have ${x.rows} rows but there are ${n} labels; give one label per row`);
    if (x.cols !== layers[0].cols) throw new Error(`${what} have ${x.cols} columns but layer 0 has ${layers[0].cols}; pass layers of one hook site`);
    assertFinite(x, what);
  });
}

/** Most frequent class among `rows` (ties: the lowest class index). */
export function majorityClass(index: Int32Array, rows: Int32Array, numClasses: number): number {
  const counts = new Int32Array(numClasses);
  for (const i of rows) counts[index[i]]++;
  let best = 0;
  for (let c = 1; c < numClasses; c++) if (counts[c] > counts[best]) best = c;
  return best;
}

/** Index of the largest of K logits in row i (first on ties, as numpy's argmax). */
export function argmaxRow(logits: Float64Array, i: number, K: number): number {
  let best = 0;
  for (let k = 1; k < K; k++) if (logits[i * K + k] > logits[i * K + best]) best = k;
  return best;
}
