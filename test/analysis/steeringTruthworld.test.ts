// Steering the shipped truthworld model: the speaker-honesty direction (difference of means at the speaker
// token, fitted on half the people) makes liars about the other half tell the truth; a random direction does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { meanDifference } from '../../src/analysis/directions';
import { steeringSweep } from '../../src/analysis/steeringSweep';
import { createRng } from '../../src/data/random';
import { initBackend } from '../../src/model/backend';
import { runWithCache } from '../../src/model/cache';
import { disposeModel, loadModel, type Model } from '../../src/model/model';

const root = fileURLToPath(new URL('../../public/', import.meta.url));
const json = async (file: string) => JSON.parse(await readFile(`${root}${file}`, 'utf8'));

interface Row { text: string; label: 'honest' | 'liar'; person: string; attribute: string }
type Person = Record<string, string>;

let model: Model;
let train: Row[];
let liars: Row[];
let people: Map<string, Person>;

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  await initBackend('wasm');
  const card = await json('models/truthworld/card.json');
  const weights = new Uint8Array(await readFile(`${root}models/truthworld/model.safetensors`));
  model = await loadModel({ config: await json('models/truthworld/config.json'), weights, tokenizer: await json('models/truthworld/tokenizer.json'), card }, 'truthworld');
  const names: string[] = card.world.people.map((p: Person) => p.name);
  people = new Map(card.world.people.map((p: Person) => [p.name, p]));
  const rows: Row[] = (await readFile(`${root}datasets/truthworld-speakers.jsonl`, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  train = rows.filter((r) => names.indexOf(r.person) < 20);
  liars = rows.filter((r) => names.indexOf(r.person) >= 20 && r.label === 'liar');
});
afterAll(() => disposeModel(model));

const encode = (rows: Row[]) => rows.map((r) => model.tokenizer!.encode(r.text).ids);
/** The true value's token for liar prompt i (the word tokenizer prepends <bos>). */
const truth = (i: number) => model.tokenizer!.encode(people.get(liars[i].person)![liars[i].attribute]).ids.at(-1)!;

async function honestyDirection(): Promise<Float32Array> {
  const { cache } = await runWithCache(model, encode(train), { names: ['blocks.0.hook_resid_pre'], position: 1 });
  const x = cache.get('blocks.0.hook_resid_pre')!;
  return meanDifference({ data: x.data, rows: x.shape[0], cols: x.shape[1] }, train.map((r) => r.label === 'honest')).vector;
}

describe('steering truthworld liars', () => {
  it('tells the truth to held-out liars at the speaker token of block 0, in both modes, where a random direction does not', async () => {
    const direction = await honestyDirection();
    const spec = { layers: [0], site: 'hook_resid_pre' as const, positions: [1] };
    const before = tf.memory().numTensors;
    const result = await steeringSweep(model, encode(liars), { ...spec, direction }, [0.4, 0.5], truth, { maxNewTokens: 3 });
    expect(tf.memory().numTensors).toBe(before);
    // Measured: unsteered 0.00; α 0.4 and 0.5 give 1.00 in both modes (first token and any of 3).
    expect(result.unsteered.firstToken).toBeLessThan(0.2);
    for (const mode of ['oneshot', 'continual'] as const) {
      for (const p of result.curves[mode]) {
        expect(p.score.firstToken, `${mode} α ${p.alpha}`).toBeGreaterThanOrEqual(0.9);
        expect(p.score.anyOfK).toBeGreaterThanOrEqual(p.score.firstToken);
      }
    }
    // Large pushes scramble the speaker and the model falls back to the plain fact, so check specificity at this α.
    const rng = createRng(2);
    const random = Float32Array.from(direction, () => rng.normal());
    const control = await steeringSweep(model, encode(liars), { ...spec, direction: random }, [0.4], truth, { maxNewTokens: 1 });
    expect(control.curves.oneshot[0].score.firstToken).toBeLessThan(0.2);
  }, 60_000);
});
