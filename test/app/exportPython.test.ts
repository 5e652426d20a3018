// "Export as script" from the app's state: the labelled prompts and the probe's own folds, the direction's
// classes, the Causal tab's steering settings and the patching pair with its answers; the script runs its
// numpy self-test.
import { describe, expect, it } from 'vitest';
import { encodeLabels } from '../../src/analysis/probeLabels';
import { stratifiedFolds } from '../../src/analysis/folds';
import { datasetFromParsed } from '../../src/data/dataset';
import { parsePromptFile } from '../../src/data/promptFile';
import { buildPythonScript } from '../../src/app/exportPython';
import { predictionKey } from '../../src/app/keys';
import { initialState, reduce, type AppState } from '../../src/app/store';
import type { ModelInfo } from '../../src/workers/protocol';
import { runPython } from '../fixtures/exportScript/python';

const model: ModelInfo = { id: 'm', format: 'repscope', nLayers: 2, dModel: 4, nHeads: 2, dHead: 2, dMlp: 8, nCtx: 16, dVocab: 10, parameterCount: 1, sites: ['hook_resid_pre', 'hook_resid_post'], tokenizer: 'word', card: null };
const CSV = 'text,label,answer,pair\nann says mia lives in,honest,lima,p1\nbob says mia lives in,liar,lima,p1\ndev says tom works as a,honest,cook,p2\nkim says tom works as a,liar,cook,p2\nno label here,,x,\neli says al has a,honest,cat,p3\nfay says al has a,liar,cat,p3\n';
const dataset = datasetFromParsed(parsePromptFile(CSV, 'speakers.csv'), { name: 'speakers.csv', source: 'file', text: CSV });

function state(patch: Partial<AppState['view']> = {}): AppState {
  let s = reduce(initialState(), { type: 'modelReady', model, backend: { requested: 'auto', chosen: 'wasm', reason: '' } });
  s = reduce(s, { type: 'datasetReady', dataset, forKey: 'k' });
  return reduce(s, { type: 'setView', patch: { probe: { folds: 3, seed: 4, C: 1 }, ...patch } });
}

async function settings(s: AppState): Promise<Record<string, unknown>> {
  const script = await buildPythonScript(s).blob.text();
  const read = 'import json, runpy\ng = runpy.run_path("script.py")\nprint(json.dumps({k: g[k] for k in ["PROMPTS", "LABELS", "FOLD_IDS", "STEERING", "PATCHING", "MODEL_NAME", "TOKEN_IDS"]}))';
  return JSON.parse(runPython({ 'script.py': script, 'read.py': read }, ['read.py'])) as Record<string, unknown>;
}

describe('buildPythonScript', () => {
  it('carries the labelled prompts with the probe’s folds and the Causal tab’s steering, and passes its self-test', async () => {
    const s = state();
    const got = await settings(s);
    const labelled = dataset.rows.filter((r) => r.labels.get('label'));
    expect(got.PROMPTS).toEqual(labelled.map((r) => r.text));
    expect(got.LABELS).toEqual(labelled.map((r) => r.labels.get('label')));
    expect(got.FOLD_IDS).toEqual(Array.from(stratifiedFolds(encodeLabels(labelled.map((r) => r.labels.get('label')!)).index, { k: 3, seed: 4 }).foldIds));
    expect(got.MODEL_NAME).toBe('m');
    // Steering: the liar prompts, at the default band, token index and α of the view.
    const c = s.view.causal;
    expect(got.STEERING).toMatchObject({ layers: [c.direction.layers[0]], positions: c.steer.positions, alpha: c.steer.alpha, mode: c.steer.mode, maxNewTokens: c.steer.maxNew });
    expect((got.STEERING as { prompts: string[] }).prompts).toEqual(labelled.filter((r) => r.labels.get('label') === 'liar').map((r) => r.text));
    // No answers predicted yet and none typed: no patching block rather than a guessed one; no token ids before encoding.
    expect(got.PATCHING).toBeNull();
    expect(got.TOKEN_IDS).toBeNull();
    const out = runPython({ 'script.py': await buildPythonScript(s).blob.text() }, ['script.py', '--selftest']);
    expect(out).toMatch(/^dataset: 6 prompts, 2 classes, counts \[3, 3\]\n/);
    expect(out.trim().endsWith('selftest: ok')).toBe(true);
  });

  it('patches the chosen pair with the answers the app predicted for each prompt', async () => {
    let s = state();
    const key = (text: string) => predictionKey('m', 'wasm', text);
    const top = (text: string) => ({ tokens: [], unknown: [], top: [{ id: 1, text, prob: 0.9 }] });
    s = reduce(s, { type: 'jobDone', entries: [[key('ann says mia lives in'), top('lima')], [key('bob says mia lives in'), top('oslo')]] });
    const got = await settings(s);
    expect(got.PATCHING).toMatchObject({ layers: [0, 1], position: 'last', pairs: [{ clean: 'ann says mia lives in', corrupt: 'bob says mia lives in', correct: 'lima', wrong: 'oslo' }] });
  });

  it('says what to change when the view cannot become a script', () => {
    expect(() => buildPythonScript(state({ position: 'all' }))).toThrow('one vector per prompt');
    expect(() => buildPythonScript(initialState())).toThrow('load a model and a dataset first');
  });
});
