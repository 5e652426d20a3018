// The training objective: weighted cross-entropy of next-token logits from the app's own forward pass.
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../../src/model/config';
import { forward } from '../../src/model/transformer';
import type { TrainBatch } from './batch';
import { weightsView, type Params } from './params';

/** Weighted mean cross-entropy against the batch's target distributions, as a scalar. Call inside tf.tidy or tf.variableGrads. */
export function batchLoss(params: Params, config: ModelConfig, b: TrainBatch): tf.Scalar {
  const ids = tf.tensor2d(b.ids, [b.batch, b.pos], 'int32');
  const logits = forward(weightsView(params, config), config, ids, (_n, x) => x); // [batch, pos, d_vocab]
  const flat = tf.reshape(logits, [b.batch * b.pos, config.dVocab]);
  // x − logΣexp(x) rather than tf.logSoftmax, whose composite kernel trips tfjs's leak check on wasm.
  const logProbs = tf.sub(flat, tf.logSumExp(flat, 1, true)); // [batch·pos, d_vocab]
  const picked = tf.sum(tf.mul(logProbs, tf.tensor2d(b.targets, [b.batch * b.pos, config.dVocab])), 1); // [batch·pos]
  const weights = tf.tensor1d(b.weights);
  return tf.div(tf.neg(tf.sum(tf.mul(picked, weights))), Math.max(1e-9, sumOf(b.weights))) as tf.Scalar;
}

function sumOf(a: Float32Array): number {
  let s = 0;
  for (const x of a) s += x;
  return s;
}
