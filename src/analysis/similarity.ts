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
 * NaN when either has no variance (CKA is 0/0 there), as numpy would give.
 */
export function linearCka(a: Matrix, b: Matrix): number {
  if (a.rows !== b.rows) {
    throw new Error(`linear CKA compares the same samples, but A has ${a.rows} rows and B has ${b.rows}; pass matching rows`);
  }
  const x = prepare(a, 'CKA input A');
  try {
    const y = prepare(b, 'CKA input B');
    try {
      return ckaFromParts(crossSquares(x, y), x.selfNorm, y.selfNorm);
    } finally {
      y.transposed.dispose();
    }
  } finally {
    x.transposed.dispose();
  }
}

/** Linear CKA between every pair of `layers` (same rows each): a symmetric L×L row-major matrix, 1 on the diagonal. */
export function ckaMatrix(layers: Matrix[]): Float64Array {
  const count = layers.length;
  const out = new Float64Array(count * count);
  layers.forEach((layer, i) => {
    if (layer.rows !== layers[0].rows) {
      throw new Error(`CKA layers must hold the same samples: layer 0 has ${layers[0].rows} rows, layer ${i} has ${layer.rows}`);
    }
  });
  const prepared: Prepared[] = [];
  try {
    for (let i = 0; i < count; i++) prepared.push(prepare(layers[i], `CKA layer ${i}`));
    for (let i = 0; i < count; i++) {
      out[i * count + i] = prepared[i].selfNorm > 0 ? 1 : NaN;
      for (let j = i + 1; j < count; j++) {
        const value = ckaFromParts(crossSquares(prepared[i], prepared[j]), prepared[i].selfNorm, prepared[j].selfNorm);
        out[i * count + j] = out[j * count + i] = value;
      }
    }
    return out;
  } finally {
    prepared.forEach((p) => p.transposed.dispose());
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
   * The column-centred matrix transposed, [d, n]. Only this layout is kept (memory, for many layers);
   * the [n, d] operand is re-made by tf.transpose when needed, so matMul never takes a transpose flag.
   */
  transposed: tf.Tensor2D;
  /** ‖XᵀX‖_F of the centred matrix. */
  selfNorm: number;
}

function prepare(x: Matrix, what: string): Prepared {
  assertShape(x, 2, what, 'linear CKA');
  assertFinite(x, what);
  const centred = centreColumns(x, columnMeans(x), null);
  const transposed = tf.tidy(() => tf.transpose(tf.tensor2d(centred.data, [x.rows, x.cols])) as tf.Tensor2D);
  const selfNorm = Math.sqrt(sumSquares(readTidy(() => tf.matMul(transposed, tf.transpose(transposed)))));
  return { transposed, selfNorm };
}

/** ‖Yᵀ·X‖²_F, a dy×dx product over the n samples. */
function crossSquares(x: Prepared, y: Prepared): number {
  return sumSquares(readTidy(() => tf.matMul(y.transposed, tf.transpose(x.transposed))));
}

function ckaFromParts(cross: number, normA: number, normB: number): number {
  if (!(normA > 0 && normB > 0)) return NaN;
  return Math.min(1, Math.max(0, cross / (normA * normB)));
}

function sumSquares(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return sum;
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
