// The reducer: pure (inputs never change), view patches with their resets, dataset review that keeps
// the current dataset, the job lifecycle under canonical keys, and capped, de-duplicated warnings.
import { describe, expect, it } from 'vitest';
import { defaultViewState } from '../../src/data/urlState';
import type { Dataset } from '../../src/data/types';
import { MAX_RESULTS, initialState, reduce, type Action, type AppState } from '../../src/app/store';
import type { ModelInfo } from '../../src/workers/protocol';

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object' && !Object.isFrozen(x) && !ArrayBuffer.isView(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

/** Applies actions to a frozen state, so any mutation inside the reducer throws. */
const run = (state: AppState, ...actions: Action[]) => actions.reduce((s, a) => reduce(deepFreeze(s), deepFreeze(a)), state);

const dataset = (name: string): Dataset => ({
  id: `sha256:${name}`, name, source: 'file', rows: [{ text: 'a', labels: new Map(), line: 2 }], textColumn: 'text', labelColumns: ['label'], contentHash: name, text: 'text\na\n',
});

const model: ModelInfo = { id: 'm', format: 'repscope', nLayers: 2, dModel: 4, nHeads: 1, dHead: 4, dMlp: 8, nCtx: 8, dVocab: 10, parameterCount: 1, sites: ['hook_resid_post'], tokenizer: 'word', card: null };

describe('reduce', () => {
  it('returns the same state for an action that changes nothing, and never mutates its input', () => {
    const s = initialState();
    expect(run(s, { type: 'dismissWarning', index: 3 }).warnings).toEqual([]);
    const next = run(s, { type: 'setView', patch: { layer: 1 } }, { type: 'warn', messages: ['x'] });
    expect(next.view.layer).toBe(1);
    expect(s.view.layer).toBe(-1);
  });

  it('starts a newly chosen model on its own first dataset, with no colour column or selection kept', () => {
    const s = run(initialState(), { type: 'setView', patch: { dataset: { kind: 'builtin', id: 'x' }, colourBy: 'label', selection: [1, 2] } });
    const next = run(s, { type: 'setView', patch: { model: 'other' } });
    expect(next.view).toMatchObject({ model: 'other', dataset: null, colourBy: null, selection: [] });
    expect(next.viewSource).toBe('user');
  });

  it('keeps the colour column when only the layer changes', () => {
    const s = run(initialState(), { type: 'setView', patch: { colourBy: 'label' } }, { type: 'setView', patch: { layer: 0 } });
    expect(s.view.colourBy).toBe('label');
  });

  it('replaces the view from a link with its warnings, and fixes a view in place', () => {
    const view = { ...defaultViewState(), layer: 5 };
    const s = run(initialState(), { type: 'replaceView', view, warnings: ['bad site'] });
    expect(s).toMatchObject({ view: { layer: 5 }, warnings: ['bad site'], viewSource: 'link' });
    const fixed = run(s, { type: 'fixView', patch: { layer: -1 }, warnings: ['bad site', 'no layer 5'] });
    expect(fixed).toMatchObject({ view: { layer: -1 }, warnings: ['bad site', 'no layer 5'], viewSource: 'fix' });
  });

  it('keeps at most eight warnings, the newest, without repeats', () => {
    const s = run(initialState(), ...Array.from({ length: 10 }, (_, i): Action => ({ type: 'warn', messages: [`w${i}`, `w${i}`] })), { type: 'warn', messages: ['w9'] });
    expect(s.warnings).toEqual(['w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9']);
    expect(run(s, { type: 'dismissWarning', index: 0 }).warnings[0]).toBe('w3');
  });

  it('keeps the current dataset while a file with errors awaits review, and switches only on acceptance', () => {
    const a = dataset('a.csv');
    const s = run(initialState(), { type: 'datasetReady', dataset: a, forKey: 'ka', ref: { kind: 'inline', name: 'a.csv', text: a.text } });
    expect(s.view.dataset).toEqual({ kind: 'inline', name: 'a.csv', text: a.text });
    const pending = { parsed: { rows: [], errors: [{ line: 3, message: 'bad' }], errorCount: 1 } as never, name: 'b.csv', source: 'file' as const, text: 'x' };
    const reviewing = run(s, { type: 'datasetReview', pending });
    expect(reviewing.dataset).toBe(s.dataset);
    expect(reviewing.pending).toBe(pending);
    const b = dataset('b.csv');
    const accepted = run(reviewing, { type: 'datasetReady', dataset: b, forKey: 'kb', ref: { kind: 'inline', name: 'b.csv', text: b.text } });
    expect(accepted).toMatchObject({ dataset: { name: 'b.csv' }, pending: null, datasetFor: 'kb', viewSource: 'user' });
  });

  it('keeps the dataset and says why when a dropped file is refused', () => {
    const s = run(initialState(), { type: 'datasetReady', dataset: dataset('a.csv'), forKey: 'ka' }, { type: 'fileRejected', message: 'x.png is not a prompt file' });
    expect(s).toMatchObject({ dataset: { name: 'a.csv' }, fileError: 'x.png is not a prompt file' });
    expect(s.view.dataset).toBeNull();
  });

  it('records a failed dataset load as a warning, so it is not retried for the same reference', () => {
    const s = run(initialState(), { type: 'datasetLoading', forKey: 'k' }, { type: 'datasetFailed', forKey: 'k', message: 'drop that file' });
    expect(s).toMatchObject({ datasetFor: 'k', datasetLoading: null, warnings: ['drop that file'] });
  });
});

