// The app opening a user's model from files (as a drop or the file picker hands them over), in Node with
// the engine on this thread: progress in bytes reaches the store, the view switches only once the model
// is up, and a broken file is named while the model before it stays in the view and keeps working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actions } from '../../src/app/actions';
import type { AppState, Store } from '../../src/app/store';
import { modelLoadJob, predictionPanel } from '../../src/app/viewData';
import type { EngineClient } from '../../src/workers/client';
import { countParameters } from '../../src/model/config';
import { TEST_CONFIG, testModelFiles } from '../workers/engineFixture';
import { startTestApp, storeUntil } from './testApp';

let store: Store;
let client: EngineClient;
let actions: Actions;
let stop: () => void;

const until = (probe: (s: AppState) => boolean, what: string, ms?: number) => storeUntil(store, probe, what, ms);

/** A model's files as a user would drop them: config.json, model.safetensors, tokenizer.json. */
function dropped(seed: number, cut = 0): File[] {
  const f = testModelFiles(seed);
  const json = (name: string, value: unknown) => new File([JSON.stringify(value)], name);
  return [json('config.json', f.config), new File([f.weights.subarray(0, f.weights.length - cut) as BlobPart], 'model.safetensors'), json('tokenizer.json', f.tokenizer)];
}

const predicted = (s: AppState) => predictionPanel(s).panel.kind === 'ready';

beforeAll(async () => {
  ({ store, client, actions, stop } = startTestApp());
  await until((s) => s.engine.model?.id === 'test' && predicted(s), 'the built-in model');
});

afterAll(() => {
  stop();
  client.dispose();
});

describe('opening a model from the user\'s files', () => {
  it('shows the bytes read while loading, then switches the view to the new model', async () => {
    const texts = new Set<string>();
    const off = store.subscribe(() => {
      const job = modelLoadJob(store.getState());
      if (job) texts.add(job.what);
    });
    const files = dropped(5);
    await actions.openFiles(files);
    off();
    const s = await until((x) => x.view.model === 'my-model' && predicted(x), 'the user model');
    expect(s.engine.model?.id).toBe('my-model');
    expect(s.engine.error).toBeNull();
    const kb = ((4 * countParameters(TEST_CONFIG)) / 1e3).toFixed(1); // the weights, as float32
    expect([...texts]).toContain(`Loading my-model: Reading the weights in model.safetensors, 0.0 of ${kb} kB`);
    expect([...texts]).toContain(`Loading my-model: Reading the weights in model.safetensors, ${kb} of ${kb} kB`);
  });

  it('names a truncated file; the model before stays in the view and keeps answering', async () => {
    actions.setEnginePrompt('the cat was');
    const before = await until(predicted, 'a prediction');
    const shown = predictionPanel(before).panel;
    await actions.openFiles(dropped(7, 100));
    const s = await until((x) => x.engine.error !== null && x.engine.loading === null, 'the error');
    expect(s.engine.error).toMatch(/^Could not load my-model-2: model\.safetensors: tensor .* running past the end of the data section .*; is the file truncated\?$/);
    expect(s.engine.model?.id).toBe('my-model');
    expect(s.view.model).toBe('my-model');
    actions.setEnginePrompt('the dog was');
    await until((x) => predicted(x) && predictionPanel(x).text === 'the dog was', 'a prediction after the failure');
    actions.setEnginePrompt('the cat was');
    expect(predictionPanel(await until(predicted, 'the first prompt again')).panel).toEqual(shown);
  });

  it('names a missing config.json without touching the loaded model', async () => {
    await actions.openFiles([dropped(5)[1]]);
    const s = store.getState();
    expect(s.engine.error).toBe('Could not open the model: model.safetensors needs its config.json: drop both files together (both are on the model\'s Hugging Face page, Files tab)');
    expect(s.engine.model?.id).toBe('my-model');
  });
});
