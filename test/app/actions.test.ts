// The app's actions in Node, with the engine handler on the main thread and a small random model: the
// default model and its prompts load without a click, every panel fills, a pasted file replaces the
// dataset, a cancelled job stays cancelled until run again, and no tensors are left behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeSession } from '../../src/data/sessionFile';
import type { Actions } from '../../src/app/actions';
import type { AppState, Store } from '../../src/app/store';
import { explorerData } from '../../src/app/viewData';
import { DEMO_DATASET_NAME } from '../../src/app/demoDataset';
import type { EngineClient } from '../../src/workers/client';
import { startTestApp, storeUntil } from './testApp';

let store: Store;
let client: EngineClient;
let actions: Actions;
let stop: () => void;

const until = (probe: (s: AppState) => boolean, what: string, ms?: number) => storeUntil(store, probe, what, ms);

const idle = (s: AppState) => Object.values(s.results).every((e) => e.status !== 'running');
const allReady = (s: AppState) => {
  const d = explorerData(s);
  return d !== null && idle(s) && [d.projection, d.allProjections, d.probe, d.directions, d.encoding].every((p) => p.kind === 'ready');
};

beforeAll(() => {
  ({ store, client, actions, stop } = startTestApp());
});

afterAll(() => {
  stop();
  client.dispose();
});

describe('the actions', () => {
  it('load the default model and, for a model without prompt sets, the demo set, then fill every panel', async () => {
    const s = await until(allReady, 'every panel');
    expect(s.engine.model?.id).toBe('test');
    expect(s.engine.backend?.chosen).toBe('cpu');
    expect(s.dataset?.name).toBe(DEMO_DATASET_NAME);
    const d = explorerData(s)!;
    expect(d.layer).toBe(2);
    expect(d.projection.kind === 'ready' && d.projection.value.points.length).toBe(2 * s.dataset!.rows.length);
    expect(d.probe.kind === 'ready' && d.probe.value.classes).toEqual(['false', 'true']);
    expect(d.directions.kind === 'ready' && d.directions.value.reading?.pcadiff).toHaveLength(3);
  });

  it('replace the dataset with pasted prompts, carried inline by the view, and recompute for them', async () => {
    actions.openText('text,label\nthe cat is happy,a\nthe dog is sad,b\nthe bird is happy,a\nthe fish is sad,b\nthe cat was big,a\nthe dog was small,b\n', 'pets.csv');
    const s = await until((x) => x.dataset?.name === 'pets.csv' && allReady(x), 'the pasted dataset');
    expect(s.view.dataset).toMatchObject({ kind: 'inline', name: 'pets.csv' });
    const d = explorerData(s)!;
    expect(d.rows).toHaveLength(6);
    expect(d.projection.kind === 'ready' && d.projection.value.points.length).toBe(12);
  });

  it('keep a cancelled job cancelled until it is run again', async () => {
    actions.setView({ method: 'umap', umap: { nNeighbors: 3, minDist: 0.1, nEpochs: 5000, seed: 1 } });
    const running = await until((x) => explorerData(x)?.projection.kind === 'running', 'UMAP to start');
    const keys = (explorerData(running)!.projection as { keys: string[] }).keys;
    actions.cancel(keys);
    const cancelled = await until((x) => explorerData(x)?.projection.kind === 'cancelled', 'the cancel');
    await new Promise((r) => setTimeout(r, 50));
    expect(explorerData(store.getState())!.projection.kind).toBe('cancelled');
    expect(cancelled.results[keys[0]]).toEqual({ status: 'cancelled' });
    actions.setView({ umap: { nNeighbors: 3, minDist: 0.1, nEpochs: 20, seed: 1 } });
    await until((x) => explorerData(x)?.projection.kind === 'ready', 'the shorter UMAP');
    actions.retry(keys);
    expect(store.getState().results[keys[0]]).toBeUndefined();
  });

  it('leave no tensors behind beyond the model\'s weights once the engine is idle', async () => {
    actions.setView({ method: 'pca' });
    await until(allReady, 'the PCA view');
    const before = (await client.run({ kind: 'memory' }).promise).numTensors;
    actions.setView({ layer: 0, site: 'hook_resid_pre' });
    await until((s) => s.view.site === 'hook_resid_pre' && allReady(s), 'another site');
    expect((await client.run({ kind: 'memory' }).promise).numTensors).toBe(before);
  });

  it('restore a dropped session: its view and its prompts', async () => {
    const text = 'text,label\nthe cat is red,a\nthe dog is blue,b\nthe bird is red,a\nthe fish is blue,b\n';
    const session = serializeSession({ ...store.getState().view, site: 'hook_resid_pre', layer: 0, colourBy: 'label' }, { name: 'colours.csv', text });
    actions.openText(session, 'session.json');
    const s = await until((x) => x.dataset?.name === 'colours.csv', 'the session');
    expect(s.view).toMatchObject({ site: 'hook_resid_pre', layer: 0, dataset: { kind: 'inline', name: 'colours.csv', text } });
    expect(s.dataset!.rows.map((r) => r.text)).toEqual(['the cat is red', 'the dog is blue', 'the bird is red', 'the fish is blue']);
  });

  it('correct a view the model cannot show, with a warning', async () => {
    actions.setView({ site: 'attn.hook_pattern', layer: 7 });
    const s = await until((x) => x.view.site === 'hook_resid_post' && x.view.layer === -1, 'the fix');
    expect(s.viewSource).toBe('fix');
    expect(s.warnings.some((w) => /no site "attn.hook_pattern"/.test(w))).toBe(true);
    expect(s.warnings.some((w) => /layers 0 to 2, not 7/.test(w))).toBe(true);
  });
});
