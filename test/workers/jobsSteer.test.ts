// The steering and ablation jobs through the engine handler on the shipped truthworld model: the honesty
// direction, fitted in the worker on half the people, makes held-out liars tell the truth where a random
// direction does not, and projecting it out makes honest speakers' answers and the honesty probes fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meanDifference } from '../../src/analysis/directions';
import type { DirectionRequest, SteerJob, SteerResult } from '../../src/workers/protocolCausal';
import { truthworldEngine, type SpeakerRow, type Truthworld } from './truthworldEngine';

let tw: Truthworld;
let train: SpeakerRow[];
let liars: SpeakerRow[];
let honest: SpeakerRow[];
let heldOut: SpeakerRow[];
let honesty: DirectionRequest;
let result: SteerResult;
let tensorsBefore: number;

/** The honesty direction as the UI asks for it: difference of means at the speaker token of block 0. */
function honestyRequest(layers = [0]): DirectionRequest {
  return {
    kind: 'fit', method: 'meandiff', labels: train.map((r) => r.label), positive: 'honest', pairs: [],
    data: { datasetKey: 'train', prompts: train.map((r) => r.text), site: 'hook_resid_pre', position: 1, layers },
  };
}

function steerJob(rows: SpeakerRow[], patch: Partial<SteerJob> = {}): SteerJob {
  return {
    prompts: rows.map((r) => r.text), targets: rows.map(tw.truth), direction: honesty, layers: [0], site: 'hook_resid_pre',
    positions: [1], alpha: 0.5, mode: 'oneshot', alphas: [], maxNew: 3, seed: 1, ...patch,
  };
}

beforeAll(async () => {
  tw = await truthworldEngine();
  train = tw.rows.filter((r) => tw.names.indexOf(r.person) < 20);
  heldOut = tw.rows.filter((r) => tw.names.indexOf(r.person) >= 20);
  liars = heldOut.filter((r) => r.label === 'liar').filter((_, i) => i % 4 === 0);
  honest = heldOut.filter((r) => r.label === 'honest').filter((_, i) => i % 4 === 0);
  honesty = honestyRequest();
  tensorsBefore = await tw.tensors();
  result = await tw.client.run({ kind: 'steer', ...steerJob(liars, { alphas: [0.3, 1] }) }).promise;
}, 60_000);
afterAll(() => tw.client.dispose());

