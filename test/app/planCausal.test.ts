// What the Causal tab asks the engine for: nothing unless the tab is open; then the per-layer summary and
// the shown sub-panel's job (steering the non-positive prompts toward their answers, ablation, patching
// once both runs' top answers are known, lens, attention), under the keys its panels read.
import { describe, expect, it } from 'vitest';
import { datasetFromParsed } from '../../src/data/dataset';
import { parsePromptFile } from '../../src/data/promptFile';
import type { CausalView } from '../../src/data/urlState';
import { planJobs } from '../../src/app/plan';
import { planCausal } from '../../src/app/planCausal';
import { initialState, reduce, type AppState } from '../../src/app/store';
import { causalData } from '../../src/app/viewDataCausal';
import type { ModelInfo } from '../../src/workers/protocol';

const model: ModelInfo = { id: 'm', format: 'repscope', nLayers: 2, dModel: 4, nHeads: 2, dHead: 2, dMlp: 8, nCtx: 16, dVocab: 10, parameterCount: 1, sites: ['hook_resid_pre', 'hook_resid_post'], tokenizer: 'word', card: null };
const CSV = 'text,label,answer,pair\nann says mia lives in,honest,lima,p1\nbob says mia lives in,liar,lima,p1\ndev says tom works as a,honest,cook,p2\nkim says tom works as a,liar,cook,p2\n';
const dataset = datasetFromParsed(parsePromptFile(CSV, 'speakers.csv'), { name: 'speakers.csv', source: 'file', text: CSV });

function loaded(causal: (c: CausalView) => void = () => {}, tab: 'explore' | 'causal' | 'engine' = 'causal'): AppState {
  let s = reduce(initialState(), { type: 'modelReady', model, backend: { requested: 'auto', chosen: 'wasm', reason: '' } });
  s = reduce(s, { type: 'datasetReady', dataset, forKey: 'k' });
  const c = structuredClone(s.view.causal);
  causal(c);
  return reduce(s, { type: 'setView', patch: { tab, causal: c } });
}

const kinds = (s: AppState) => planCausal(s).map((n) => n.job.kind);

