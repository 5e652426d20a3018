// The logit-lens job: every layer's residual stream of one prompt read through the final LayerNorm and the
// unembedding, as token texts with probabilities, plus a chosen target's rank and probability everywhere.
import { logitLens } from '../analysis/lens';
import { encodeText, targetToken } from './causalInputs';
import type { LensJob, LensResult } from './protocolCausal';
import { requireModel, type EngineSession } from './session';

/** Most tokens listed per layer and position. */
export const MAX_LENS_TOP_K = 50;

export async function lensJob(session: EngineSession, job: LensJob): Promise<LensResult> {
  const model = requireModel(session);
  const { ids, tokens } = encodeText(model, job.text, 'text');
  if (!Number.isInteger(job.topK) || job.topK < 1 || job.topK > Math.min(MAX_LENS_TOP_K, model.config.dVocab)) {
    throw new Error(`top-k must be a whole number from 1 to ${Math.min(MAX_LENS_TOP_K, model.config.dVocab)}, got ${job.topK}`);
  }
  const target = job.target === null || job.target.trim() === '' ? null : targetToken(model, job.text, job.target, 'target');
  const lens = await logitLens(model, ids, { topK: job.topK, target });
  const tokenizer = model.tokenizer!;
  const top = lens.topIds.map((layer, l) => layer.map((row, p) => row.map((id, k) => ({ text: tokenizer.tokenText(id), prob: lens.topProbs[l][p][k] }))));
  return { tokens, layers: lens.layers, top, targetRank: lens.targetRank, targetProb: lens.targetProb };
}
