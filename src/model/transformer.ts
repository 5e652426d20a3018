// The GPT-2 forward pass, top to bottom, with a hook point at every TransformerLens site.
// `hp(name, x)` is the identity unless the caller's hook function reads or changes the activation.
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config';
import type { BlockWeights, ModelWeights } from './weights';
import type { HookName } from './hooks';

/** Called at every hook point; returns the activation that flows on (the same tensor when it only reads). */
export type HookPointFn = (name: HookName, act: tf.Tensor) => tf.Tensor;

/** Score given to masked (future) key positions before the softmax. Finite so that no backend makes NaN. */
export const MASKED_SCORE = -1e4;

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

function activation(x: tf.Tensor, act: ModelConfig['act']): tf.Tensor {
  if (act === 'relu') return tf.relu(x);
  if (act === 'gelu') return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
  // gelu_new: 0.5·x·(1 + tanh(u)) with u = √(2/π)·(x + 0.044715·x³), written as x·σ(2u) because pow and
  // tanh are slow elementwise kernels on wasm while mul and sigmoid are fast.
  const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), 2 * SQRT_2_OVER_PI);
  return tf.mul(x, tf.sigmoid(inner));
}

function layerNorm(x: tf.Tensor, g: tf.Tensor1D, b: tf.Tensor1D, eps: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), g), b);
}

/** x [batch, pos, d_in] times w [d_in, d_out] plus bias, as one 2-D matmul (the wasm fast path). */
function linear(x: tf.Tensor, w: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor {
  const [batch, pos, dIn] = x.shape;
  const y = tf.add(tf.matMul(tf.reshape(x, [batch * pos, dIn]), w), bias); // [batch·pos, d_out]
  return tf.reshape(y, [batch, pos, w.shape[1]]);
}

/** 1 where key ≤ query, 0 elsewhere: [1, 1, pos, pos]. */
function causalKeep(pos: number): tf.Tensor {
  return tf.reshape(tf.linalg.bandPart(tf.ones([pos, pos]), -1, 0), [1, 1, pos, pos]);
}

function attention(x: tf.Tensor, w: BlockWeights, c: ModelConfig, layer: number, hp: HookPointFn, keep: tf.Tensor): tf.Tensor {
  const [batch, pos] = x.shape;
  const inner = c.nHeads * c.dHead;
  const at = (site: string) => `blocks.${layer}.attn.${site}` as HookName;
  const qkv = linear(x, w.wQkv, w.bQkv); // [batch, pos, 3·head·d_head]
  const [q0, k0, v0] = tf.split(qkv, [inner, inner, inner], 2);
  const heads = (t: tf.Tensor) => tf.reshape(t, [batch, pos, c.nHeads, c.dHead]); // [batch, pos, head, d_head]
  const q = hp(at('hook_q'), heads(q0));
  const k = hp(at('hook_k'), heads(k0));
  const v = hp(at('hook_v'), heads(v0));
  const byHead = (t: tf.Tensor) => tf.transpose(t, [0, 2, 1, 3]); // [batch, head, pos, d_head]
  const raw = tf.mul(tf.matMul(byHead(q), byHead(k), false, true), 1 / Math.sqrt(c.dHead)); // [batch, head, q, k]
  const scores = hp(at('hook_attn_scores'), tf.add(tf.mul(raw, keep), tf.mul(tf.sub(1, keep), MASKED_SCORE)));
  const pattern = hp(at('hook_pattern'), tf.softmax(scores, -1)); // [batch, head, q, k]
  const z = hp(at('hook_z'), tf.transpose(tf.matMul(pattern, byHead(v)), [0, 2, 1, 3])); // [batch, pos, head, d_head]
  return linear(tf.reshape(z, [batch, pos, inner]), w.wO, w.bO); // [batch, pos, d_model]
}

function block(resid: tf.Tensor, w: BlockWeights, c: ModelConfig, layer: number, hp: HookPointFn, keep: tf.Tensor): tf.Tensor {
  const at = (site: string) => `blocks.${layer}.${site}` as HookName;
  const pre = hp(at('hook_resid_pre'), resid);
  const ln1 = hp(at('ln1.hook_normalized'), layerNorm(pre, w.ln1.g, w.ln1.b, c.normEps));
  const attnOut = hp(at('hook_attn_out'), attention(ln1, w, c, layer, hp, keep));
  if (w.mlp === null) return hp(at('hook_resid_post'), tf.add(pre, attnOut));
  const mid = hp(at('hook_resid_mid'), tf.add(pre, attnOut));
  const ln2 = hp(at('ln2.hook_normalized'), layerNorm(mid, w.mlp.ln2.g, w.mlp.ln2.b, c.normEps));
  const hidden = hp(at('mlp.hook_pre'), linear(ln2, w.mlp.wIn, w.mlp.bIn)); // [batch, pos, d_mlp]
  const post = hp(at('mlp.hook_post'), activation(hidden, c.act));
  const mlpOut = hp(at('hook_mlp_out'), linear(post, w.mlp.wOut, w.mlp.bOut));
  return hp(at('hook_resid_post'), tf.add(mid, mlpOut));
}

/**
 * Runs the model on a [batch, pos] id tensor and returns logits [batch, pos, d_vocab]. Call inside
 * tf.tidy; `lastLayer` stops early (the result is then the residual stream after that block).
 */
export function forward(w: ModelWeights, c: ModelConfig, ids: tf.Tensor2D, hp: HookPointFn, lastLayer = c.nLayers - 1): tf.Tensor {
  const [batch, pos] = ids.shape;
  const embed = hp('hook_embed', tf.gather(w.wte, ids)); // [batch, pos, d_model]
  const posEmbed = hp('hook_pos_embed', tf.broadcastTo(tf.expandDims(tf.slice(w.wpe, [0, 0], [pos, c.dModel]), 0), [batch, pos, c.dModel]));
  const keep = causalKeep(pos);
  let resid = tf.add(embed, posEmbed);
  for (let l = 0; l <= lastLayer; l++) resid = block(resid, w.blocks[l], c, l, hp, keep);
  if (lastLayer < c.nLayers - 1) return resid;
  const normed = hp('ln_final.hook_normalized', layerNorm(resid, w.lnF.g, w.lnF.b, c.normEps));
  const flat = tf.reshape(normed, [batch * pos, c.dModel]);
  return hp('unembed.hook_out', tf.reshape(tf.matMul(flat, w.wU), [batch, pos, c.dVocab])); // [batch, pos, d_vocab]
}