describe('reduce, jobs and results', () => {
  const started = run(initialState(), { type: 'jobStarted', keys: ['a', 'b'], label: 'PCA', at: 5 });

  it('marks every key of a job running, then updates progress only where it still runs', () => {
    expect(started.results.a).toEqual({ status: 'running', label: 'PCA', progress: null, startedAt: 5 });
    const p = { what: 'Reading', done: 1, total: 4, etaMs: 30 };
    const s = run(started, { type: 'jobDone', entries: [['a', 1]] }, { type: 'jobProgress', keys: ['a', 'b'], progress: p });
    expect(s.results.a).toEqual({ status: 'done', value: 1 });
    expect(s.results.b).toMatchObject({ status: 'running', progress: p });
  });

  it('stores failures and cancellations under the keys, and forgets cleared keys', () => {
    expect(run(started, { type: 'jobFailed', keys: ['a'], message: 'no' }).results.a).toEqual({ status: 'error', message: 'no' });
    expect(run(started, { type: 'jobCancelled', keys: ['a', 'b'] }).results).toEqual({ a: { status: 'cancelled' }, b: { status: 'cancelled' } });
    expect(run(started, { type: 'resultsCleared', keys: ['a'] }).results).not.toHaveProperty('a');
  });

  it('drops the oldest finished results past the cap but never a running one', () => {
    const many = Array.from({ length: MAX_RESULTS + 5 }, (_, i): [string, unknown] => [`k${i}`, i]);
    const s = run(started, { type: 'jobDone', entries: many });
    expect(Object.keys(s.results).length).toBeLessThanOrEqual(MAX_RESULTS + 2);
    expect(s.results.a?.status).toBe('running');
    expect(s.results[`k${MAX_RESULTS + 4}`]).toEqual({ status: 'done', value: MAX_RESULTS + 4 });
    expect(s.results.k0).toBeUndefined();
  });

  it('forgets the loaded model and running jobs when the engine restarts, keeping finished results', () => {
    const s = run(started, { type: 'modelReady', model, backend: { requested: 'auto', chosen: 'wasm', reason: 'r' } }, { type: 'jobDone', entries: [['a', 1]] }, { type: 'engineReset' });
    expect(s.engine.model).toBeNull();
    expect(s.results).toEqual({ a: { status: 'done', value: 1 } });
  });

  it('remembers a model that failed to load until another model is chosen', () => {
    const s = run(initialState(), { type: 'modelLoading', id: 'x' }, { type: 'modelFailed', id: 'x', message: 'broken' });
    expect(s.engine).toMatchObject({ loading: null, failed: 'x', error: 'broken' });
    expect(run(s, { type: 'setView', patch: { model: 'y' } }).engine.failed).toBeNull();
  });
});
