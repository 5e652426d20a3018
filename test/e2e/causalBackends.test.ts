// The causal jobs on webgpu, through the engine handler on this page with the shipped truthworld model: each
// succeeds and gives wasm's numbers (±1e-3, relative above 1; texts such as generated tokens identical), leaves
// no tensors behind and leaves webgpu active. Their fits (probes, PCA) read synchronously, which destroys the
// SwiftShader WebGPU device, so this fails if any of them runs on webgpu.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createEngineClient, type EngineClient } from '../../src/workers/client';
import { mainThreadPort } from '../../src/workers/mainThread';
import { currentSyncReadHost } from '../../src/model/backend';
import { WASM_PATHS } from '../../src/model/wasmAssets';
import type { Job, JobKind } from '../../src/workers/protocol';
import type { AblateResult, DirectionRequest, LayerEffectsResult, PatchResult, SteerResult } from '../../src/workers/protocolCausal';

interface Row {
  text: string;
  label: 'honest' | 'liar';
  answer: string;
  pair: string;
}

const TOLERANCE = 1e-3;
const NAMES = ['steer', 'ablate', 'patch', 'lens', 'attention', 'layerEffects'] as const;
type Name = (typeof NAMES)[number];
const CLEAN = 'ann says mia lives in';
const CORRUPT = 'bob says mia lives in';

let client: EngineClient;
const reference = new Map<Name, unknown>();
let tensorsOnWebgpu = 0;

const run = <K extends JobKind>(job: Job<K>) => client.run(job).promise;
const tensors = async () => (await run({ kind: 'memory' })).numTensors;

async function files() {
  const json = async (f: string) => (await fetch(`/models/truthworld/${f}`)).json();
  return { config: await json('config.json'), tokenizer: await json('tokenizer.json'), weights: new Uint8Array(await (await fetch('/models/truthworld/model.safetensors')).arrayBuffer()) };
}

/** Contrast pairs [honest row, liar row] of `rows`, from their shared pair ids. */
function pairsOf(rows: Row[]): [number, number][] {
  const index = new Map<string, number[]>();
  rows.forEach((r, i) => index.set(r.pair, [...(index.get(r.pair) ?? []), i]));
  return [...index.values()].filter((p) => p.length === 2).map(([a, b]): [number, number] => (rows[a].label === 'honest' ? [a, b] : [b, a]));
}

/** A direction fitted in the worker on `rows` at block 0's `site` (by default the speaker token of its input). */
function fitted(rows: Row[], method: 'meandiff' | 'pcadiff' | 'probe', site = 'hook_resid_pre', position: 1 | 'last' = 1): DirectionRequest {
  return {
    kind: 'fit', method, labels: rows.map((r) => r.label), positive: 'honest', pairs: method === 'pcadiff' ? pairsOf(rows) : [],
    data: { datasetKey: `fit-${rows.length}`, prompts: rows.map((r) => r.text), site, position, layers: [0] },
  };
}

/** Small settings: every job takes a few forward passes; between them they fit meandiff, pcadiff and probe directions and probes. */
function jobs(rows: Row[]): Record<Name, Job> {
  const fit = rows.slice(0, 48); // two people, every speaker and question
  const heldOut = rows.slice(-24); // one other person
  const liars = heldOut.filter((r) => r.label === 'liar').slice(0, 8);
  const effects = rows.slice(96, 144);
  return {
    steer: {
      kind: 'steer', prompts: liars.map((r) => r.text), targets: liars.map((r) => r.answer), direction: fitted(fit, 'meandiff'), layers: [0],
      site: 'hook_resid_pre', positions: [1], alpha: 0.5, mode: 'oneshot', alphas: [1], maxNew: 2, seed: 1,
    },
    ablate: {
      kind: 'ablate', prompts: heldOut.map((r) => r.text), targets: heldOut.map((r) => r.answer), direction: fitted(fit, 'probe'), layers: [0],
      site: 'hook_resid_pre', labels: heldOut.map((r) => r.label), probeSite: 'hook_resid_post', position: 'last', folds: 3, seed: 0,
    },
    patch: {
      kind: 'patch', clean: CLEAN, corrupt: CORRUPT, sites: ['resid_pre', 'heads'],
      metric: { kind: 'projection', direction: fitted(fit, 'pcadiff', 'hook_resid_post', 'last'), layer: 0, site: 'hook_resid_post' },
    },
    lens: { kind: 'lens', text: CORRUPT, topK: 3, target: 'lima' },
    attention: { kind: 'attention', text: CORRUPT },
    layerEffects: {
      kind: 'layerEffects', prompts: effects.map((r) => r.text), labels: effects.map((r) => r.label), targets: effects.map((r) => r.answer),
      positive: 'honest', pairs: pairsOf(effects), site: 'hook_resid_pre', position: 1, method: 'pcadiff', alphas: [0.5, 2], maxNew: 1,
      folds: 3, seed: 0, datasetKey: 'effects-48',
    },
  };
}

