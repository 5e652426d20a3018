// The self-test backend.ts runs on each tfjs backend: a correctness check against results computed
// in plain JS, and a short timing of the op that dominates our forward passes (a 2-D matmul).
import * as tf from '@tensorflow/tfjs';

/** Largest |Δ| against the plain-JS reference that still counts as correct. */
export const SELF_TEST_TOLERANCE = 1e-3;
/** Timed matmuls after the warm-up; the median is reported. */
const TIMING_REPEATS = 5;

// Shapes of the correctness check: logits = a @ b, softmax over the last axis, gather rows.
const M = 64;
const K = 48;
const N = 40;
const SOFTMAX_ROWS = [3, 0, 63, 17, 42];
// A tall table whose ids pass 2048: fp16 textures return wrong rows there (TECH-NOTES), and the
// values (row + col / 8) are exact in fp32 but not in fp16, so a half-float backend fails loudly.
const TABLE_ROWS = 4096;
const TABLE_COLS = 4;
const TABLE_IDS = [4095, 2049, 3000, 7, 2048];

/** Deterministic values in [-1, 1) from a 32-bit seed (mulberry32), so every run checks the same numbers. */
export function seededValues(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return out;
}

interface Expected {
  logits: Float64Array;
  softmaxRows: Float64Array;
  tableRows: Float64Array;
}

/** The check's answer in float64 plain JS: nothing here touches tfjs. */
function referenceResult(a: Float32Array, b: Float32Array, table: Float32Array): Expected {
  const logits = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += a[i * K + k] * b[k * N + j];
      logits[i * N + j] = sum;
    }
  }
  const softmaxRows = new Float64Array(SOFTMAX_ROWS.length * N);
  SOFTMAX_ROWS.forEach((row, r) => {
    const slice = logits.subarray(row * N, (row + 1) * N);
    const max = Math.max(...slice);
    const exps = Array.from(slice, (v) => Math.exp(v - max));
    const total = exps.reduce((s, v) => s + v, 0);
    exps.forEach((v, j) => (softmaxRows[r * N + j] = v / total));
  });
  const tableRows = new Float64Array(TABLE_IDS.length * TABLE_COLS);
  TABLE_IDS.forEach((id, r) => {
    for (let c = 0; c < TABLE_COLS; c++) tableRows[r * TABLE_COLS + c] = table[id * TABLE_COLS + c];
  });
  return { logits, softmaxRows, tableRows };
}

function maxAbsDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const delta = Math.abs(actual[i] - expected[i]);
    // NaN never compares greater, so catch it explicitly: a NaN result is the worst error.
    if (!(delta <= worst)) worst = Number.isNaN(delta) ? Infinity : delta;
  }
  return worst;
}

function makeTable(): Float32Array {
  const table = new Float32Array(TABLE_ROWS * TABLE_COLS);
  for (let i = 0; i < table.length; i++) table[i] = Math.floor(i / TABLE_COLS) + (i % TABLE_COLS) / 8;
  return table;
}

/**
 * Runs matmul + softmax + gather on the active backend and returns the largest |Δ| from the
 * plain-JS answer (Infinity for NaN or a wrong shape). Leaves no tensors behind.
 */
export async function measureCorrectness(): Promise<number> {
  const a = seededValues(M * K, 1234);
  const b = seededValues(K * N, 5678);
  const table = makeTable();
  const expected = referenceResult(a, b, table);
  const outputs = tf.tidy(() => {
    const logits = tf.matMul(tf.tensor2d(a, [M, K]), tf.tensor2d(b, [K, N])); // [M, N]
    const softmaxRows = tf.gather(tf.softmax(logits), tf.tensor1d(SOFTMAX_ROWS, 'int32')); // [5, N]
    const tableRows = tf.gather(tf.tensor2d(table, [TABLE_ROWS, TABLE_COLS]), tf.tensor1d(TABLE_IDS, 'int32'));
    return [logits, softmaxRows, tableRows];
  });
  try {
    const [logits, softmaxRows, tableRows] = await Promise.all(outputs.map((t) => t.data()));
    return Math.max(
      maxAbsDifference(logits, expected.logits),
      maxAbsDifference(softmaxRows, expected.softmaxRows),
      maxAbsDifference(tableRows, expected.tableRows),
    );
  } finally {
    tf.dispose(outputs);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Median milliseconds of one [size, 2·size] × [2·size, 2·size] matmul read back with data(),
 * after one warm-up run so that shader compilation is not counted. Leaves no tensors behind.
 */
export async function measureMatmulMs(size: number): Promise<number> {
  const inner = 2 * size;
  const a = tf.tensor2d(seededValues(size * inner, 11), [size, inner]);
  const b = tf.tensor2d(seededValues(inner * inner, 22), [inner, inner]);
  const runOnce = async (): Promise<number> => {
    const start = performance.now();
    const product = tf.matMul(a, b);
    try {
      await product.data();
    } finally {
      product.dispose();
    }
    return performance.now() - start;
  };
  try {
    await runOnce();
    const times: number[] = [];
    for (let i = 0; i < TIMING_REPEATS; i++) times.push(await runOnce());
    return median(times);
  } finally {
    tf.dispose([a, b]);
  }
}