describe('the steer job', () => {
  it('makes held-out liars give the true value at α 0.5, where unsteered and random-direction runs do not', async () => {
    // Measured on 60 liars: unsteered 0, steered 1.00, random 0 (first token).
    expect(liars.length).toBe(60);
    expect(result.scores.unsteered.firstToken).toBeLessThan(0.1);
    expect(result.scores.steered.firstToken).toBeGreaterThanOrEqual(0.9);
    expect(result.scores.random.firstToken).toBeLessThan(0.1);
    expect(result.scores.steered.meanTargetProb).toBeGreaterThan(0.8);
    expect(result.scores.steered.anyOfK).toBeGreaterThanOrEqual(result.scores.steered.firstToken);
    expect(await tw.tensors()).toBe(tensorsBefore);
  });

  it('marks each generation a hit exactly when its first token is the target, and scores the share of hits', () => {
    for (const gens of [result.unsteered, result.steered]) {
      expect(gens).toHaveLength(liars.length);
      gens.forEach((g, i) => {
        expect(g.tokens).toHaveLength(3);
        expect(g.projection).toHaveLength(3);
        // Word tokens come with their leading space, so the texts joined continue the prompt.
        expect(g.tokens.every((t) => t.startsWith(' '))).toBe(true);
        expect(g.hit).toBe(g.tokens[0] === ` ${tw.truth(liars[i])}`);
      });
    }
    expect(result.scores.steered.firstToken).toBeCloseTo(result.steered.filter((g) => g.hit).length / liars.length, 10);
  });

  it('generates unsteered exactly what the model predicts greedily', async () => {
    for (let i = 0; i < 3; i++) {
      const [first, second] = result.unsteered[i].tokens.map((t) => t.trim());
      const p1 = await tw.client.run({ kind: 'predict', text: liars[i].text, k: 1 }).promise;
      const p2 = await tw.client.run({ kind: 'predict', text: `${liars[i].text} ${first}`, k: 1 }).promise;
      expect([p1.top[0].text, p2.top[0].text]).toEqual([first, second]);
    }
  });

  it('sweeps every α in both modes and the random control, and raises the answer-step projection on the direction', () => {
    expect(result.sweep!.alphas).toEqual([0.3, 1]);
    for (const curve of [result.sweep!.oneshot, result.sweep!.continual, result.sweep!.random]) expect(curve).toHaveLength(2);
    expect(result.sweep!.oneshot[1].firstToken).toBeGreaterThanOrEqual(0.9);
    expect(result.sweep!.random[1].firstToken).toBeLessThan(0.1);
    // Measured mean projection at the answer position: unsteered −0.40, steered +0.11.
    expect(result.projection.oneshot[0]).toBeGreaterThan(result.projection.unsteered[0] + 0.2);
    expect(result.projection.unsteered).toHaveLength(3);
    expect(result.residualNorm).toBeGreaterThan(0);
    expect(result.notes.join(' ')).toMatch(/random unit direction \(seed 1\)/);
  });

  it('steers along a given vector of any scale as along the same fitted direction, and reports the fit\'s norm', async () => {
    const { layers } = await tw.client.run({ kind: 'activations', data: honesty.kind === 'fit' ? honesty.data : (null as never) }).promise;
    const fit = meanDifference({ data: layers[0].data, rows: layers[0].rows, cols: layers[0].cols }, train.map((r) => r.label === 'honest'));
    expect(result.directionNorms[0]).toBeCloseTo(fit.norm, 4);
    const few = liars.slice(0, 12);
    const fitted = await tw.client.run({ kind: 'steer', ...steerJob(few) }).promise;
    const scaled = Float32Array.from(fit.vector, (x) => 3 * x);
    const perLayer = new Float32Array(128);
    perLayer.set(fit.vector, 0);
    perLayer.fill(1, 64);
    for (const data of [scaled, perLayer]) {
      const given = await tw.client.run({ kind: 'steer', ...steerJob(few, { direction: { kind: 'vector', data, name: 'honesty' } }) }).promise;
      expect(given.steered.map((g) => g.tokens)).toEqual(fitted.steered.map((g) => g.tokens));
    }
  });

  it('fits the RepE pair direction and a probe direction in the worker, both scaled in activation units, and both steer liars', async () => {
    const byPair = new Map<string, number[]>();
    train.forEach((r, i) => byPair.set(r.pair, [...(byPair.get(r.pair) ?? []), i]));
    const pairs = [...byPair.values()].map(([a, b]): [number, number] => (train[a].label === 'honest' ? [a, b] : [b, a]));
    expect(pairs).toHaveLength(train.length / 2);
    const fit = honesty as Extract<DirectionRequest, { kind: 'fit' }>;
    for (const method of ['pcadiff', 'probe'] as const) {
      const r = await tw.client.run({ kind: 'steer', ...steerJob(liars.slice(0, 20), { direction: { ...fit, method, pairs } }) }).promise;
      // Measured on 20 liars at α 0.5: pcadiff 1.00, probe 0.40 (its direction leans on other features); unsteered 0.
      expect(r.scores.steered.firstToken, method).toBeGreaterThanOrEqual(method === 'pcadiff' ? 0.9 : 0.2);
      expect(r.scores.unsteered.firstToken).toBeLessThan(0.1);
      // Both scales are in activation units, near the mean difference's length 0.37 (measured pcadiff 0.37, probe 0.15).
      expect(r.directionNorms[0], method).toBeGreaterThan(0.05);
      expect(r.directionNorms[0], method).toBeLessThan(1);
    }
  });

  it('stops with an AbortError when cancelled between passes, and frees every tensor', async () => {
    const before = await tw.tensors();
    const steering: number[] = [];
    const handle = tw.client.run({ kind: 'steer', ...steerJob(liars, { alphas: [0.2, 0.4, 0.6, 0.8] }) }, {
      onProgress: (p) => {
        if (p.what !== 'Steering') return;
        steering.push(p.total - p.done);
        handle.cancel();
      },
    });
    await expect(handle.promise).rejects.toMatchObject({ name: 'AbortError' });
    // It stopped early rather than running every pass and being discarded at the end.
    expect(steering.length).toBeGreaterThan(0);
    expect(Math.min(...steering)).toBeGreaterThan(0);
    expect(await tw.tensors()).toBe(before);
    const lens = await tw.client.run({ kind: 'lens', text: 'ann says mia lives in', topK: 1, target: null }).promise;
    expect(lens.tokens).toHaveLength(6);
  });
});

