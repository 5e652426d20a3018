// The explorer at position 'all': the probe waits for the prompts' tokens and then takes one label per
// token (token-level columns split, others broadcast), pairs are left out, the view's points are tokens
// with a sentence saying how many, a projection of the wrong size is refused, and the coordinates CSV
// names each token's prompt, index and text.
import { describe, expect, it } from 'vitest';
import { datasetFromParsed } from '../../src/data/dataset';
import { parsePromptFile } from '../../src/data/promptFile';
import { planJobs } from '../../src/app/plan';
import { initialState, reduce, type AppState } from '../../src/app/store';
import { explorerData } from '../../src/app/viewData';
import { buildExport } from '../../src/app/exports';
import { pointDescriber } from '../../src/app/pointInfo';
import { checkView } from '../../src/app/viewCheck';
import { tokenCapFor } from '../../src/app/selectors';
import type { EngineClient } from '../../src/workers/client';
import type { EncodedPrompt, ModelInfo } from '../../src/workers/protocol';

const model: ModelInfo = { id: 'm', format: 'repscope', nLayers: 2, dModel: 4, nHeads: 1, dHead: 4, dMlp: 8, nCtx: 8, dVocab: 6, parameterCount: 1, sites: ['hook_resid_post'], tokenizer: 'word', card: null };
const JSONL = [
  '{"text":"( )","depths":"1 0","max_depth":"1","pair":"p1"}',
  '{"text":"( [ ] )","depths":"1 2 1 0","max_depth":"2","pair":"p1"}',
  '{"text":"[ ]","depths":"1 0","max_depth":"1"}',
].join('\n');
const dataset = datasetFromParsed(parsePromptFile(JSONL, 'brackets.jsonl'), { name: 'brackets.jsonl', source: 'file', text: JSONL });

/** What the encode job gives for a prompt of space-separated tokens after <bos>. */
function encoded(text: string): EncodedPrompt {
  const parts = text.split(' ');
  const spans: ([number, number] | null)[] = [null, ...parts.map((_, i): [number, number] => [2 * i, 2 * i + 1])];
  return { ids: [1, ...parts.map(() => 2)], tokens: ['<bos>', ...parts], unknown: [], textStart: 1, spans, readIndex: null, readSpan: null };
}

function loaded(patch: Partial<AppState['view']> = {}): AppState {
  let s = reduce(initialState(), { type: 'modelReady', model, backend: { requested: 'auto', chosen: 'wasm', reason: '' } });
  s = reduce(s, { type: 'datasetReady', dataset, forKey: 'k' });
  return reduce(s, { type: 'setView', patch: { position: 'all', ...patch } });
}

function encodedState(patch: Partial<AppState['view']> = {}): AppState {
  const s = loaded(patch);
  const encode = planJobs(s).find((n) => n.job.kind === 'encode')!;
  return reduce(s, { type: 'jobDone', entries: [[encode.keys[0], { prompts: dataset.rows.map((r) => encoded(r.text)) }]] });
}

