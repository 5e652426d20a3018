// The `layerEffects` job: for every layer, probe accuracy (decodable) beside steering, ablation and patching
// (causal), as defined in analysis/layerEffects.ts; here prompts and target texts become token ids and the
// analysis report becomes the protocol's LayerEffectsResult. Its probe and direction fits read tfjs synchronously,
// so they run inside withSyncReads (off WebGPU); its forward passes stay on the model's backend.
import { layerEffects, type LayerEffectsReport } from '../analysis/layerEffects';
import type { Pair } from '../analysis/directions';
import { withSyncReads } from '../model/backend';
import type { Model } from '../model/model';
import type { Tokenizer } from '../model/tokenizer';
import { encodePrompts } from './activations';
import { requireTokenizer, residualSite } from './causalInputs';
import type { JobContext } from './jobContext';
import type { LayerEffect, LayerEffectsJob, LayerEffectsResult } from './protocolCausal';
import { requireModel, type EngineSession } from './session';

/** Most prompts one job reads (every one is read at every layer and probed; steering is capped in the analysis). */
export const LAYER_EFFECTS_MAX_PROMPTS = 5000;

const shown = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** The tokens `text` adds after `context`, or null when encoding the two together changes the context's tokens. */
function continuation(tokenizer: Tokenizer, context: string, text: string): number[] | null {
  const base = tokenizer.encode(context).ids;
  const full = tokenizer.encode(text);
  if (full.ids.length <= base.length || base.some((id, i) => full.ids[i] !== id)) return null;
  if (full.unknown.some((u) => u.index >= base.length)) return null;
  return full.ids.slice(base.length);
}

/**
 * A target text as the token ids that would follow the prompt: with a space between (word models, GPT-2's
 * " paris") or glued on, else the text's own tokens (without a leading bos).
 */
export function targetIds(model: Model, prompt: string, target: string, index: number): number[] {
  const tokenizer = requireTokenizer(model);
  for (const gap of /\s$/.test(prompt) || /^\s/.test(target) ? [''] : [' ', '']) {
    const ids = continuation(tokenizer, prompt, prompt + gap + target);
    if (ids) return ids;
  }
  const alone = continuation(tokenizer, '', target.trim());
  if (alone) return alone;
  throw new Error(`the target ${shown(target)} of prompt ${index + 1} is not in ${model.id}'s vocabulary; use words the model knows, or leave the target empty`);
}

function checkJob(job: LayerEffectsJob): void {
  const n = job.prompts.length;
  if (n === 0) throw new Error('there are no prompts to measure layer effects on; load a dataset first');
  if (n > LAYER_EFFECTS_MAX_PROMPTS) throw new Error(`layer effects read at most ${LAYER_EFFECTS_MAX_PROMPTS} prompts and got ${n}; lower the prompt cap`);
  if (job.labels.length !== n || job.targets.length !== n) {
    throw new Error(`layer effects need one label and one target per prompt: ${n} prompts, ${job.labels.length} labels, ${job.targets.length} targets`);
  }
  if (!job.labels.includes(job.positive)) throw new Error(`no prompt has the label ${shown(job.positive)}; choose the positive class among the labels`);
}

/** The protocol's per-layer rows and notes (the random-direction control and continual α go to the notes). */
export function toLayerEffectsResult(report: Pick<LayerEffectsReport, 'layers' | 'unsteered' | 'chance' | 'counts' | 'notes'>): LayerEffectsResult {
  const layers = report.layers.map((r): LayerEffect => ({
    layer: r.layer, probe: { mean: r.probe.mean, std: r.probe.std }, steerOneshot: r.steer.oneshot.success,
    steerContinual: r.steer.continual.success, bestAlpha: r.steer.oneshot.alpha, ablation: r.ablation, patching: r.patching,
  }));
  const c = report.counts;
  const fmt = (x: number) => x.toFixed(2);
  const notes = [
    ...report.notes,
    `probe chance (majority class): ${fmt(report.chance)}; steering is scored on ${c.steered} prompts of the other class, ablation on ${c.ablated}, patching on ${c.patchPairs} pairs`,
    ...report.layers.map((r) => `layer ${r.layer}: a random direction at α ${r.steer.oneshot.alpha} steers ${fmt(r.steer.random)} (one-shot); continual is best at α ${r.steer.continual.alpha}`),
  ];
  return { layers, baseline: report.unsteered, notes };
}

export async function layerEffectsJob(session: EngineSession, job: LayerEffectsJob, ctx: JobContext): Promise<LayerEffectsResult> {
  const model = requireModel(session);
  checkJob(job);
  const site = residualSite(model, job.site, 'measure layer effects');
  ctx.progress('encoding prompts', 0, 1);
  const prompts = encodePrompts(model, job.prompts);
  const targets = job.targets.map((t, i) => (t === null || t.trim() === '' ? null : targetIds(model, job.prompts[i], t, i)));
  const report = await layerEffects(
    model,
    { prompts, labels: job.labels, positive: job.positive, targets, pairs: job.pairs.map(([p, q]): Pair => [p, q]) },
    {
      site, position: job.position, method: job.method, alphas: job.alphas, maxNew: job.maxNew, folds: job.folds, seed: job.seed,
      batchSize: session.batchSize, signal: ctx.signal, pause: ctx.pause, syncReads: withSyncReads, onProgress: (what, done, total) => ctx.progress(`Layer effects: ${what}`, done, total),
    },
  );
  return toLayerEffectsResult(report);
}
