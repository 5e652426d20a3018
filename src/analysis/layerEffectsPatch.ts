// Patching recovery of one token position at every layer's resid_pre, averaged over contrast pairs:
// clean = the pair's positive prompt, corrupt = its negative, metric = logit difference of the clean run's
// answer over the corrupt run's answer at the last position (one clean, one corrupt, one batched patched pass per pair).
import { runModel, type ModelCore, type ReadPosition } from '../model/cache';
import { argmax } from '../model/generate';
import { blockHook, type HookName } from '../model/hooks';
import type { Pair } from './directions';
import { PatchingCancelled, runPatchedRows, type CancelSignal, type PatchCell } from './patchingRuns';

export interface PatchRecovery {
  /** Mean recovery per layer over the pairs used (NaN when none could be used). */
  recovery: number[];
  /** Pairs whose recovery went into the mean. */
  pairs: number;
  /** Pairs left out: prompts of different lengths, or both runs giving the same answer (nothing to recover). */
  skipped: { lengths: number; sameAnswer: number };
}

/** The token index patched in a prompt of `length` tokens, or null for positions that are not one token. */
export function patchIndex(position: ReadPosition, length: number): number | null {
  if (position === 'last') return length - 1;
  if (typeof position !== 'number') return null;
  const p = position < 0 ? length + position : position;
  return Number.isInteger(p) && p >= 0 && p < length ? p : null;
}

/** Recovery (patched − corrupt) / (clean − corrupt) at each layer for one pair, or why it was skipped. */
async function pairRecovery(model: ModelCore, clean: readonly number[], corrupt: readonly number[], pos: number, maxBatch: number): Promise<number[] | 'sameAnswer'> {
  const hooks: HookName[] = Array.from({ length: model.config.nLayers }, (_, l) => blockHook(l, 'hook_resid_pre'));
  const cleanRun = await runModel(model, [clean], { names: hooks, position: 'all', logits: 'last' });
  const corruptRun = await runModel(model, [corrupt], { logits: 'last' });
  const cleanLogits = cleanRun.logits!.data;
  const corruptLogits = corruptRun.logits!.data;
  const target = argmax(cleanLogits);
  const baseline = argmax(corruptLogits);
  if (target === baseline) return 'sameAnswer';
  const metricClean = cleanLogits[target] - cleanLogits[baseline];
  const metricCorrupt = corruptLogits[target] - corruptLogits[baseline];
  const rows = hooks.map((hook): PatchCell[] => [{ hook, pos, head: null }]);
  const patched = await runPatchedRows(model, corrupt, cleanRun.cache, rows, { kind: 'logitdiff', target, baseline }, { maxBatch });
  return Array.from(patched, (m) => (m - metricCorrupt) / (metricClean - metricCorrupt));
}

/** Mean recovery per layer over `pairs` (token ids by row), patching `position` of each corrupt prompt. */
export async function patchRecovery(
  model: ModelCore,
  prompts: readonly (readonly number[])[],
  pairs: readonly Pair[],
  position: ReadPosition,
  options: { maxBatch?: number; signal?: CancelSignal; pause?: () => Promise<void>; onPair?: (done: number, total: number) => void } = {},
): Promise<PatchRecovery> {
  const L = model.config.nLayers;
  const sum = new Float64Array(L);
  const skipped = { lengths: 0, sameAnswer: 0 };
  let used = 0;
  for (let k = 0; k < pairs.length; k++) {
    await options.pause?.();
    if (options.signal?.aborted) throw new PatchingCancelled();
    const [p, q] = pairs[k];
    const pos = patchIndex(position, prompts[p].length);
    if (prompts[p].length !== prompts[q].length || pos === null) {
      skipped.lengths++;
    } else {
      const r = await pairRecovery(model, prompts[p], prompts[q], pos, options.maxBatch ?? 32);
      if (r === 'sameAnswer') skipped.sameAnswer++;
      else {
        r.forEach((v, l) => (sum[l] += v));
        used++;
      }
    }
    options.onPair?.(k + 1, pairs.length);
  }
  return { recovery: Array.from(sum, (s) => (used > 0 ? s / used : NaN)), pairs: used, skipped };
}
