// Declarative interventions on hook points: replace, add a vector, scale, project a direction out,
// or a custom function. Each acts only at chosen positions (per prompt) and, where a site has heads, heads.
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config';
import { hookAxes, parseHookName, type HookName } from './hooks';
import { positionMask, type Positions } from './batch';

interface Where {
  /** Hook point to act on. */
  hook: HookName;
  /** Positions per prompt (default 'all'). On attention patterns and scores they select query positions. */
  positions?: Positions;
  /** Heads to act on, for sites with a head axis (q, k, v, z, scores, pattern). Default: every head. */
  heads?: readonly number[];
}

export interface HookCallInfo {
  name: HookName;
  /** Each prompt's length. */
  lengths: readonly number[];
}

export type Intervention = Where &
  (
    | { kind: 'replace'; /** Activation values with the hook's full shape [batch, …], e.g. from a cache with position 'all'. */ value: Float32Array }
    | { kind: 'add'; /** A vector over the last axis, added `scale` times (default 1). */ vector: Float32Array; scale?: number }
    | { kind: 'scale'; factor: number }
    | { kind: 'project_out'; /** Direction over the last axis; need not be unit length. */ direction: Float32Array }
    | { kind: 'custom'; fn: (act: tf.Tensor, info: HookCallInfo) => tf.Tensor }
  );

/** Checks an intervention against the model before a forward pass, so errors come before any work. */
export function checkIntervention(iv: Intervention, config: ModelConfig): void {
  const { site } = parseHookName(iv.hook, config);
  const axes = hookAxes(site);
  if (iv.heads !== undefined) {
    if (!axes.includes('head')) throw new Error(`hook "${iv.hook}" has no head axis; remove "heads" or choose an attention site`);
    for (const h of iv.heads) {
      if (!Number.isInteger(h) || h < 0 || h >= config.nHeads) throw new Error(`head ${h} does not exist (the model has heads 0–${config.nHeads - 1})`);
    }
  }
  const last = axes[axes.length - 1];
  const width = { d_model: config.dModel, d_head: config.dHead, d_mlp: config.dMlp, d_vocab: config.dVocab } as Record<string, number>;
  const vec = iv.kind === 'add' ? iv.vector : iv.kind === 'project_out' ? iv.direction : null;
  if (vec && width[last] !== undefined && vec.length !== width[last]) {
    throw new Error(`${iv.kind} on "${iv.hook}": the vector has ${vec.length} entries, but the hook's last axis (${last}) has ${width[last]}`);
  }
  if (iv.kind === 'project_out' && !(iv.direction.some((x) => x !== 0) && iv.direction.every(Number.isFinite))) {
    throw new Error(`project_out on "${iv.hook}": the direction must be finite and non-zero`);
  }
}

/** A 0/1 mask broadcastable to the activation: batch, position (or query) and, if asked, head axes. */
function actMask(iv: Intervention, shape: number[], axes: string[], lengths: readonly number[], limit?: readonly number[]): tf.Tensor {
  const posAxis = axes.findIndex((a) => a === 'pos' || a === 'q');
  const pos = shape[posAxis];
  const mShape = shape.map((_, i) => (i === 0 ? shape[0] : i === posAxis ? pos : 1));
  let mask: tf.Tensor = tf.tensor(positionMask(iv.positions ?? 'all', lengths, pos, limit), mShape);
  if (iv.heads !== undefined) {
    const headAxis = axes.indexOf('head');
    const hm = new Float32Array(shape[headAxis]);
    for (const h of iv.heads) hm[h] = 1;
    mask = tf.mul(mask, tf.tensor(hm, shape.map((d, i) => (i === headAxis ? d : 1))));
  }
  return mask;
}

/** A vector over the last axis, shaped to broadcast against an activation of this rank. */
function lastAxisVector(v: Float32Array, rank: number): tf.Tensor {
  return tf.tensor(v, [...Array<number>(rank - 1).fill(1), v.length]);
}

/**
 * Applies one intervention to an activation. Runs inside the forward pass's tidy; `limit` restricts it to
 * positions before each prompt's limit (one-shot steering acts on the prompt only).
 */
export function applyIntervention(iv: Intervention, act: tf.Tensor, info: HookCallInfo, limit?: readonly number[]): tf.Tensor {
  if (iv.kind === 'custom') {
    const out = iv.fn(act, info);
    if (!tf.util.arraysEqual(out.shape, act.shape)) {
      throw new Error(`custom hook on "${info.name}" returned shape [${out.shape}], expected [${act.shape}]`);
    }
    return out;
  }
  const axes = hookAxes(parseHookName(info.name).site);
  const m = actMask(iv, act.shape, axes, info.lengths, limit);
  switch (iv.kind) {
    case 'replace': {
      if (iv.value.length !== act.size) {
        throw new Error(`replace on "${info.name}": the value has ${iv.value.length} numbers, the activation [${act.shape}] has ${act.size}`);
      }
      const value = tf.tensor(iv.value, act.shape);
      // act·(1−m) + value·m is exact for a 0/1 mask and finite values.
      return tf.add(tf.mul(act, tf.sub(1, m)), tf.mul(value, m));
    }
    case 'add':
      return tf.add(act, tf.mul(m, tf.mul(lastAxisVector(iv.vector, act.rank), iv.scale ?? 1)));
    case 'scale':
      return tf.mul(act, tf.add(1, tf.mul(m, iv.factor - 1)));
    case 'project_out': {
      let sq = 0;
      for (const x of iv.direction) sq += x * x;
      const norm = Math.sqrt(sq);
      const u = lastAxisVector(iv.direction.map((x) => x / norm), act.rank);
      const along = tf.sum(tf.mul(act, u), -1, true); // [..., 1]
      return tf.sub(act, tf.mul(m, tf.mul(along, u)));
    }
  }
}