describe('planCausal', () => {
  it('asks for nothing unless the Causal tab is open', () => {
    expect(planCausal(loaded(() => {}, 'explore'))).toEqual([]);
    expect(planCausal(loaded(() => {}, 'engine'))).toEqual([]);
    expect(planJobs(loaded(() => {}, 'explore')).map((n) => n.job.kind)).not.toContain('steer');
  });

  it('steers the prompts outside the positive class toward their answers, and asks for the per-layer summary after', () => {
    const s = loaded();
    expect(kinds(s)).toEqual(['steer', 'layerEffects']);
    expect(planJobs(s).slice(0, 2).map((n) => n.job.kind)).toEqual(['steer', 'layerEffects']);
    const [steer, effects] = planCausal(s);
    expect(steer.priority).toBeGreaterThan(effects.priority);
    expect(steer.job).toMatchObject({
      kind: 'steer', prompts: ['bob says mia lives in', 'kim says tom works as a'], targets: ['lima', 'cook'], layers: [0], site: 'hook_resid_pre',
      positions: [1], alpha: 0.5, mode: 'oneshot', alphas: [0, 0.25, 0.5, 1, 2], maxNew: 4, seed: 0,
      direction: { kind: 'fit', method: 'meandiff', positive: 'honest', labels: ['honest', 'liar', 'honest', 'liar'], pairs: [[0, 1], [2, 3]], data: { site: 'hook_resid_pre', position: 1, layers: [0] } },
    });
    expect(effects.job).toMatchObject({ kind: 'layerEffects', positive: 'honest', targets: ['lima', 'lima', 'cook', 'cook'], method: 'meandiff', site: 'hook_resid_pre', position: 1 });
  });

  it('steers a band of layers with the chosen settings, and takes the answers from the chosen column', () => {
    const s = loaded((c) => { c.direction.layers = [0, 1]; c.steer.positions = -1; c.steer.mode = 'continual'; c.steer.target = 'pair'; c.direction.positive = 'liar'; });
    expect(planCausal(s)[0].job).toMatchObject({ prompts: ['ann says mia lives in', 'dev says tom works as a'], targets: ['p1', 'p2'], layers: [0, 1], positions: [-1], mode: 'continual' });
    const generated = loaded((c) => { c.steer.positions = 'generated'; c.steer.mode = 'continual'; });
    expect(planCausal(generated)[0].job).toMatchObject({ kind: 'steer', positions: 'generated', mode: 'continual' });
    expect(planCausal(generated)[0].keys).not.toEqual(planCausal(loaded((c) => { c.steer.mode = 'continual'; }))[0].keys);
  });

  it('waits for an uploaded direction that the link names until that very file is loaded', () => {
    const upload = { name: 'v.npy', hash: 'a'.repeat(64), shape: [4] };
    let s = loaded((c) => { c.direction.method = 'uploaded'; c.direction.upload = upload; });
    expect(kinds(s)).toEqual(['layerEffects']);
    expect(causalData(s)!.directionMissing).toBe('This view uses the uploaded direction v.npy [4]; drop that file here to use it.');
    s = reduce(s, { type: 'directionUploaded', direction: { name: 'v.npy', hash: 'a'.repeat(64), shape: [4], data: new Float32Array([1, 0, 0, 0]) } });
    expect(planCausal(s)[0].job).toMatchObject({ kind: 'steer', direction: { kind: 'vector', name: 'v.npy', data: new Float32Array([1, 0, 0, 0]) } });
  });

  it('patches the first pair: first the two predictions, then the logit difference of their top answers', () => {
    let s = loaded((c) => { c.panel = 'patch'; });
    const predictions = planCausal(s).filter((n) => n.job.kind === 'predict');
    expect(predictions.map((n) => n.job)).toEqual([{ kind: 'predict', text: 'ann says mia lives in', k: 10 }, { kind: 'predict', text: 'bob says mia lives in', k: 10 }]);
    expect(kinds(s)).not.toContain('patch');
    const top = (text: string) => ({ tokens: [], unknown: [], top: [{ id: 1, text, prob: 0.9 }] });
    s = reduce(s, { type: 'jobDone', entries: [[predictions[0].keys[0], top('lima')], [predictions[1].keys[0], top('rome')]] });
    const patch = planCausal(s)[0];
    expect(patch.job).toEqual({ kind: 'patch', clean: 'ann says mia lives in', corrupt: 'bob says mia lives in', metric: { kind: 'logitdiff', targets: ['lima', 'rome'] }, sites: ['resid_pre', 'attn_out', 'mlp_out', 'heads'] });
    const result = { tokens: { clean: [], corrupt: [] }, metricClean: 1, metricCorrupt: 0, heatmaps: [] };
    s = reduce(s, { type: 'jobDone', entries: [[patch.keys[0], result]] });
    expect(causalData(s)!.patch).toMatchObject({ pairId: 'p1', targets: ['lima', 'rome'], panel: { kind: 'ready', value: result } });
  });

  it('patches typed prompts with typed answers without asking for predictions', () => {
    const s = loaded((c) => { c.panel = 'patch'; c.patch.clean = 'dev says tom works as a'; c.patch.metric = 'prob'; c.patch.targets = ['cook', '']; c.patch.sites = ['heads']; });
    expect(planCausal(s).map((n) => n.job)).toContainEqual({ kind: 'patch', clean: 'dev says tom works as a', corrupt: 'bob says mia lives in', metric: { kind: 'prob', target: 'cook' }, sites: ['heads'] });
    expect(kinds(s)).not.toContain('predict');
  });

  it('reads the lens and attention prompts from a row (the lens ranks its answer) or from typed text', () => {
    expect(planCausal(loaded((c) => { c.panel = 'lens'; c.lens.row = 2; }))[0].job).toEqual({ kind: 'lens', text: 'dev says tom works as a', topK: 5, target: 'cook' });
    expect(planCausal(loaded((c) => { c.panel = 'lens'; c.lens.text = 'mia lives in'; c.lens.target = 'oslo'; }))[0].job).toEqual({ kind: 'lens', text: 'mia lives in', topK: 5, target: 'oslo' });
    expect(planCausal(loaded((c) => { c.panel = 'attention'; c.attention.row = 99; }))[0].job).toEqual({ kind: 'attention', text: 'kim says tom works as a' });
  });

  it('re-scores probes where the direction is fitted when the explorer reads every token (probes need one vector per prompt)', () => {
    const s = loaded((c) => { c.panel = 'ablate'; c.direction.read = 1; });
    const [ablate] = planCausal(reduce(s, { type: 'setView', patch: { position: 'all' } }));
    expect(ablate.job).toMatchObject({ kind: 'ablate', position: 1 });
    const [perPrompt] = planCausal(reduce(s, { type: 'setView', patch: { position: 'mean' } }));
    expect(perPrompt.job).toMatchObject({ kind: 'ablate', position: 'mean' });
    expect(perPrompt.keys).not.toEqual(ablate.keys);
  });

  it('ablates at the band over every prompt, re-scoring probes at the explorer site and position', () => {
    const [ablate] = planCausal(loaded((c) => { c.panel = 'ablate'; }));
    expect(ablate.job).toMatchObject({ kind: 'ablate', prompts: dataset.rows.map((r) => r.text), targets: ['lima', 'lima', 'cook', 'cook'], layers: [0], labels: ['honest', 'liar', 'honest', 'liar'], probeSite: 'hook_resid_post', position: 'last' });
  });

  it('stores each result where the tab reads it, and a running job shows as running', () => {
    let s = loaded();
    const [steer, effects] = planCausal(s);
    s = reduce(s, { type: 'jobStarted', keys: steer.keys, label: steer.label, at: 0 });
    s = reduce(s, { type: 'jobDone', entries: [[effects.keys[0], { layers: [], baseline: 0, notes: [] }]] });
    const data = causalData(s)!;
    expect(data.steer.kind).toBe('running');
    expect(data.effects).toEqual({ kind: 'ready', value: { layers: [], baseline: 0, notes: [] } });
    expect(data.steerRows).toEqual([{ prompt: 'bob says mia lives in', target: 'lima' }, { prompt: 'kim says tom works as a', target: 'cook' }]);
  });
});
