// The layerEffects job through the engine handler on the shipped truthworld model: target texts become
// token ids, the report becomes per-layer rows, progress goes forward, cancel works, and bad input is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LayerEffectsJob, LayerEffectsResult } from '../../src/workers/protocolCausal';
import type { Progress } from '../../src/workers/client';
import { truthworldEngine, type SpeakerRow, type Truthworld } from './truthworldEngine';

let tw: Truthworld;
let rows: SpeakerRow[];
let result: LayerEffectsResult;
const progress: Progress[] = [];
let tensorsBefore: number;

function job(patch: Partial<LayerEffectsJob> = {}): LayerEffectsJob {
  const index = new Map<string, number[]>();
  rows.forEach((r, i) => index.set(r.pair, [...(index.get(r.pair) ?? []), i]));
  const pairs = [...index.values()].map(([a, b]): [number, number] => (rows[a].label === 'honest' ? [a, b] : [b, a]));
  return {
    prompts: rows.map((r) => r.text), labels: rows.map((r) => r.label), targets: rows.map(tw.truth), positive: 'honest', pairs,
    site: 'hook_resid_pre', position: 1, method: 'meandiff', alphas: [0.5, 2], maxNew: 2, folds: 3, seed: 0, datasetKey: 'speakers-96', ...patch,
  };
}

beforeAll(async () => {
  tw = await truthworldEngine();
  rows = tw.rows.slice(0, 96);
  tensorsBefore = await tw.tensors();
  result = await tw.client.run({ kind: 'layerEffects', ...job() }, { onProgress: (p) => progress.push(p) }).promise;
}, 60_000);
afterAll(() => tw.client.dispose());

describe('the layerEffects job', () => {
  it('returns one row per layer: honesty decodable at both layers of the speaker token, causal at layer 0 only', async () => {
    expect(result.layers.map((l) => l.layer)).toEqual([0, 1]);
    const [l0, l1] = result.layers;
    expect(l0.probe!.mean).toBeGreaterThanOrEqual(0.9);
    expect(l1.probe!.mean).toBeGreaterThanOrEqual(0.9);
    expect(l0.steerOneshot).toBeGreaterThanOrEqual(0.9);
    expect(l0.steerContinual).toBeGreaterThanOrEqual(0.9);
    expect([0.5, 2]).toContain(l0.bestAlpha);
    expect(l0.patching!).toBeGreaterThanOrEqual(0.9);
    expect(l1.patching!).toBeLessThanOrEqual(0.2);
    expect(result.baseline).toBeLessThanOrEqual(0.1);
    expect(result.notes.join('\n')).toMatch(/layer 0: a random direction at α (0.5|2) steers 0\.\d\d/);
    expect(await tw.tensors()).toBe(tensorsBefore);
  });

  it('reports progress that never goes backwards and reaches the end', () => {
    const layerEffects = progress.filter((p) => p.what.startsWith('Layer effects'));
    expect(layerEffects.length).toBeGreaterThan(3);
    layerEffects.slice(1).forEach((p, i) => expect(p.done).toBeGreaterThanOrEqual(layerEffects[i].done));
    expect(layerEffects.at(-1)!.done).toBe(layerEffects.at(-1)!.total);
  });

  it('stops when cancelled and frees its tensors', async () => {
    const handle = tw.client.run({ kind: 'layerEffects', ...job() }, { onProgress: (p) => { if (p.what.includes('steering')) handle.cancel(); } });
    await expect(handle.promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(await tw.tensors()).toBe(tensorsBefore);
  });

  it('refuses a missing class, an unknown target word, a position that is not one vector, and too short a generation', async () => {
    const fails = (patch: Partial<LayerEffectsJob>) => tw.client.run({ kind: 'layerEffects', ...job(patch) }).promise;
    await expect(fails({ positive: 'saint' })).rejects.toThrow('no prompt has the label "saint"');
    await expect(fails({ targets: rows.map((r, i) => (i === 1 ? 'atlantis' : tw.truth(r))) })).rejects.toThrow(/target "atlantis" of prompt 2 is not in truthworld's vocabulary/);
    await expect(fails({ position: 'all' })).rejects.toThrow("choose the position 'last', 'mean' or a token index");
    await expect(fails({ targets: rows.map((r) => `${tw.truth(r)} . ${tw.truth(r)}`), maxNew: 2 })).rejects.toThrow(/raise maxNew to at least 3/);
  });
});
