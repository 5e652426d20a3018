// tfjs helpers for the analyses. tf.tidy walks whatever its function returns, element by element
// for typed arrays (seconds for a few million values), so results are read outside it.
import * as tf from '@tensorflow/tfjs';

/** Runs `make` in tf.tidy, reads its one tensor synchronously and disposes it. */
export function readTidy(make: () => tf.Tensor): Float32Array {
  const tensor = tf.tidy(make);
  try {
    return tensor.dataSync() as Float32Array;
  } finally {
    tensor.dispose();
  }
}

/** Calls `fn` with `tensor`, then disposes `tensor` whatever happens. */
export function using<T extends tf.Tensor, R>(tensor: T, fn: (tensor: T) => R): R {
  try {
    return fn(tensor);
  } finally {
    tensor.dispose();
  }
}

/**
 * Column-block width of scatterMatrix. Only the blocks on and above the diagonal are multiplied
 * (symmetry), and on wasm, blocks this wide also ran faster per flop than one d-wide product.
 */
const SCATTER_BLOCK = 512;

/** Xᵀ·X (d×d) from X (n×d) and its materialised transpose (d×n); both stay alive. */
export function scatterMatrix(x: tf.Tensor2D, xt: tf.Tensor2D): tf.Tensor2D {
  const [n, d] = x.shape;
  const count = Math.ceil(d / SCATTER_BLOCK);
  if (count <= 1) return tf.matMul(xt, x);
  return tf.tidy(() => {
    const width = Math.ceil(d / count);
    const starts = Array.from({ length: count }, (_, i) => i * width);
    const size = (i: number) => Math.min(width, d - starts[i]);
    const columns = starts.map((s, i) => tf.slice(x, [0, s], [n, size(i)]));
    const blocks: tf.Tensor2D[][] = starts.map(() => []);
    for (let i = 0; i < count; i++) {
      const rowsT = tf.slice(xt, [starts[i], 0], [size(i), n]);
      for (let j = i; j < count; j++) {
        blocks[i][j] = tf.matMul(rowsT, columns[j]);
        if (j > i) blocks[j][i] = tf.transpose(blocks[i][j]);
      }
    }
    return tf.concat(blocks.map((row) => tf.concat(row, 1)), 0);
  });
}