/** Every place where `actual` differs from `expected` (numbers beyond TOLERANCE, relative above 1; anything else unequal), and the largest numeric Δ. */
function compare(actual: unknown, expected: unknown): { problems: string[]; worst: number } {
  const problems: string[] = [];
  let worst = 0;
  const walk = (a: unknown, e: unknown, path: string): void => {
    if (typeof e === 'number' && typeof a === 'number') {
      const delta = Number.isNaN(e) && Number.isNaN(a) ? 0 : Math.abs(a - e) / Math.max(1, Math.abs(e));
      worst = Math.max(worst, delta);
      if (!(delta <= TOLERANCE)) problems.push(`${path}: ${a} vs ${e}`);
    } else if (ArrayBuffer.isView(e) || Array.isArray(e)) {
      const [as, es] = [Array.from(a as ArrayLike<unknown>), Array.from(e as ArrayLike<unknown>)];
      if (as.length !== es.length) problems.push(`${path}: length ${as.length} vs ${es.length}`);
      else es.forEach((v, i) => walk(as[i], v, `${path}[${i}]`));
    } else if (e !== null && typeof e === 'object') {
      const keys = Object.keys(e).sort();
      if (a === null || typeof a !== 'object' || Object.keys(a).sort().join() !== keys.join()) problems.push(`${path}: keys differ`);
      else keys.forEach((k) => walk((a as Record<string, unknown>)[k], (e as Record<string, unknown>)[k], `${path}.${k}`));
    } else if (a !== e) {
      problems.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(e)}`);
    }
  };
  walk(actual, expected, 'result');
  return { problems, worst };
}

let rows: Row[];

beforeAll(async () => {
  rows = (await (await fetch('/datasets/truthworld-speakers.jsonl')).text()).trim().split('\n').map((l) => JSON.parse(l));
  client = createEngineClient(mainThreadPort({ batchSize: 64, wasmPaths: WASM_PATHS }), false);
  const loaded = await run({ kind: 'loadModel', id: 'truthworld', files: await files(), backend: 'wasm' });
  expect(loaded.backend.chosen).toBe('wasm');
  for (const name of NAMES) reference.set(name, await run(jobs(rows)[name]));
  const switched = await run({ kind: 'backend', choice: 'webgpu' });
  expect(switched.backend.chosen).toBe('webgpu');
  tensorsOnWebgpu = await tensors();
}, 120_000);
afterAll(() => client?.dispose());

describe('the causal jobs on webgpu', () => {
  it('are compared on real effects: on wasm the direction steers liars, the probes read honesty, patching moves the metric', () => {
    const steer = reference.get('steer') as SteerResult;
    const ablate = reference.get('ablate') as AblateResult;
    const patch = reference.get('patch') as PatchResult;
    const effects = reference.get('layerEffects') as LayerEffectsResult;
    console.log(`[causal backends] wasm: steered ${steer.scores.steered.firstToken} vs unsteered ${steer.scores.unsteered.firstToken}; ablate probes ${JSON.stringify(ablate.probes)}; patch ${patch.metricClean} / ${patch.metricCorrupt}; effects ${JSON.stringify(effects.layers)}`);
    expect(steer.scores.steered.firstToken).toBeGreaterThan(steer.scores.unsteered.firstToken);
    expect(ablate.probes.map((p) => p.before.mean > 0.8)).toEqual([true, true]);
    expect(patch.heatmaps.map((h) => h.site)).toEqual(['resid_pre', 'heads']);
    expect(patch.metricClean).not.toBeCloseTo(patch.metricCorrupt, 1);
    expect(effects.layers.map((l) => l.probe!.mean > 0.8)).toEqual([true, true]);
  });

  it.each(NAMES)('%s succeeds with the numbers it gives on wasm, stays on webgpu and frees its tensors', async (name) => {
    const before = await tensors();
    const result = await run(jobs(rows)[name]);
    expect(tf.getBackend()).toBe('webgpu');
    const { problems, worst } = compare(result, reference.get(name));
    console.log(`[causal backends] ${name}: worst relative |Δ| webgpu vs wasm ${worst.toExponential(2)}`);
    expect(problems).toEqual([]);
    expect(await tensors()).toBe(before);
  }, 60_000);

  it('ran the fits on wasm and left a webgpu device that still computes', async () => {
    expect(currentSyncReadHost()).toBe('wasm');
    expect(await tensors()).toBe(tensorsOnWebgpu);
    const top = (await run({ kind: 'predict', text: CLEAN, k: 1 })).top[0];
    expect(top.text).toBe(rows.find((r) => r.text === CLEAN)!.answer);
    expect(tf.getBackend()).toBe('webgpu');
  });
});
