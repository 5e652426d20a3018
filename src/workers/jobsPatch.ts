// The activation-patching job: a clean and a corrupt prompt of equal token length, a metric (logit difference,
// P(target), or a projection on a direction at one hook), and one recovery heat map per site with its density.
import { PATCH_SITES, runPatching, type PatchMetric, type PatchSite } from '../analysis/patching';
import { blockHook, hookShape, type BlockSite } from '../model/hooks';
import type { Model } from '../model/model';
import { encodeText, targetToken } from './causalInputs';
import { directionAt, resolveDirection } from './directionRequest';
import type { JobContext } from './jobContext';
import type { PatchJob, PatchMetricRequest, PatchResult } from './protocolCausal';
import { modelInfo, requireModel, type EngineSession } from './session';

const listed = (tokens: readonly string[]) => tokens.join(' · ');

function checkSites(sites: readonly string[]): PatchSite[] {
  if (sites.length === 0) throw new Error(`no sites to patch; choose at least one of ${PATCH_SITES.join(', ')}`);
  for (const s of sites) {
    if (!(PATCH_SITES as readonly string[]).includes(s)) throw new Error(`unknown patching site ${JSON.stringify(s)}; sites are ${PATCH_SITES.join(', ')}`);
  }
  return [...new Set(sites)] as PatchSite[];
}

/** The metric in token ids and hooks; answers are read as they would follow the prompt. */
async function resolveMetric(session: EngineSession, model: Model, job: PatchJob, ctx: JobContext): Promise<PatchMetric> {
  const metric: PatchMetricRequest = job.metric;
  if (metric.kind === 'logitdiff') {
    const target = targetToken(model, job.clean, metric.targets[0], 'clean answer');
    const baseline = targetToken(model, job.corrupt, metric.targets[1], 'corrupt answer');
    if (target === baseline) throw new Error(`the clean and corrupt answers are the same token (${JSON.stringify(model.tokenizer!.tokenText(target))}); a logit difference needs two different answers`);
    return { kind: 'logitdiff', target, baseline };
  }
  if (metric.kind === 'prob') return { kind: 'prob', target: targetToken(model, job.clean, metric.target, 'target') };
  if (metric.kind !== 'projection') throw new Error(`unknown patching metric ${JSON.stringify((metric as { kind: unknown }).kind)}; use logitdiff, prob or projection`);
  const { nLayers } = model.config;
  if (!Number.isInteger(metric.layer) || metric.layer < 0 || metric.layer >= nLayers) throw new Error(`layer ${metric.layer} does not exist: ${model.id} has layers 0 to ${nLayers - 1}`);
  const sites = modelInfo(model).sites;
  if (!sites.includes(metric.site)) throw new Error(`the projection metric cannot read ${JSON.stringify(metric.site)}; choose one of ${sites.join(', ')}`);
  const hook = blockHook(metric.layer, metric.site as BlockSite);
  const width = hookShape(hook, model.config, 1, 1).slice(2).reduce((a, b) => a * b, 1);
  const direction = directionAt(await resolveDirection(session, metric.direction, ctx, nLayers), metric.layer);
  if (direction.length !== width) throw new Error(`the direction has ${direction.length} entries but ${metric.site} has ${width} per token; use a direction fitted on that site`);
  return { kind: 'projection', hook, direction };
}

export async function patchJob(session: EngineSession, job: PatchJob, ctx: JobContext): Promise<PatchResult> {
  const model = requireModel(session);
  const clean = encodeText(model, job.clean, 'clean prompt');
  const corrupt = encodeText(model, job.corrupt, 'corrupt prompt');
  if (clean.ids.length !== corrupt.ids.length) {
    throw new Error(
      `clean has ${clean.ids.length} tokens (${listed(clean.tokens)}), corrupt has ${corrupt.ids.length} (${listed(corrupt.tokens)}); ` +
        'patching swaps activations position by position, so the prompts need equal token length: reword one',
    );
  }
  const sites = checkSites(job.sites);
  const metric = await resolveMetric(session, model, job, ctx);
  const heatmaps: PatchResult['heatmaps'] = [];
  let metricClean = NaN;
  let metricCorrupt = NaN;
  for (const [k, site] of sites.entries()) {
    const what = `Patching ${site} (${k + 1} of ${sites.length})`;
    ctx.progress(what, 0, 1);
    await ctx.pause();
    const r = await runPatching(model, { clean: clean.ids, corrupt: corrupt.ids }, metric, {
      sites: [site], tokens: clean.tokens, signal: ctx.signal, onProgress: (done, total) => ctx.progress(what, done, total),
    });
    metricClean = r.metricClean;
    metricCorrupt = r.metricCorrupt;
    for (const h of r.heatmaps) {
      const density = h.density ? { recovery: h.density.recovery, needed: h.density.needed } : null;
      heatmaps.push({ site: h.site, rows: h.rows, cols: h.cols, colKind: h.colKind, values: h.values, density });
    }
  }
  return { tokens: { clean: clean.tokens, corrupt: corrupt.tokens }, metricClean, metricCorrupt, heatmaps };
}
