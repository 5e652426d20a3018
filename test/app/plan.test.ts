// What the view asks the engine for: nothing before a model and dataset, then the prompts' tokens, the
// chosen layer's projection first, every other layer, probes on the label column, and directions on
// the contrast pairs, each under the keys the panels read.
import { describe, expect, it } from 'vitest';
import { datasetFromParsed } from '../../src/data/dataset';
import { parsePromptFile } from '../../src/data/promptFile';
import { planJobs } from '../../src/app/plan';
import { activationIdentity, contrastPairs, resolveLayer, resolveModelId } from '../../src/app/selectors';
import { initialState, reduce, type AppState } from '../../src/app/store';
import { explorerData } from '../../src/app/viewData';
import type { ModelInfo } from '../../src/workers/protocol';

const model: ModelInfo = { id: 'm', format: 'repscope', nLayers: 3, dModel: 4, nHeads: 1, dHead: 4, dMlp: 8, nCtx: 8, dVocab: 10, parameterCount: 1, sites: ['hook_resid_post', 'hook_resid_pre'], tokenizer: 'word', card: null };
const CSV = 'text,label,pair\nthe cat is happy,true,p1\nthe cat is sad,false,p1\nthe dog is big,false,p2\nthe dog is small,true,p2\nthe bird,true,p3\n';
const parsed = parsePromptFile(CSV, 'pets.csv');
const dataset = datasetFromParsed(parsed, { name: 'pets.csv', source: 'file', text: CSV });

function loaded(patch: Partial<AppState['view']> = {}): AppState {
  let s = reduce(initialState(), { type: 'modelReady', model, backend: { requested: 'auto', chosen: 'wasm', reason: '' } });
  s = reduce(s, { type: 'datasetReady', dataset, forKey: 'k' });
  return reduce(s, { type: 'setView', patch });
}

describe('planJobs', () => {
  it('asks only for the Engine panel\'s prediction until a dataset is loaded', () => {
    const s = reduce(initialState(), { type: 'modelReady', model, backend: { requested: 'auto', chosen: 'wasm', reason: '' } });
    expect(planJobs(s).map((n) => n.job.kind)).toEqual(['predict']);
    expect(planJobs(initialState())).toEqual([]);
  });

  it('asks for tokens, the chosen layer first, the other layers together, probes and directions', () => {
    const needs = planJobs(loaded({ layer: 1 }));
    expect(needs.map((n) => n.job.kind)).toEqual(['encode', 'project', 'project', 'probe', 'directions', 'predict']);
    const [encode, chosen, rest, probe, directions] = needs;
    expect(encode.priority).toBeGreaterThan(chosen.priority);
    expect(chosen.priority).toBeGreaterThan(probe.priority);
    expect(chosen.job).toMatchObject({ data: { layers: [1], site: 'hook_resid_post', position: 'last', prompts: dataset.rows.map((r) => r.text) } });
    expect(rest.job).toMatchObject({ data: { layers: [0, 2] } });
    expect(rest.keys).toHaveLength(2);
    expect(probe.job).toMatchObject({ labels: ['true', 'false', 'false', 'true', 'true'], folds: 5 });
    expect(directions.job).toMatchObject({ pairs: [[0, 1], [3, 2]] });
  });

  it('runs only the first prompts when the cap is lower than the dataset', () => {
    const [encode] = planJobs(loaded({ maxPrompts: 2 }));
    expect(encode.job).toMatchObject({ prompts: ['the cat is happy', 'the cat is sad'] });
  });

  it('projects every layer with UMAP only once asked to', () => {
    const s = loaded({ method: 'umap' });
    expect(planJobs(s).filter((n) => n.job.kind === 'project')).toHaveLength(1);
    expect(planJobs(reduce(s, { type: 'requestUmapAllLayers' })).filter((n) => n.job.kind === 'project')).toHaveLength(2);
  });

  it('stores results where the panels look for them', () => {
    let s = loaded({ layer: -1 });
    const needs = planJobs(s);
    const fake = { project: { layers: [{ layer: 2, points: new Float32Array(10), axes: ['a', 'b'], notes: [] }] } };
    s = reduce(s, { type: 'jobDone', entries: needs[1].keys.map((k, i) => [k, needs[1].unpack(fake.project)[i]]) });
    s = reduce(s, { type: 'jobStarted', keys: needs[3].keys, label: 'Probes', at: 0 });
    const data = explorerData(s)!;
    expect(data.projection).toEqual({ kind: 'ready', value: fake.project.layers[0] });
    expect(data.probe.kind).toBe('running');
    expect(data.layer).toBe(2);
  });

  it('computes activation results afresh on another backend, and keeps them on the same backend chosen again', () => {
    const s = loaded({ layer: 1 });
    const keysOf = (state: AppState) => Object.fromEntries(planJobs(state).map((n, i) => [`${i}:${n.job.kind}`, n.keys.join(' ')]));
    const webgl = reduce(s, { type: 'backendChanged', backend: { requested: 'webgl', chosen: 'webgl', reason: '' }, model });
    const [before, after] = [keysOf(s), keysOf(webgl)];
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const job of Object.keys(before)) {
      if (job.endsWith('encode')) expect(after[job], job).toBe(before[job]);
      else expect(after[job], job).not.toBe(before[job]);
    }
    const autoWasm = reduce(webgl, { type: 'backendChanged', backend: { requested: 'auto', chosen: 'wasm', reason: '' }, model });
    expect(keysOf(autoWasm)).toEqual(before);
  });

  it('shows no result computed on the previous backend after a switch, and asks for it again', () => {
    let s = loaded();
    const probe = planJobs(s).find((n) => n.job.kind === 'probe')!;
    s = reduce(s, { type: 'jobDone', entries: [[probe.keys[0], { classes: ['false', 'true'], rows: 5, folds: 2, layers: [], notes: [] }]] });
    expect(explorerData(s)!.probe.kind).toBe('ready');
    expect(planJobs(s).some((n) => n.job.kind === 'probe' && n.keys.some((k) => !(k in s.results)))).toBe(false);
    s = reduce(s, { type: 'backendChanged', backend: { requested: 'webgl', chosen: 'webgl', reason: '' }, model });
    expect(explorerData(s)!.probe.kind).not.toBe('ready');
    expect(planJobs(s).find((n) => n.job.kind === 'probe')!.keys.every((k) => !(k in s.results))).toBe(true);
  });

  it('stops asking for finished layers of the every-layer job while keeping the running ones', () => {
    let s = loaded({ layer: 0 });
    const rest = planJobs(s)[2];
    s = reduce(s, { type: 'jobStarted', keys: rest.keys, label: 'PCA', at: 0 });
    s = reduce(s, { type: 'jobDone', entries: [[rest.keys[0], 1]] });
    expect(planJobs(s)[2].keys).toEqual([rest.keys[1]]);
  });
});

