// modadd's evaluation: top-1 accuracy on every held-out pair (and on the training pairs, for contrast), the
// probability of the right answer, and the Fourier concentration of the number embeddings.
import { createHash } from 'node:crypto';
import { runModel, type ModelCore } from '../../src/model/cache';
import type { Evaluation, TargetSpec } from './types';
import { embeddingFourier, topShare, type FourierSummary } from './modaddFourier';
import { P, answer, promptIds, type Pair, type Split } from './modaddTask';

export const MODADD_TARGETS: TargetSpec[] = [
  { metric: 'heldout_top1', min: 0.99, description: 'on every held-out pair "a + b =" (never trained on), the top-1 token is (a + b) mod p' },
  { metric: 'train_top1', min: 0.99, description: 'on every training pair, the top-1 token is (a + b) mod p' },
  {
    metric: 'embed_fourier_top5_share', min: 0.6,
    description: 'the 5 largest Fourier frequencies of the number embeddings hold ≥ 60% of their centred squared norm, so a PCA of them shows circles',
  },
];

/** sha256 (hex) of the prompts joined by "\n": what an outside script compares its rebuilt prompts with. */
export function hashPrompts(texts: readonly string[]): string {
  return createHash('sha256').update(texts.join('\n')).digest('hex');
}

const CHUNK = 512;

interface Scores { top1: number; answerProb: number }

/** Top-1 accuracy and mean softmax probability of the answer at the "=" token. */
async function score(model: ModelCore, pairs: readonly Pair[]): Promise<Scores> {
  let hits = 0;
  let prob = 0;
  for (let i = 0; i < pairs.length; i += CHUNK) {
    const chunk = pairs.slice(i, i + CHUNK);
    const { logits } = await runModel(model, chunk.map(promptIds), { logits: 'last' });
    const { data, shape } = logits!;
    chunk.forEach((pair, b) => {
      const row = data.subarray(b * shape[1], (b + 1) * shape[1]);
      let top = 0;
      for (let v = 1; v < row.length; v++) if (row[v] > row[top]) top = v;
      let total = 0;
      for (const x of row) total += Math.exp(x - row[top]);
      hits += top === answer(pair) ? 1 : 0;
      prob += Math.exp(row[answer(pair)] - row[top]) / total;
    });
  }
  return { top1: hits / pairs.length, answerProb: prob / pairs.length };
}

export interface ModaddEvaluation extends Evaluation { fourier: FourierSummary }

/** Scores every pair of both halves; runModel frees every tensor it makes. */
export async function evaluateModadd(model: ModelCore, split: Split): Promise<ModaddEvaluation> {
  const held = await score(model, split.heldOut);
  const train = await score(model, split.train);
  const fourier = await embeddingFourier(model.weights, P);
  const metrics: Record<string, number> = {
    heldout_top1: held.top1,
    train_top1: train.top1,
    heldout_answer_prob: held.answerProb,
    train_answer_prob: train.answerProb,
    embed_fourier_top1_share: topShare(fourier, 1),
    embed_fourier_top5_share: topShare(fourier, 5),
  };
  const targets = MODADD_TARGETS.map((t) => ({ ...t, value: metrics[t.metric], pass: metrics[t.metric] >= t.min }));
  return { metrics, targets, prompts: split.heldOut.length + split.train.length, fourier };
}
