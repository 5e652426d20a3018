// Corrections for a view that the loaded model cannot show (a site it lacks, a layer past its last),
// each with a warning that says what was used instead.
import type { ViewState } from '../data/urlState';
import type { ModelInfo } from '../workers/protocol';
import { checkCausal } from './viewCheckCausal';

export interface ViewFix {
  patch: Partial<ViewState>;
  warnings: string[];
}

export function checkView(view: ViewState, model: ModelInfo): ViewFix | null {
  const patch: Partial<ViewState> = {};
  const warnings: string[] = [];
  if (!model.sites.includes(view.site)) {
    const site = model.sites.includes('hook_resid_post') ? 'hook_resid_post' : model.sites[0];
    patch.site = site;
    warnings.push(`${model.id} has no site ${JSON.stringify(view.site)} to project; showing ${site} instead`);
  }
  if (view.layer >= model.nLayers || view.layer < -model.nLayers) {
    patch.layer = -1;
    warnings.push(`${model.id} has layers 0 to ${model.nLayers - 1}, not ${view.layer}; showing the last layer instead`);
  }
  const causal = checkCausal(view.causal, model);
  if (causal) {
    patch.causal = causal.causal;
    warnings.push(...causal.warnings);
  }
  return warnings.length === 0 ? null : { patch, warnings };
}
