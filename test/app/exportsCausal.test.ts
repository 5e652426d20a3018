// The Causal tab's CSV downloads: the ablation's probes per layer with the behaviour before and after and
// the settings that made them, and a message that says what to wait for when a result is not ready.
import { describe, expect, it } from 'vitest';
import { datasetFromParsed } from '../../src/data/dataset';
import { parsePromptFile } from '../../src/data/promptFile';
import { buildCausalExport } from '../../src/app/exportsCausal';
import { planCausal } from '../../src/app/planCausal';
import { initialState, reduce, type AppState } from '../../src/app/store';
import type { ModelInfo } from '../../src/workers/protocol';

const model: ModelInfo = { id: 'm', format: 'repscope', nLayers: 2, dModel: 4, nHeads: 2, dHead: 2, dMlp: 8, nCtx: 16, dVocab: 10, parameterCount: 1, sites: ['hook_resid_pre', 'hook_resid_post'], tokenizer: 'word', card: null };
const CSV = 'text,label,answer,pair\nann says mia lives in,honest,lima,p1\nbob says mia lives in,liar,lima,p1\n';
const dataset = datasetFromParsed(parsePromptFile(CSV, 'speakers.csv'), { name: 'speakers.csv', source: 'file', text: CSV });

function onAblation(): AppState {
  let s = reduce(initialState(), { type: 'modelReady', model, backend: { requested: 'auto', chosen: 'wasm', reason: '' } });
  s = reduce(s, { type: 'datasetReady', dataset, forKey: 'k' });
  return reduce(s, { type: 'setView', patch: { tab: 'causal', causal: { ...s.view.causal, panel: 'ablate' } } });
}

describe('buildCausalExport', () => {
  it('writes the ablation as one row per layer with the behaviour and the settings', async () => {
    let s = onAblation();
    const [ablate] = planCausal(s);
    const result = { before: { meanTargetProb: 0.5, top1: 0.5 }, after: { meanTargetProb: 0.2, top1: 0.25 }, probes: [{ layer: 0, before: { mean: 1, std: 0 }, after: { mean: 0.5, std: 0.05 } }], notes: [] };
    s = reduce(s, { type: 'jobDone', entries: [[ablate.keys[0], result]] });
    const file = buildCausalExport('ablation', s);
    expect(file.filename).toBe('m-speakers-ablation.csv');
    expect((await file.blob.text()).trim().split(/\r?\n/)).toEqual([
      'layer,probe_before,probe_before_std,probe_after,probe_after_std,target_prob_before,top1_before,target_prob_after,top1_after,model,method,positive,site,layers,alpha,mode,positions',
      '0,1,0,0.5,0.05,0.5,0.5,0.2,0.25,m,meandiff,honest,hook_resid_pre,0-0,0.5,oneshot,1',
    ]);
  });

  it('says what to wait for when the result is not computed yet', () => {
    expect(() => buildCausalExport('steer-generations', onAblation())).toThrow('the steering results are not computed yet; open Steering, wait for them, then export');
  });
});