describe("the explorer at position 'all'", () => {
  it('is no longer rewritten to the last token', () => {
    const fix = checkView(loaded().view, model);
    expect(fix?.patch.position).toBeUndefined();
    expect(fix?.warnings.join(' ') ?? '').not.toMatch(/position 'all'/);
    expect(loaded().view.position).toBe('all');
  });

  it('waits for the tokens before probing, and sends directions no pairs', () => {
    const needs = planJobs(loaded({ colourBy: 'depths' }));
    expect(needs.map((n) => n.job.kind)).toEqual(['encode', 'project', 'project', 'directions', 'predict']);
    expect(needs.find((n) => n.job.kind === 'directions')!.job).toMatchObject({ pairs: [], data: { position: 'all' } });
  });

  it('caps the token rows at 20,000, or fewer where every layer would not fit in the activation cache', () => {
    expect(tokenCapFor(model, 'hook_resid_post')).toBe(20_000);
    const gpt2 = { nLayers: 12, dModel: 768, nHeads: 12, dHead: 64, dMlp: 3072 };
    expect(tokenCapFor(gpt2, 'hook_resid_post')).toBe(Math.floor(512 * 2 ** 20 / (4 * 768 * 12)));
    expect(tokenCapFor(gpt2, 'mlp.hook_post')).toBe(Math.floor(512 * 2 ** 20 / (4 * 3072 * 12)));
    expect(planJobs(loaded()).find((n) => n.job.kind === 'project')!.job).toMatchObject({ data: { tokenCap: 20_000 } });
    expect(planJobs(loaded({ position: 'last' })).find((n) => n.job.kind === 'project')!.job).not.toHaveProperty('data.tokenCap');
  });

  it('probes a token-level column with one part per text token and none for <bos>', () => {
    const probe = planJobs(encodedState({ colourBy: 'depths' })).find((n) => n.job.kind === 'probe')!;
    expect(probe.job).toMatchObject({ labels: [null, '1', '0', null, '1', '2', '1', '0', null, '1', '0'], data: { position: 'all' } });
  });

  it('broadcasts a sequence-level column and colours by token text or position on request', () => {
    const labelsOf = (colourBy: string) => (planJobs(encodedState({ colourBy })).find((n) => n.job.kind === 'probe')!.job as { labels: unknown[] }).labels;
    expect(labelsOf('max_depth')).toEqual(['1', '1', '1', '2', '2', '2', '2', '2', '1', '1', '1']);
    expect(labelsOf('@token').slice(0, 4)).toEqual(['<bos>', '(', ')', '<bos>']);
    expect(labelsOf('@position').slice(0, 5)).toEqual(['0', '1', '2', '0', '1']);
  });

  it('gives the view one point per token, with the token-level columns and a sentence on the count', () => {
    const d = explorerData(encodedState({ colourBy: 'depths' }))!;
    expect(d.tokens!.text).toBe('every token: 11 tokens of 3 prompts');
    expect(d.tokens!.tokenLevel).toEqual(['depths']);
    expect(d.pointLabels).toHaveLength(11);
    expect(d.labels).toHaveLength(3);
    expect(d.pairs).toBe(0);
    const describe = pointDescriber(d);
    expect(describe(5)).toEqual({ text: '( [ ] )', highlight: [2, 3], label: '2', detail: 'prompt 1 · token 2 “[”' });
    expect(describe(3)).toMatchObject({ highlight: null, label: 'no label', detail: 'prompt 1 · token 0 “<bos>”' });
  });

  it('shows the tokenizing progress in the scatter until the tokens are known', () => {
    const d = explorerData(loaded())!;
    expect(d.tokens).toBeNull();
    expect(d.projection.kind).toBe('idle');
    expect(d.pointLabels).toEqual([]);
  });

  function withProjection(s: AppState, points: number): AppState {
    const project = planJobs(s).find((n) => n.job.kind === 'project')!;
    const value = { layer: 1, points: Float32Array.from({ length: 2 * points }, (_, i) => i / 10), axes: ['PC1', 'PC2'], notes: [] };
    return reduce(s, { type: 'jobDone', entries: [[project.keys[0], value]] });
  }

  it('refuses a projection whose point count is not the token count', () => {
    expect(explorerData(withProjection(encodedState(), 11))!.projection.kind).toBe('ready');
    const bad = explorerData(withProjection(encodedState(), 3))!.projection;
    expect(bad.kind === 'error' && bad.message).toMatch(/has 3 points for 11 tokens/);
  });

  it('exports coordinates with the prompt index, token index and token text of every point', async () => {
    const s = withProjection(encodedState({ colourBy: 'depths' }), 11);
    const { blob } = await buildExport('coordinates', s, {} as EngineClient);
    const lines = (await blob.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe('index,prompt_index,token_index,token,line,text,depths,max_depth,pair,role,group,pc1,pc2');
    expect(lines[6]).toBe('5,1,2,[,2,( [ ] ),2,2,p1,,,1,1.1');
    expect(lines[4]).toMatch(/^3,1,0,<bos>,2,\( \[ \] \),,2,p1,/);
  });

  it('clears the selection when points change between prompts and tokens', () => {
    let s = reduce(loaded({ position: 'last' }), { type: 'setView', patch: { selection: [1, 2] } });
    s = reduce(s, { type: 'setView', patch: { position: 'mean' } });
    expect(s.view.selection).toEqual([1, 2]);
    s = reduce(s, { type: 'setView', patch: { position: 'all' } });
    expect(s.view.selection).toEqual([]);
  });
});
