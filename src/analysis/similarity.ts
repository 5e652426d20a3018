// How alike two representations are: linear CKA between two matrices of the same samples (Kornblith
// et al. 2019), as one value or as a layer × layer matrix, and cosine similarity between vectors.
// Synchronous (tfjs dataSync for the products): call it in a worker or in Node.
import * as tf from '@tensorflow/tfjs';
import type { Matrix } from '../data/types';
import { assertFinite, assertShape, centreColumns, columnMeans } from './matrix';
import { readTidy } from './linalgTf';

/**
 * Linear CKA of two representations of the same n samples (rows), in [0, 1]:
 * ‖Bᵀ·A‖²_F / (‖Aᵀ·A‖_F · ‖Bᵀ·B‖_F) on column-centred A and B, the feature-space form of
 * HSIC(AAᵀ, BBᵀ) / √(HSIC(AAᵀ, AAᵀ)·HSIC(BBᵀ, BBᵀ)), which costs O(n·d²) instead of O(n²·d).
 * When every input has at least n features the Gram form ⟨AAᵀ, BBᵀ⟩_F is the cheaper one and is used.
 * NaN when either has no variance (CKA is 0/0 there), as numpy would give.
 */
export function linearCka(a: Matrix, b: Matrix): number {
  if (a.rows !== b.rows) {
    throw new Error(`linear CKA compares the same samples, but A has ${a.rows} rows and B has ${b.rows}; pass matching rows`);
  }
  return ckaTable([a, b], ['CKA input A', 'CKA input B'])[1];
}

/** Linear CKA between every pair of `layers` (same rows each): a symmetric L×L row-major matrix, 1 on the diagonal. */
export function ckaMatrix(layers: Matrix[]): Float64Array {
  layers.forEach((layer, i) => {
    if (layer.rows !== layers[0].rows) {
      throw new Error(`CKA layers must hold the same samples: layer 0 has ${layers[0].rows} rows, layer ${i} has ${layer.rows}`);
    }
  });
  return ckaTable(layers, layers.map((_, i) => `CKA layer ${i}`));
}

function ckaTable(layers: Matrix[], names: string[]): Float64Array {
  const count = layers.length;
  const out = new Float64Array(count * count);
  const gramForm = count > 0 && layers.every((layer) => layer.cols >= layer.rows);
  const prepared: Prepared[] = [];
  try {
    layers.forEach((layer, i) => prepared.push(prepare(layer, names[i], gramForm)));
    for (let i = 0; i < count; i++) {
      out[i * count + i] = prepared[i].selfNorm > 0 ? 1 : NaN;
      const crosses = gramForm ? gramCrosses(prepared, i) : featureCrosses(prepared, i);
      for (let j = i + 1; j < count; j++) {
        out[i * count + j] = out[j * count + i] = ckaFromParts(crosses[j], prepared[i].selfNorm, prepared[j].selfNorm);
      }
    }
    return out;
  } finally {
    prepared.forEach((p) => p.transposed?.dispose());
  }
}

/** Cosine of the angle between two vectors, in float64; 0 when either is all zeros (as scikit-learn). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cosine needs vectors of one length, got ${a.length} and ${b.length}`);
  checkVector(a, 'cosine input A');
  checkVector(b, 'cosine input B');
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa > 0 && bb > 0 ? clampUnit(ab / Math.sqrt(aa * bb)) : 0;
}

/** Cosine between every pair of vectors: symmetric m×m row-major; 1 on the diagonal (0 for zero vectors). */
export function cosineMatrix(vectors: ArrayLike<number>[]): Float64Array {
  const count = vectors.length;
  const length = count > 0 ? vectors[0].length : 0;
  const units = vectors.map((v, i) => {
    if (v.length !== length) throw new Error(`cosineMatrix needs vectors of one length: vector 0 has ${length}, vector ${i} has ${v.length}`);
    checkVector(v, `vector ${i}`);
    return unit(v);
  });
  const out = new Float64Array(count * count);
  for (let i = 0; i < count; i++) {
    for (let j = i; j < count; j++) {
      let sum = 0;
      for (let t = 0; t < length; t++) sum += units[i][t] * units[j][t];
      out[i * count + j] = out[j * count + i] = clampUnit(sum);
    }
  }
  return out;
}

interface Prepared {
  /**
   * Feature form: the column-centred matrix transposed, [d, n]. Only this layout is kept (memory, for
   * many layers); the [n, d] operand is re-made by tf.transpose, so matMul never takes a transpose flag.
   */
  transposed?: tf.Tensor2D;
  /** Gram form: X·Xᵀ of the centred matrix, [n, n]. */
  gram?: Float32Array;
  /** ‖XᵀX‖_F = ‖XXᵀ‖_F of the centred matrix. */
  selfNorm: number;
}

function prepare(x: Matrix, what: string, gramForm: boolean): Prepared {
  assertShape(x, 2, what, 'linear CKA');
  assertFinite(x, what);
  const centred = centreColumns(x, columnMeans(x), null);
  if (gramForm) {
    const gram = readTidy(() => {
      const rows = tf.tensor2d(centred.data, [x.rows, x.cols]);
      return tf.matMul(rows, tf.transpose(rows));
    });
    return { gram, selfNorm: Math.sqrt(sumSquares(gram)) };
  }
  const transposed = tf.tidy(() => tf.transpose(tf.tensor2d(centred.data, [x.rows, x.cols])) as tf.Tensor2D);
  const selfNorm = Math.sqrt(sumSquares(readTidy(() => tf.matMul(transposed, tf.transpose(transposed)))));
  return { transposed, selfNorm };
}

/** ‖X_jᵀ·X_i‖²_F for every j > i (entries up to i are unused). */
function featureCrosses(prepared: Prepared[], i: number): Float64Array {
  const out = new Float64Array(prepared.length);
  const rows = tf.transpose(prepared[i].transposed!); // [n, d_i], made once for the whole row of the table
  try {
    for (let j = i + 1; j < prepared.length; j++) out[j] = sumSquares(readTidy(() => tf.matMul(prepared[j].transposed!, rows)));
  } finally {
    rows.dispose();
  }
  return out;
}

/** ⟨X_iX_iᵀ, X_jX_jᵀ⟩_F (= ‖X_jᵀ·X_i‖²_F) for every j > i. */
function gramCrosses(prepared: Prepared[], i: number): Float64Array {
  const out = new Float64Array(prepared.length);
  for (let j = i + 1; j < prepared.length; j++) out[j] = sumProducts(prepared[i].gram!, prepared[j].gram!);
  return out;
}

function ckaFromParts(cross: number, normA: number, normB: number): number {
  if (!(normA > 0 && normB > 0)) return NaN;
  return Math.min(1, Math.max(0, cross / (normA * normB)));
}

/** Σ a_i·b_i in float64. */
function sumProducts(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function sumSquares(values: Float32Array): number {
  return sumProducts(values, values);
}

function checkVector(v: ArrayLike<number>, what: string): void {
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw new Error(`${what} has ${v[i]} at index ${i}; drop or replace non-finite values first`);
  }
}

function unit(v: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(v);
  let sum = 0;
  for (let i = 0; i < out.length; i++) sum += out[i] * out[i];
  const inverse = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let i = 0; i < out.length; i++) out[i] *= inverse;
  return out;
}

function clampUnit(value: number): number {
  return Math.min(1, Math.max(-1, value));
}
