// Right-padded batches of prompts and the per-prompt position masks that hooks use.
// Right padding plus the causal mask means a real token never attends to padding.
import * as tf from '@tensorflow/tfjs';

/** Token id written into padding slots; its value never reaches a real position. */
export const PAD_ID = 0;

export interface Batch {
  /** Number of prompts. */
  batch: number;
  /** Padded length (the longest prompt). */
  pos: number;
  /** Each prompt's own length. */
  lengths: number[];
  /** Row-major [batch, pos] token ids, padded with PAD_ID. */
  ids: Int32Array;
}

/** Validates prompts of token ids and pads them on the right into one batch. */
export function prepareBatch(prompts: readonly (readonly number[])[], dVocab: number, nCtx: number): Batch {
  if (prompts.length === 0) throw new Error('no prompts: give at least one prompt of token ids');
  const lengths = prompts.map((p) => p.length);
  const pos = Math.max(...lengths);
  prompts.forEach((p, i) => {
    if (p.length === 0) throw new Error(`prompt ${i} is empty: every prompt needs at least one token`);
    if (p.length > nCtx) throw new Error(`prompt ${i} has ${p.length} tokens, more than the model's context length ${nCtx}; shorten it`);
    p.forEach((id, j) => {
      if (!Number.isInteger(id) || id < 0 || id >= dVocab) {
        throw new Error(`prompt ${i}, token ${j}: id ${id} is outside the vocabulary (0–${dVocab - 1})`);
      }
    });
  });
  const ids = new Int32Array(prompts.length * pos).fill(PAD_ID);
  prompts.forEach((p, i) => ids.set(p, i * pos));
  return { batch: prompts.length, pos, lengths, ids };
}

/** Which positions of each prompt a hook acts on. Indices are per prompt; negative ones count from its end. */
export type Positions = 'all' | 'last' | readonly number[];

/** A [batch, pos] 0/1 mask, limited to each prompt's real tokens and, optionally, to positions < limit[b]. */
export function positionMask(positions: Positions, lengths: readonly number[], pos: number, limit?: readonly number[]): Float32Array {
  const mask = new Float32Array(lengths.length * pos);
  lengths.forEach((len, b) => {
    const end = Math.min(len, limit ? limit[b] : len);
    const row = b * pos;
    if (positions === 'all') {
      for (let p = 0; p < end; p++) mask[row + p] = 1;
    } else if (positions === 'last') {
      if (end > 0) mask[row + end - 1] = 1;
    } else {
      for (const raw of positions) {
        const p = raw < 0 ? len + raw : raw;
        if (!Number.isInteger(p) || p < 0 || p >= len) throw new Error(`position ${raw} is outside prompt ${b} (${len} tokens)`);
        if (p < end) mask[row + p] = 1;
      }
    }
  });
  return mask;
}

/** Index of each prompt's last real token in the flattened [batch · pos] axis. */
export function lastIndices(lengths: readonly number[], pos: number): Int32Array {
  return Int32Array.from(lengths, (len, b) => b * pos + len - 1);
}

/** Ids as a [batch, pos] int32 tensor; the caller disposes it. */
export function idsTensor(b: Batch): tf.Tensor2D {
  return tf.tensor2d(b.ids, [b.batch, b.pos], 'int32');
}
