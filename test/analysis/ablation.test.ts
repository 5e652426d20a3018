// ablateDirection() on a small random model (activations end orthogonal to the direction, the clean side is
// untouched, no tensors leak) and on truthworld, where ablating speaker honesty blinds later honesty probes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { ablateDirection, ablationInterventions } from '../../src/analysis/ablation';
import { meanDifference } from '../../src/analysis/directions';
import { fitLogistic } from '../../src/analysis/logistic';
import { initBackend } from '../../src/model/backend';
import { runModel, runWithCache, type ModelCore } from '../../src/model/cache';
import { disposeModel, loadModel, type Model } from '../../src/model/model';
import { withRandomModel } from '../helpers/randomModel';

const prompts = [[3, 7, 1, 9, 4, 2], [5, 5, 8], [11, 2, 40, 6]];
const direction = Float32Array.from({ length: 24 }, (_, i) => Math.sin(i) + 0.3);

describe('ablateDirection on a random model', () => {
  let model: ModelCore;
  withRandomModel((m) => (model = m));

  it('leaves the ablated activations orthogonal to the direction at every real position', async () => {
    const interventions = ablationInterventions({ direction, layers: [0, 1], site: 'hook_resid_post' });
    const run = await runModel(model, prompts, { interventions, names: ['blocks.0.hook_resid_post', 'blocks.1.hook_resid_post'], logits: 'none' });
    const norm = Math.hypot(...direction);
    const pos = Math.max(...run.lengths);
    for (const act of run.cache.values()) {
      for (let row = 0; row < act.data.length / 24; row++) {
        if (row % pos >= run.lengths[Math.floor(row / pos)]) continue; // padding is never ablated
        let dot = 0;
        for (let j = 0; j < 24; j++) dot += act.data[row * 24 + j] * direction[j];
        expect(Math.abs(dot / norm)).toBeLessThan(1e-4);
      }
    }
  });

  it('reports the clean behaviour unchanged, the ablated one changed, and probe accuracies, leaving no tensors', async () => {
    const clean = await runWithCache(model, prompts, { names: ['blocks.1.hook_resid_post'], position: 'last' });
    const x = clean.cache.get('blocks.1.hook_resid_post')!;
    const labels = ['a', 'b', 'a'];
    const fit = fitLogistic({ data: x.data, rows: 3, cols: 24 }, labels, { C: 100 });
    const plain = (await runModel(model, prompts)).logits!.data;
    const before = tf.memory().numTensors;
    const report = await ablateDirection(model, prompts, { direction, layers: [0] }, {
      target: () => 4, probes: [{ hook: 'blocks.1.hook_resid_post', fit }], labels, batchSize: 2,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(report.before.top1Tokens).toEqual([0, 1, 2].map((i) => { const row = plain.slice(i * 50, (i + 1) * 50); return row.indexOf(Math.max(...row)); }));
    expect(report.after.meanTargetProb).not.toBeCloseTo(report.before.meanTargetProb, 6);
    expect(report.probes).toEqual([{ hook: 'blocks.1.hook_resid_post', before: 1, after: expect.any(Number) }]);
  });

  it('refuses probes without one label per prompt, no layers, and a zero direction', async () => {
    const fit = fitLogistic({ data: new Float32Array([0, 1, 1, 0]), rows: 2, cols: 2 }, ['a', 'b']);
    await expect(ablateDirection(model, prompts, { direction, layers: [0] }, { probes: [{ hook: 'blocks.0.hook_resid_post', fit }], labels: ['a'] }))
      .rejects.toThrow('one label per prompt: 3 prompts, 1 labels');
    await expect(ablateDirection(model, prompts, { direction, layers: [] })).rejects.toThrow('no layers to ablate');
    await expect(ablateDirection(model, prompts, { direction: new Float32Array(24), layers: [0] })).rejects.toThrow('finite and non-zero');
  });
});

describe('ablating speaker honesty in truthworld', () => {
  const root = fileURLToPath(new URL('../../public/', import.meta.url));
  const json = async (file: string) => JSON.parse(await readFile(`${root}${file}`, 'utf8'));
  let model: Model;
  beforeAll(async () => {
    await initBackend('wasm');
    const weights = new Uint8Array(await readFile(`${root}models/truthworld/model.safetensors`));
    model = await loadModel({ config: await json('models/truthworld/config.json'), weights, tokenizer: await json('models/truthworld/tokenizer.json'), card: await json('models/truthworld/card.json') }, 'truthworld');
  });
  afterAll(() => disposeModel(model));

  it('drops honest-vs-liar probes at later layers to chance when projected out of block 0', async () => {
    const rows: { text: string; label: string; person: string }[] = (await readFile(`${root}datasets/truthworld-speakers.jsonl`, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const half = new Set(rows.map((r) => r.person).filter((p, i, all) => all.indexOf(p) === i).slice(0, 20));
    const [train, test] = [rows.filter((r) => half.has(r.person)), rows.filter((r) => !half.has(r.person))];
    const ids = (rs: typeof rows) => rs.map((r) => model.tokenizer!.encode(r.text).ids);
    const hooks = ['blocks.0.hook_resid_post', 'blocks.1.hook_resid_post'] as const;
    const speaker = await runWithCache(model, ids(train), { names: ['blocks.0.hook_resid_pre', ...hooks], position: 1 });
    const at = (h: (typeof hooks)[number] | 'blocks.0.hook_resid_pre', c = speaker.cache) => ({ data: c.get(h)!.data, rows: train.length, cols: 64 });
    const dir = meanDifference(at('blocks.0.hook_resid_pre'), train.map((r) => r.label === 'honest')).vector;
    const last = await runWithCache(model, ids(train), { names: [...hooks], position: 'last' });
    const probes = hooks.map((hook) => ({ hook, fit: fitLogistic(at(hook, last.cache), train.map((r) => r.label)) }));
    const report = await ablateDirection(model, ids(test), { direction: dir, layers: [0] }, { probes, labels: test.map((r) => r.label) });
    // Measured: 0.93 → 0.50 and 0.98 → 0.49.
    for (const p of report.probes) {
      expect(p.before, p.hook).toBeGreaterThan(0.9);
      expect(p.after, p.hook).toBeLessThan(0.6);
    }
  }, 60_000);
});
