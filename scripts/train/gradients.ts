// Training-only gradient overrides that keep tfjs-wasm on its fast path: the stock matMul gradient uses
// transposed operands (slow on wasm) and the gather gradient needs UnsortedSegmentSum (no wasm kernel).
// Both replacements compute the same mathematics; other cases fall through to tfjs's own gradients.
import * as tf from '@tensorflow/tfjs';

type GradConfig = ReturnType<typeof tf.getGradient>;

let installed = false;

/** Transposes of 2-D operands made explicitly, then untransposed 2-D matmuls. */
function matMulGrad(stock: GradConfig): GradConfig {
  return {
    ...stock,
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved;
      const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
      if (a.rank !== 2 || b.rank !== 2 || transposeA || transposeB) return stock.gradFunc(dy, saved, attrs);
      const dy2 = dy as tf.Tensor2D;
      return {
        a: () => tf.matMul(dy2, tf.transpose(b as tf.Tensor2D)), // [m, k]
        b: () => tf.matMul(tf.transpose(a as tf.Tensor2D), dy2), // [k, n]
      };
    },
  };
}

/** Row gather from a 2-D table: the gradient is oneHot(indices)ᵀ · dy, summed rows for repeated ids. */
function gatherGrad(stock: GradConfig): GradConfig {
  return {
    ...stock,
    gradFunc: (dy, saved, attrs) => {
      const [x, indices] = saved;
      const { axis, batchDims } = attrs as unknown as { axis: number; batchDims: number };
      if (x.rank !== 2 || axis !== 0 || batchDims !== 0) return stock.gradFunc(dy, saved, attrs);
      const [rows, cols] = x.shape;
      return {
        x: () => {
          const flatIdx = tf.reshape(indices, [indices.size]) as tf.Tensor1D;
          // int32 then cast: wasm's OneHot ignores a float32 dtype and writes integer bits.
          const picks = tf.transpose(tf.cast(tf.oneHot(flatIdx, rows), 'float32')); // [rows, n]
          return tf.matMul(picks, tf.reshape(dy as tf.Tensor, [indices.size, cols]) as tf.Tensor2D); // [rows, cols]
        },
        indices: () => indices,
      };
    },
  };
}

/** Installs the overrides once per process (tfjs's registry is global). */
export function installTrainingGradients(): void {
  if (installed) return;
  tf.registerGradient(matMulGrad(tf.getGradient('BatchMatMul')));
  tf.registerGradient(gatherGrad(tf.getGradient('GatherV2')));
  installed = true;
}
