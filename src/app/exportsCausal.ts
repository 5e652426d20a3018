// The Causal tab's downloads from the header's Export menu: the steering generations (prompt, target,
// unsteered and steered tokens, hits) and the ablation results as CSV, with the settings that made them.
// The charts export their own PNG, SVG and CSV.
import { safeFileName, toCsv, type Cell } from '../data/export';
import type { AppState } from './store';
import { causalData } from './viewDataCausal';

export type CausalExportKind = 'steer-generations' | 'ablation';

export const CAUSAL_EXPORT_LABELS: Record<CausalExportKind, string> = {
  'steer-generations': 'Steering generations (.csv)',
  ablation: 'Ablation results (.csv)',
};

export function isCausalExport(kind: string): kind is CausalExportKind {
  return Object.prototype.hasOwnProperty.call(CAUSAL_EXPORT_LABELS, kind);
}

function settings(s: AppState, positive: string | null): { header: string[]; cells: Cell[] } {
  const c = s.view.causal;
  const d = c.direction;
  return {
    header: ['model', 'method', 'positive', 'site', 'layers', 'alpha', 'mode', 'positions'],
    cells: [s.engine.model?.id ?? '', d.method === 'uploaded' ? `uploaded:${d.upload?.name ?? ''}` : d.method, positive ?? '', d.site, `${d.layers[0]}-${d.layers[1]}`, c.steer.alpha, c.steer.mode, String(c.steer.positions)],
  };
}

const mark = (hit: boolean | null): Cell => (hit === null ? '' : hit ? 1 : 0);

/** The shown result of the Causal tab as a CSV download; throws with what to do when it is not ready. */
export function buildCausalExport(kind: CausalExportKind, s: AppState): { filename: string; blob: Blob } {
  const data = causalData(s);
  if (!data) throw new Error('load a model and a dataset first');
  const meta = settings(s, data.positive);
  const base = `${s.engine.model?.id ?? 'model'}-${s.dataset?.name.replace(/\.[^.]*$/, '') ?? 'prompts'}`;
  if (kind === 'steer-generations') {
    if (data.steer.kind !== 'ready') throw new Error('the steering results are not computed yet; open Steering, wait for them, then export');
    const r = data.steer.value;
    const header = ['prompt', 'target', 'unsteered_tokens', 'steered_tokens', 'unsteered_hit', 'steered_hit', ...meta.header];
    const rows = data.steerRows.map((row, i) => [row.prompt, row.target ?? '', r.unsteered[i].tokens.join(' '), r.steered[i].tokens.join(' '), mark(r.unsteered[i].hit), mark(r.steered[i].hit), ...meta.cells]);
    return { filename: safeFileName(`${base}-steering`, 'csv'), blob: new Blob([toCsv(header, rows)], { type: 'text/csv' }) };
  }
  if (data.ablate.kind !== 'ready') throw new Error('the ablation results are not computed yet; open Ablation, wait for them, then export');
  const a = data.ablate.value;
  const header = ['layer', 'probe_before', 'probe_before_std', 'probe_after', 'probe_after_std', 'target_prob_before', 'top1_before', 'target_prob_after', 'top1_after', ...meta.header];
  const rows = a.probes.map((p) => [p.layer, p.before.mean, p.before.std, p.after.mean, p.after.std, a.before.meanTargetProb, a.before.top1, a.after.meanTargetProb, a.after.top1, ...meta.cells]);
  return { filename: safeFileName(`${base}-ablation`, 'csv'), blob: new Blob([toCsv(header, rows)], { type: 'text/csv' }) };
}
