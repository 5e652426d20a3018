// Labels for the probe baselines: a seeded permutation (shuffled labels) and a control task in the
// sense of Hewitt & Liang (2019), where every group of samples (a token type, a prompt) gets one random label.
import type { Matrix } from '../data/types';
import { createRng } from '../data/random';
import { seededPermutation } from './folds';

/** The class indices permuted by a seeded shuffle: same class counts, no relation to the inputs. */
export function shuffledLabels(index: Int32Array, seed: number): Int32Array {
  const order = seededPermutation(index.length, createRng(seed));
  return Int32Array.from(order, (i) => index[i]);
}

/**
 * Group ids of the samples: from `groups` when given (equal values share a group), else samples whose
 * rows are identical in every layer share one, so exact duplicates (the same input) are one type.
 */
export function sampleGroups(layers: readonly Matrix[], groups?: ArrayLike<string | number>): Int32Array {
  const n = layers[0].rows;
  if (groups !== undefined) {
    if (groups.length !== n) throw new Error(`groups: got ${groups.length} for ${n} samples; give one group per sample`);
    const ids = new Map<string, number>();
    return Int32Array.from(Array.from(groups), (g) => {
      const key = `${typeof g}:${String(g)}`;
      if (!ids.has(key)) ids.set(key, ids.size);
      return ids.get(key)!;
    });
  }
  return duplicateRowGroups(layers);
}

/** Groups identical samples by a hash of their rows in every layer, confirming matches exactly. */
function duplicateRowGroups(layers: readonly Matrix[]): Int32Array {
  const n = layers[0].rows;
  const buckets = new Map<number, number[]>();
  const out = new Int32Array(n);
  let next = 0;
  for (let i = 0; i < n; i++) {
    const hash = rowHash(layers, i);
    const bucket = buckets.get(hash) ?? [];
    const twin = bucket.find((j) => sameRows(layers, i, j));
    out[i] = twin === undefined ? next++ : out[twin];
    if (twin === undefined) bucket.push(i);
    buckets.set(hash, bucket);
  }
  return out;
}

function rowHash(layers: readonly Matrix[], i: number): number {
  let h = 0x811c9dc5;
  for (const x of layers) {
    const bits = new Uint32Array(x.data.buffer, x.data.byteOffset + i * x.cols * 4, x.cols);
    for (let j = 0; j < bits.length; j++) h = Math.imul(h ^ bits[j], 0x01000193);
  }
  return h >>> 0;
}

function sameRows(layers: readonly Matrix[], a: number, b: number): boolean {
  return layers.every((x) => {
    for (let j = 0; j < x.cols; j++) if (x.data[a * x.cols + j] !== x.data[b * x.cols + j]) return false;
    return true;
  });
}

/**
 * Control-task labels: each group gets the label of a uniformly drawn sample, so control labels follow
 * the real label distribution; every sample takes its group's label.
 */
export function controlLabels(index: Int32Array, groupIds: Int32Array, seed: number): Int32Array {
  const rng = createRng(seed);
  const byGroup = new Map<number, number>();
  return Int32Array.from(groupIds, (g) => {
    if (!byGroup.has(g)) byGroup.set(g, index[rng.int(index.length)]);
    return byGroup.get(g)!;
  });
}
