// Corrections for causal settings the loaded model cannot show (layers or heads past its last, a site it
// lacks), each with a warning that says what is used instead.
import type { CausalView } from '../data/urlState';
import type { ModelInfo } from '../workers/protocol';
import { STEER_SITES } from './selectorsCausal';

export function checkCausal(causal: CausalView, model: ModelInfo): { causal: CausalView; warnings: string[] } | null {
  const warnings: string[] = [];
  const top = Math.max(0, model.nLayers - 1);
  let { direction, attention } = causal;
  const [from, to] = direction.layers;
  if (to > top) {
    direction = { ...direction, layers: [Math.min(from, top), top] };
    warnings.push(`${model.id} has layers 0 to ${top}, so the causal layers ${from}–${to} became ${direction.layers[0]}–${top}`);
  }
  const sites = STEER_SITES.filter((s) => model.sites.includes(s));
  if (sites.length > 0 && !sites.includes(direction.site)) {
    warnings.push(`${model.id} has no residual site ${JSON.stringify(direction.site)} to steer at; using ${sites[0]} instead`);
    direction = { ...direction, site: sites[0] };
  }
  if (attention.layer > top || attention.head >= model.nHeads) {
    warnings.push(`${model.id} has no attention head ${attention.layer}.${attention.head}; showing head 0.0 instead`);
    attention = { ...attention, layer: 0, head: 0 };
  }
  return warnings.length === 0 ? null : { causal: { ...causal, direction, attention }, warnings };
}