describe('the ablate job', () => {
  it('projecting the honesty direction out of block 0 breaks honest answers and brings the honesty probes to chance', async () => {
    const before = await tw.tensors();
    const rows = heldOut.filter((_, i) => i % 3 === 0);
    const mixed = await tw.client.run({
      kind: 'ablate', prompts: rows.map((r) => r.text), targets: rows.map(tw.truth), direction: honesty, layers: [0], site: 'hook_resid_pre',
      labels: rows.map((r) => r.label), probeSite: 'hook_resid_post', position: 'last', folds: 5, seed: 0,
    }).promise;
    // Measured: probes 0.97 / 0.98 before, 0.46 / 0.51 after.
    expect(mixed.probes.map((p) => p.layer)).toEqual([0, 1]);
    for (const p of mixed.probes) {
      expect(p.before.mean).toBeGreaterThan(0.9);
      expect(p.after.mean).toBeLessThan(0.65);
    }
    const onlyHonest = await tw.client.run({
      kind: 'ablate', prompts: honest.map((r) => r.text), targets: honest.map(tw.truth), direction: honesty, layers: [0], site: 'hook_resid_pre',
      labels: null, probeSite: 'hook_resid_post', position: 'last', folds: 5, seed: 0,
    }).promise;
    // Measured on 60 honest prompts: top-1 truthful 1.00 before, 0.26 after.
    expect(onlyHonest.before.top1).toBeGreaterThan(0.95);
    expect(onlyHonest.after.top1).toBeLessThan(0.5);
    expect(onlyHonest.after.meanTargetProb).toBeLessThan(onlyHonest.before.meanTargetProb - 0.4);
    expect(onlyHonest.probes).toEqual([]);
    expect(await tw.tensors()).toBe(before);
  });
});

describe('causal job errors', () => {
  const vector = (data: Float32Array): DirectionRequest => ({ kind: 'vector', data, name: 'v' });
  const cases: [string, () => Partial<SteerJob>, RegExp][] = [
    ['no prompts', () => ({ prompts: [], targets: [] }), /no prompts to steer/],
    ['too many prompts', () => ({ prompts: Array(513).fill('ann says mia lives in'), targets: Array(513).fill(null) }), /at most 512 prompts at once and got 513/],
    ['a layer the model lacks', () => ({ layers: [2] }), /layer 2 does not exist: truthworld has layers 0 to 1/],
    ['an unknown site', () => ({ site: 'hook_bogus' }), /cannot steer at "hook_bogus"; choose one of hook_resid_pre/],
    ['a target outside the vocabulary', () => ({ prompts: [liars[0].text], targets: ['zurich'] }), /target of prompt 1 "zurich" is not in truthworld's vocabulary/],
    ['a vector of the wrong length', () => ({ direction: vector(new Float32Array(10).fill(1)) }), /has 10 entries; this model needs 64 .* or 128/],
    ['a non-finite vector', () => ({ direction: vector(new Float32Array(64).fill(NaN)) }), /non-finite entry \(NaN\) at index 0/],
    ['a zero vector', () => ({ direction: vector(new Float32Array(64)) }), /is all zeros/],
    ['a class no prompt has', () => ({ direction: { ...(honestyRequest() as Extract<DirectionRequest, { kind: 'fit' }>), positive: 'nobody' } }), /no prompt is labelled "nobody"/],
    ['a layer the direction was not fitted at', () => ({ direction: honestyRequest([1]) }), /no direction for layer 0: it was fitted at layer 1/],
    ['a position outside a prompt', () => ({ positions: [9] }), /position 9 is outside prompt 1 \(6 tokens\)/],
  ];

  it.each(cases)('the steer job refuses %s with a message that says what to do, leaking nothing', async (_, patch, message) => {
    const before = await tw.tensors();
    await expect(tw.client.run({ kind: 'steer', ...steerJob(liars.slice(0, 4), patch()) }).promise).rejects.toThrow(message);
    expect(await tw.tensors()).toBe(before);
  });
});
