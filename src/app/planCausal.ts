// The engine jobs of the Causal tab, only while it is open: the per-layer "decodable vs causal" summary,
// then the shown sub-panel's job (steering, ablation, patching with the predictions its targets come from,
// logit lens, attention), each under a canonical key of everything it depends on. Pure.
import type { Job } from '../workers/protocol';
import type { LayerEffectsJob, PatchMetricRequest } from '../workers/protocolCausal';
import { predictionKey } from './keys';
import { ablateKey, attentionKey, layerEffectsKey, lensKey, patchKey, steerKey, type PatchMetricIdentity } from './keysCausal';
import type { Need } from './plan';
import {
  ABLATE_MAX_PROMPTS, causalContext, directionOf, lensInputs, onCausalTab, patchPrompts, promptOf, steerPositions, steerRows, targetsOf,
  type CausalContext,
} from './selectorsCausal';
import { contrastPairs } from './selectors';
import type { AppState } from './store';
import type { Prediction } from './viewData';

const whole = (result: unknown) => [result];
/** Above the explorer's jobs (4 and below): the tab the user looks at comes first. */
const PRIORITY = { lens: 8, attention: 8, predict: 8, steer: 7, patch: 7, ablate: 7, layerEffects: 5 };

function need(key: string, label: string, priority: number, job: Job): Need {
  return { keys: [key], label, priority, job, unpack: whole };
}

function steerNeeds(ctx: CausalContext, state: AppState): Need[] {
  const dir = directionOf(ctx, state);
  const rows = steerRows(ctx);
  if ('missing' in dir || rows.length === 0) return [];
  const s = ctx.causal.steer;
  const key = steerKey(ctx.id, dir.identity, { rows, targetColumn: ctx.targetColumn, layers: ctx.layers, site: ctx.site, positions: s.positions, alpha: s.alpha, mode: s.mode, sweep: s.sweep, maxNew: s.maxNew, seed: s.seed });
  const job: Job = {
    kind: 'steer', prompts: rows.map((i) => ctx.rows[i].text), targets: targetsOf(ctx, rows), direction: dir.request, layers: ctx.layers, site: ctx.site,
    positions: steerPositions(s.positions), alpha: s.alpha, mode: s.mode, alphas: s.sweep, maxNew: s.maxNew, seed: s.seed,
  };
  return [need(key, `Steering ${rows.length} prompts`, PRIORITY.steer, job)];
}

function ablateNeeds(ctx: CausalContext, state: AppState): Need[] {
  const dir = directionOf(ctx, state);
  if ('missing' in dir) return [];
  const { view } = state;
  // Probes here read one vector per prompt: with the explorer on every token, they read where the direction is fitted.
  const position = view.position === 'all' ? view.causal.direction.read : view.position;
  const rows = ctx.rows.slice(0, ABLATE_MAX_PROMPTS).map((_, i) => i);
  const labels = ctx.column === null ? null : rows.map((i) => ctx.rows[i].labels.get(ctx.column!) ?? null);
  const options = { targetColumn: ctx.targetColumn, layers: ctx.layers, site: ctx.site, labelColumn: ctx.column, probeSite: view.site, position, folds: view.probe.folds, seed: view.probe.seed };
  const job: Job = {
    kind: 'ablate', prompts: rows.map((i) => ctx.rows[i].text), targets: targetsOf(ctx, rows), direction: dir.request, layers: ctx.layers, site: ctx.site,
    labels, probeSite: view.site, position, folds: view.probe.folds, seed: view.probe.seed,
  };
  return [need(ablateKey(ctx.id, dir.identity, options), 'Ablating the direction', PRIORITY.ablate, job)];
}

/** The top-1 token of a text, from the prediction job (null until it is done). */
function topToken(state: AppState, ctx: CausalContext, text: string): { key: string; token: string | null } {
  const key = predictionKey(ctx.model.id, ctx.backend, text);
  const entry = state.results[key];
  return { key, token: entry?.status === 'done' ? ((entry.value as Prediction).top[0]?.text ?? null) : null };
}