describe('selectors', () => {
  it('read a negative layer from the end and clamp one past the last', () => {
    expect([resolveLayer(-1, 3), resolveLayer(-3, 3), resolveLayer(7, 3), resolveLayer(-9, 3)]).toEqual([2, 0, 2, 0]);
  });

  it('name the backend in use in the activation identity, empty before one is chosen', () => {
    const view = initialState().view;
    expect(activationIdentity(model, 'webgpu', dataset, view).backend).toBe('webgpu');
    expect(activationIdentity(model, undefined, dataset, view).backend).toBe('');
  });

  it('resolve the default model from the catalog and keep only known ids', () => {
    const catalog = { models: [{ id: 'a', title: 'a', description: '', datasets: [] }] };
    const view = initialState().view;
    expect(resolveModelId(view, catalog, null)).toBe('a');
    expect(resolveModelId({ ...view, model: 'a' }, catalog, null)).toBe('a');
    expect(resolveModelId({ ...view, model: 'nope' }, catalog, null)).toBeNull();
  });

  it('orient contrast pairs by role, else by a positive-sounding label, and skip what cannot be oriented', () => {
    const rows = [
      { text: 'a', labels: new Map([['l', 'x']]), pair: 'r', role: 'negative' as const, line: 1 },
      { text: 'b', labels: new Map([['l', 'x']]), pair: 'r', role: 'positive' as const, line: 2 },
      { text: 'c', labels: new Map([['l', 'liar']]), pair: 'h', line: 3 },
      { text: 'd', labels: new Map([['l', 'honest']]), pair: 'h', line: 4 },
      { text: 'e', labels: new Map([['l', 'x']]), pair: 'same', line: 5 },
      { text: 'f', labels: new Map([['l', 'x']]), pair: 'same', line: 6 },
      { text: 'g', labels: new Map([['l', 'true']]), pair: 'lonely', line: 7 },
    ];
    expect(contrastPairs(rows, 'l')).toEqual([[1, 0], [3, 2]]);
  });
});
