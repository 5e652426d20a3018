// The attention job: every layer's per-head pattern of one prompt (query × key) and per-head summaries
// (attention to the previous token, the first token and itself, and the mean entropy of each row).
import { attentionPatterns, headStats } from '../analysis/attention';
import { encodeText } from './causalInputs';
import type { AttentionJob, AttentionResult } from './protocolCausal';
import { requireModel, type EngineSession } from './session';

export async function attentionJob(session: EngineSession, job: AttentionJob): Promise<AttentionResult> {
  const model = requireModel(session);
  const { ids, tokens } = encodeText(model, job.text, 'text');
  const patterns = await attentionPatterns(model, ids);
  const stats = patterns.layers.map((p) => {
    const s = headStats(p);
    return { prevToken: s.prevToken, bos: s.bos, self: s.self, entropy: s.entropy };
  });
  return { tokens, layers: patterns.layers.map((p) => ({ layer: p.layer, nHeads: p.nHeads, pos: p.pos, data: p.data })), stats };
}