/** The patching metric once its targets are known, and the predictions still needed for them. */
export function patchMetric(ctx: CausalContext, state: AppState, clean: string, corrupt: string): { metric: PatchMetricRequest | null; identity: PatchMetricIdentity | null; predictions: Need[] } {
  const p = ctx.causal.patch;
  const predictions: Need[] = [];
  const answer = (typed: string, text: string): string | null => {
    if (typed !== '') return typed;
    const top = topToken(state, ctx, text);
    if (top.token === null) predictions.push(need(top.key, 'Next-token prediction', PRIORITY.predict, { kind: 'predict', text, k: 10 }));
    return top.token;
  };
  if (p.metric === 'projection') {
    const layer = ctx.layers[ctx.layers.length - 1];
    const dir = directionOf(ctx, state, [layer]);
    if ('missing' in dir) return { metric: null, identity: null, predictions };
    return {
      metric: { kind: 'projection', direction: dir.request, layer, site: ctx.site },
      identity: { kind: 'projection', direction: dir.identity, dataset: ctx.id.dataset, layer, site: ctx.site }, predictions,
    };
  }
  const first = answer(p.targets[0], clean);
  if (p.metric === 'prob') {
    return first === null ? { metric: null, identity: null, predictions } : { metric: { kind: 'prob', target: first }, identity: { kind: 'prob', targets: [first] }, predictions };
  }
  const second = answer(p.targets[1], corrupt);
  if (first === null || second === null) return { metric: null, identity: null, predictions };
  return { metric: { kind: 'logitdiff', targets: [first, second] }, identity: { kind: 'logitdiff', targets: [first, second] }, predictions };
}

function patchNeeds(ctx: CausalContext, state: AppState): Need[] {
  const { clean, corrupt } = patchPrompts(ctx);
  if (clean === '' || corrupt === '') return [];
  const { metric, identity, predictions } = patchMetric(ctx, state, clean, corrupt);
  if (metric === null || identity === null) return predictions;
  const sites = ctx.causal.patch.sites;
  const key = patchKey(ctx.model.id, ctx.backend, clean, corrupt, identity, sites);
  return [need(key, 'Activation patching', PRIORITY.patch, { kind: 'patch', clean, corrupt, metric, sites: [...sites] })];
}

function lensNeeds(ctx: CausalContext): Need[] {
  const { text, target } = lensInputs(ctx);
  const { topK } = ctx.causal.lens;
  return [need(lensKey(ctx.model.id, ctx.backend, text, topK, target), 'Logit lens', PRIORITY.lens, { kind: 'lens', text, topK, target })];
}

function attentionNeeds(ctx: CausalContext): Need[] {
  const { text } = promptOf(ctx, ctx.causal.attention.row, ctx.causal.attention.text);
  return [need(attentionKey(ctx.model.id, ctx.backend, text), 'Attention patterns', PRIORITY.attention, { kind: 'attention', text })];
}

/** The per-layer summary's job, or null where the dataset has no classes or no wanted answers. */
export function layerEffectsJob(ctx: CausalContext, state: AppState): { key: string; job: LayerEffectsJob } | null {
  if (ctx.column === null || ctx.positive === null || ctx.targetColumn === null || ctx.classes.length < 2) return null;
  const rows = ctx.rows.slice(0, ABLATE_MAX_PROMPTS);
  const d = ctx.causal.direction;
  const s = ctx.causal.steer;
  // The summary fits its own direction at every layer; an uploaded vector has no per-layer fit, so it uses mean difference.
  const method = d.method === 'uploaded' ? 'meandiff' : d.method;
  const position = d.read;
  const options = { labelColumn: ctx.column, positive: ctx.positive, targetColumn: ctx.targetColumn, site: ctx.site, position, method, alphas: s.sweep, maxNew: s.maxNew, folds: state.view.probe.folds, seed: s.seed };
  const job: LayerEffectsJob = {
    prompts: rows.map((r) => r.text), labels: rows.map((r) => r.labels.get(ctx.column!) ?? null), targets: rows.map((r) => r.labels.get(ctx.targetColumn!) ?? null),
    positive: ctx.positive, pairs: contrastPairs(rows, ctx.column), site: ctx.site, position, method, alphas: [...s.sweep], maxNew: s.maxNew,
    folds: state.view.probe.folds, seed: s.seed, datasetKey: ctx.id.dataset,
  };
  return { key: layerEffectsKey(ctx.id, options), job };
}

/** Every job the Causal tab needs now; none unless it is open. */
export function planCausal(state: AppState): Need[] {
  if (!onCausalTab(state.view)) return [];
  const ctx = causalContext(state);
  if (!ctx) return [];
  const effects = layerEffectsJob(ctx, state);
  const summary = effects ? [need(effects.key, 'Decodable vs causal, per layer', PRIORITY.layerEffects, { kind: 'layerEffects', ...effects.job })] : [];
  const panel = ctx.causal.panel;
  const shown = panel === 'steer' ? steerNeeds(ctx, state) : panel === 'ablate' ? ablateNeeds(ctx, state) : panel === 'patch' ? patchNeeds(ctx, state)
    : panel === 'lens' ? lensNeeds(ctx) : attentionNeeds(ctx);
  return [...shown, ...summary];
}
