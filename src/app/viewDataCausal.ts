// What the Causal tab shows, read from the store: the resolved settings (classes, target column, layers,
// prompts) and, for the per-layer summary and the shown sub-panel, a Panel (ready, running, error, idle)
// under the same keys the plan filled. Pure.
import type { AblateResult, AttentionResult, LayerEffectsResult, LensResult, PatchResult, SteerResult } from '../workers/protocolCausal';
import type { PatchPair } from './selectorsCausal';
import { attentionKey, lensKey, patchKey, steerKey, ablateKey } from './keysCausal';
import { layerEffectsJob, patchMetric } from './planCausal';
import { ABLATE_MAX_PROMPTS, causalContext, columnsOf, directionOf, lensInputs, patchPairs, patchPrompts, promptOf, steerRows, targetsOf, type CausalContext } from './selectorsCausal';
import type { AppState } from './store';
import { panelOf, type Panel } from './viewData';

// The UI may not import workers/ (ARCHITECTURE §3); it reads these result shapes from here.
export type { AblateResult, AttentionResult, LayerEffectsResult, LensResult, PatchResult, SteerResult };

const single = <T>(p: Panel<T[]>): Panel<T> => (p.kind === 'ready' ? { kind: 'ready', value: p.value[0] } : p);
const one = <T>(state: AppState, key: string, idle: string): Panel<T> => single(panelOf<T>(state, [key], idle));

export interface SteerRow {
  prompt: string;
  target: string | null;
}

export interface CausalData {
  nLayers: number;
  nHeads: number;
  layers: number[];
  site: string;
  sites: string[];
  column: string | null;
  labelColumns: string[];
  columns: string[];
  classes: string[];
  positive: string | null;
  targetColumn: string | null;
  rowsCount: number;
  /** Why the direction cannot be used yet (an upload missing, one class only), else null. */
  directionMissing: string | null;
  effects: Panel<LayerEffectsResult>;
  steerRows: SteerRow[];
  steer: Panel<SteerResult>;
  ablate: Panel<AblateResult>;
  pairs: PatchPair[];
  patch: { pairId: string | null; clean: string; corrupt: string; targets: string[] | null; panel: Panel<PatchResult> };
  lens: { text: string; target: string | null; panel: Panel<LensResult> };
  attention: { text: string; panel: Panel<AttentionResult> };
}

const IDLE = 'Waiting for the model and prompts…';

function steerPanel(ctx: CausalContext, state: AppState, missing: string | null, rows: number[]): Panel<SteerResult> {
  const dir = directionOf(ctx, state);
  if ('missing' in dir) return { kind: 'idle', message: missing ?? '' };
  if (rows.length === 0) return { kind: 'idle', message: `No prompts outside the class “${ctx.positive}” to steer.` };
  const s = ctx.causal.steer;
  return one(state, steerKey(ctx.id, dir.identity, { rows, targetColumn: ctx.targetColumn, layers: ctx.layers, site: ctx.site, positions: s.positions, alpha: s.alpha, mode: s.mode, sweep: s.sweep, maxNew: s.maxNew, seed: s.seed }), IDLE);
}

function ablatePanel(ctx: CausalContext, state: AppState): Panel<AblateResult> {
  const dir = directionOf(ctx, state);
  if ('missing' in dir) return { kind: 'idle', message: dir.missing };
  const { view } = state;
  return one(state, ablateKey(ctx.id, dir.identity, { targetColumn: ctx.targetColumn, layers: ctx.layers, site: ctx.site, labelColumn: ctx.column, probeSite: view.site, position: view.position, folds: view.probe.folds, seed: view.probe.seed }), IDLE);
}

function patchData(ctx: CausalContext, state: AppState): CausalData['patch'] {
  const { pair, clean, corrupt } = patchPrompts(ctx);
  const base = { pairId: pair?.id ?? null, clean, corrupt };
  if (clean === '' || corrupt === '') return { ...base, targets: null, panel: { kind: 'idle', message: 'Type a clean and a corrupt prompt.' } };
  const { identity } = patchMetric(ctx, state, clean, corrupt);
  if (identity === null) {
    const why = ctx.causal.patch.metric === 'projection' ? (directionOf(ctx, state) as { missing?: string }).missing ?? IDLE : 'Finding each prompt’s top answer…';
    return { ...base, targets: null, panel: { kind: 'idle', message: why } };
  }
  const targets = identity.kind === 'projection' ? null : identity.targets;
  return { ...base, targets, panel: one(state, patchKey(ctx.model.id, ctx.backend, clean, corrupt, identity, ctx.causal.patch.sites), IDLE) };
}

/** Everything the Causal tab draws, or null before a model that reads text and a dataset are loaded. */
export function causalData(state: AppState): CausalData | null {
  const ctx = causalContext(state);
  if (!ctx) return null;
  const dir = directionOf(ctx, state);
  const missing = 'missing' in dir ? dir.missing : null;
  const effects = layerEffectsJob(ctx, state);
  const rows = steerRows(ctx);
  const targets = targetsOf(ctx, rows);
  const lens = lensInputs(ctx);
  const attention = promptOf(ctx, ctx.causal.attention.row, ctx.causal.attention.text).text;
  return {
    nLayers: ctx.model.nLayers, nHeads: ctx.model.nHeads, layers: ctx.layers, site: ctx.site, sites: ctx.sites,
    column: ctx.column, labelColumns: ctx.dataset.labelColumns, columns: columnsOf(ctx.rows), classes: ctx.classes, positive: ctx.positive,
    targetColumn: ctx.targetColumn, rowsCount: Math.min(ctx.rows.length, ABLATE_MAX_PROMPTS), directionMissing: missing,
    effects: effects ? one(state, effects.key, IDLE) : { kind: 'idle', message: 'The per-layer summary needs a label column with two classes and a column of wanted answers (e.g. “answer”).' },
    steerRows: rows.map((i, k) => ({ prompt: ctx.rows[i].text, target: targets[k] })),
    steer: steerPanel(ctx, state, missing, rows),
    ablate: ablatePanel(ctx, state),
    pairs: patchPairs(ctx),
    patch: patchData(ctx, state),
    lens: { ...lens, panel: one(state, lensKey(ctx.model.id, ctx.backend, lens.text, ctx.causal.lens.topK, lens.target), IDLE) },
    attention: { text: attention, panel: one(state, attentionKey(ctx.model.id, ctx.backend, attention), IDLE) },
  };
}
