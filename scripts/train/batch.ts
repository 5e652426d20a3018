// Turns training examples into padded next-token batches: ids, targets (ids shifted left) and loss weights.
import type { TrainingExample } from '../organisms/types';

export interface TrainBatch {
  batch: number;
  pos: number;
  /** [batch, pos] input ids, right-padded with 0. */
  ids: Int32Array;
  /** [batch · pos · dVocab] the distribution each position should predict: one-hot on the next token, or uniform over its draw set. */
  targets: Float32Array;
  /** [batch · pos] weight of each position's loss; 0 on padding and at each sequence's last token. */
  weights: Float32Array;
  /** Real (non-padding) tokens in the batch, for tokens/s. */
  tokens: number;
}

/** Pads examples into one batch; throws when an example is malformed or longer than nCtx. */
export function makeTrainBatch(examples: readonly TrainingExample[], nCtx: number, dVocab: number): TrainBatch {
  if (examples.length === 0) throw new Error('sampleBatch returned no examples');
  const pos = Math.max(...examples.map((e) => e.ids.length));
  if (pos > nCtx) throw new Error(`a training example has ${pos} tokens, more than the context length ${nCtx}; raise nCtx or shorten the templates`);
  const batch = examples.length;
  const ids = new Int32Array(batch * pos);
  const targets = new Float32Array(batch * pos * dVocab);
  const weights = new Float32Array(batch * pos);
  let tokens = 0;
  examples.forEach((e, b) => {
    if (e.lossWeights.length !== e.ids.length) throw new Error(`example ${b}: lossWeights has ${e.lossWeights.length} entries for ${e.ids.length} ids`);
    e.ids.forEach((id, t) => {
      if (!Number.isInteger(id) || id < 0 || id >= dVocab) throw new Error(`example ${b}, token ${t}: id ${id} is outside the vocabulary (0–${dVocab - 1})`);
      ids[b * pos + t] = id;
      if (t > 0) {
        setTarget(targets, (b * pos + t - 1) * dVocab, id, e.drawnFrom?.[t] ?? null, dVocab);
        weights[b * pos + t - 1] = e.lossWeights[t];
      }
    });
    tokens += e.ids.length;
  });
  return { batch, pos, ids, targets, weights, tokens };
}

function setTarget(targets: Float32Array, row: number, id: number, set: readonly number[] | null, dVocab: number): void {
  if (set === null) {
    targets[row + id] = 1;
    return;
  }
  if (!set.includes(id)) throw new Error(`drawnFrom set [${set.join(', ')}] does not contain the drawn id ${id}`);
  for (const s of set) {
    if (!Number.isInteger(s) || s < 0 || s >= dVocab) throw new Error(`drawnFrom id ${s} is outside the vocabulary (0–${dVocab - 1})`);
    targets[row + s] += 1 / set.length;
  }
}
