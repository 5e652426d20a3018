// Attention patterns of one prompt, per layer and head (query × key), read from hook_pattern, and
// per-head summaries: how much each head looks at the previous token, the first token, itself, or a chosen position.
import { runWithCache, type ModelCore } from '../model/cache';
import { blockHook } from '../model/hooks';

/** One layer's pattern: data[(head · pos + query) · pos + key]; keys after the query are 0. */
export interface LayerPattern {
  layer: number;
  nHeads: number;
  pos: number;
  data: Float32Array;
}

export interface AttentionPatterns {
  layers: LayerPattern[];
  /** The prompt's token ids (the axis labels of query and key). */
  ids: number[];
}

/** Means over the queries that can see the key in question; NaN when no query can. */
export interface HeadStats {
  /** Attention from each query q ≥ 1 to key q − 1. */
  prevToken: number[];
  /** Attention to key 0 (the first token, a BOS when the prompt has one). */
  bos: number[];
  /** Attention from each query to itself. */
  self: number[];
  /** Attention from queries q ≥ p to the chosen key p; null when no position was chosen. */
  toPosition: number[] | null;
  /** Mean entropy (nats) of the query rows. */
  entropy: number[];
}

/** Reads every asked layer's hook_pattern for one prompt (default: every layer). */
export async function attentionPatterns(model: ModelCore, ids: readonly number[], layers?: readonly number[]): Promise<AttentionPatterns> {
  const { nLayers, nHeads } = model.config;
  const wanted = [...(layers ?? Array.from({ length: nLayers }, (_, l) => l))];
  if (ids.length === 0) throw new Error('attention patterns need a prompt of at least one token');
  for (const l of wanted) {
    if (!Number.isInteger(l) || l < 0 || l >= nLayers) throw new Error(`layer ${l} does not exist; the model has layers 0–${nLayers - 1}`);
  }
  const names = wanted.map((l) => blockHook(l, 'attn.hook_pattern'));
  const { cache } = await runWithCache(model, [ids], { names, position: 'all' });
  const pos = ids.length;
  return {
    ids: [...ids],
    layers: wanted.map((layer, i) => ({ layer, nHeads, pos, data: cache.get(names[i])!.data.slice(0, nHeads * pos * pos) })),
  };
}

/** Mean of pattern[h, q, key(q)] over queries q where key(q) is a valid key (0 ≤ key ≤ q). */
function meanOver(p: LayerPattern, h: number, key: (q: number) => number): number {
  let sum = 0;
  let n = 0;
  for (let q = 0; q < p.pos; q++) {
    const k = key(q);
    if (k < 0 || k > q) continue;
    sum += p.data[(h * p.pos + q) * p.pos + k];
    n++;
  }
  return n === 0 ? NaN : sum / n;
}

function meanEntropy(p: LayerPattern, h: number): number {
  let total = 0;
  for (let q = 0; q < p.pos; q++) {
    for (let k = 0; k <= q; k++) {
      const a = p.data[(h * p.pos + q) * p.pos + k];
      if (a > 0) total -= a * Math.log(a);
    }
  }
  return total / p.pos;
}

/** Per-head summaries of one layer; `position` (negative: from the end) adds attention to that key. */
export function headStats(p: LayerPattern, position: number | null = null): HeadStats {
  const key = position === null ? null : position < 0 ? p.pos + position : position;
  if (key !== null && (!Number.isInteger(key) || key < 0 || key >= p.pos)) {
    throw new Error(`position ${position} is outside the prompt (${p.pos} tokens)`);
  }
  const heads = Array.from({ length: p.nHeads }, (_, h) => h);
  return {
    prevToken: heads.map((h) => meanOver(p, h, (q) => q - 1)),
    bos: heads.map((h) => meanOver(p, h, () => 0)),
    self: heads.map((h) => meanOver(p, h, (q) => q)),
    toPosition: key === null ? null : heads.map((h) => meanOver(p, h, () => key)),
    entropy: heads.map((h) => meanEntropy(p, h)),
  };
}

/** One head's pattern as rows of queries (for a heatmap), each row over every key. */
export function headMatrix(p: LayerPattern, head: number): number[][] {
  if (!Number.isInteger(head) || head < 0 || head >= p.nHeads) throw new Error(`head ${head} does not exist (the layer has heads 0–${p.nHeads - 1})`);
  return Array.from({ length: p.pos }, (_, q) => Array.from(p.data.subarray((head * p.pos + q) * p.pos, (head * p.pos + q + 1) * p.pos)));
}
