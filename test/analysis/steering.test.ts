// steer() and steeringSweep() on a small random model: α = 0 is the identity, the modes differ only after
// the prompt, decoding agrees with the engine's generate(), and runs leave no tensors and can be cancelled.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { runModel, type ModelCore } from '../../src/model/cache';
import { generate } from '../../src/model/generate';
import { steer, steeringPass, unitVector, type SteeringSpec } from '../../src/analysis/steering';
import { bestPoint, scoreRun, steeringSweep } from '../../src/analysis/steeringSweep';
import { withRandomModel } from '../helpers/randomModel';

let model: ModelCore;
withRandomModel((m) => (model = m));

const prompts = [[3, 7, 1, 9, 4, 2], [5, 5, 8], [11, 2, 40, 6]];
const direction = Float32Array.from({ length: 24 }, (_, i) => Math.cos(i * 0.7) + 0.1 * i);
const spec = (alpha: number, mode: SteeringSpec['mode'], extra: Partial<SteeringSpec> = {}): SteeringSpec => ({ direction, layers: [0, 1], alpha, mode, ...extra });

describe('steer', () => {
  it('with α = 0 gives the unsteered tokens and exactly the unsteered answer logits', async () => {
    const plain = await generate(model, prompts, { maxNewTokens: 4 });
    const logits = (await runModel(model, prompts)).logits!.data;
    for (const mode of ['oneshot', 'continual'] as const) {
      const run = await steer(model, prompts, spec(0, mode), { maxNewTokens: 4, keepLogits: true });
      expect(run.tokens).toEqual(plain.tokens);
      run.answerLogits!.forEach((row, i) => expect(Array.from(row)).toEqual(Array.from(logits.slice(i * 50, (i + 1) * 50))));
    }
  });

  it('decodes exactly as the engine generate() with the same interventions, in both modes', async () => {
    for (const mode of ['oneshot', 'continual'] as const) {
      const s = spec(6, mode);
      const { interventions } = steeringPass(s, prompts.map((p) => p.length), 0);
      const engine = await generate(model, prompts, { maxNewTokens: 5, interventions, hookScope: mode === 'oneshot' ? 'prompt' : 'all' });
      expect((await steer(model, prompts, s, { maxNewTokens: 5, batchSize: 2 })).tokens).toEqual(engine.tokens);
    }
  });

  it('one-shot and continual agree on the answer position and differ only over generated tokens', async () => {
    const oneshot = await steer(model, prompts, spec(8, 'oneshot'), { maxNewTokens: 4, keepLogits: true });
    const continual = await steer(model, prompts, spec(8, 'continual'), { maxNewTokens: 4, keepLogits: true });
    prompts.forEach((_, i) => {
      expect(Array.from(continual.answerLogits![i])).toEqual(Array.from(oneshot.answerLogits![i]));
      expect(continual.projection[i][0]).toBe(oneshot.projection[i][0]);
      expect(continual.tokens[i][0]).toBe(oneshot.tokens[i][0]);
    });
    const later = prompts.flatMap((_, i) => Array.from(continual.projection[i].slice(1), (x, g) => Math.abs(x - oneshot.projection[i][g + 1])));
    expect(Math.max(...later)).toBeGreaterThan(1e-3);
  });

  it("with positions 'generated' leaves the answer alone and steers only the tokens generated so far (one-shot: nothing)", async () => {
    const plain = await steer(model, prompts, spec(0, 'continual'), { maxNewTokens: 4, keepLogits: true });
    const oneshot = await steer(model, prompts, spec(8, 'oneshot', { positions: 'generated' }), { maxNewTokens: 4, keepLogits: true });
    const continual = await steer(model, prompts, spec(8, 'continual', { positions: 'generated' }), { maxNewTokens: 4, keepLogits: true });
    expect(oneshot.tokens).toEqual(plain.tokens);
    prompts.forEach((_, i) => {
      expect(Array.from(continual.answerLogits![i])).toEqual(Array.from(plain.answerLogits![i]));
      expect(continual.tokens[i][0]).toBe(plain.tokens[i][0]);
    });
    // From the second step on, the generated positions carry the push; the read at the last block's output moves.
    const later = prompts.flatMap((_, i) => Array.from(continual.projection[i].slice(1), (x, g) => Math.abs(x - plain.projection[i][g + 1])));
    expect(Math.max(...later)).toBeGreaterThan(1e-3);
    const pass = steeringPass(spec(8, 'continual', { positions: 'generated' }), [6, 3, 4], 2);
    expect(pass.interventions.map((v) => v.positions)).toEqual([[-2, -1], [-2, -1]]);
    expect(steeringPass(spec(8, 'continual', { positions: 'generated' }), [6, 3, 4], 0).interventions).toEqual([]);
  });

  it('moves the projection on the direction by about α at the steered hook', async () => {
    const read = 'blocks.1.hook_resid_pre' as const;
    const plain = await steer(model, prompts, spec(0, 'continual', { layers: [1] }), { maxNewTokens: 2, readHook: read });
    const pushed = await steer(model, prompts, spec(3, 'continual', { layers: [1] }), { maxNewTokens: 2, readHook: read });
    // The read at the first step sees the unchanged prefix plus exactly 3·v̂.
    prompts.forEach((_, i) => expect(pushed.projection[i][0] - plain.projection[i][0]).toBeCloseTo(3, 4));
  });

  it("in continual mode with positions 'last' steers the last prompt token and every generated one", () => {
    const pass = steeringPass(spec(1, 'continual', { positions: 'last' }), [6, 3], 2);
    expect(pass.interventions.map((iv) => iv.positions)).toEqual([[-3, -2, -1], [-3, -2, -1]]);
    expect(pass.interventionLimit).toBeUndefined();
    const oneshot = steeringPass(spec(1, 'oneshot', { positions: [1, -1] }), [6, 3], 2);
    expect(oneshot.interventions[0].positions).toEqual([1, -3]);
    expect(oneshot.interventionLimit).toEqual([6, 3]);
  });

  it('reports P(target) at the answer position and scores first-token and any-of-k hits', async () => {
    const plain = await steer(model, prompts, spec(0, 'oneshot'), { maxNewTokens: 3, target: (i) => i });
    const run = { ...plain, tokens: [[1, 2, 3], [4, 1, 6], [7, 8, 9]] };
    const score = scoreRun(run, (i) => (i === 2 ? [9, 7] : 1));
    expect([score.firstToken, score.anyOfK, score.k]).toEqual([2 / 3, 1, 3]);
    expect(scoreRun(run, () => 1, 1).anyOfK).toBeCloseTo(1 / 3);
    plain.targetProb!.forEach((p) => expect(p).toBeGreaterThan(0));
    expect(plain.targetProb!.every((p) => p < 1)).toBe(true);
  });

  it('refuses a zero direction, no layers, a missing layer direction and generations past the context', async () => {
    await expect(steer(model, prompts, { ...spec(1, 'oneshot'), direction: new Float32Array(24) })).rejects.toThrow('finite and non-zero');
    await expect(steer(model, prompts, spec(1, 'oneshot', { layers: [] }))).rejects.toThrow('no layers to steer');
    await expect(steer(model, prompts, spec(1, 'oneshot', { direction: [direction] }))).rejects.toThrow('no direction given for layer 1');
    await expect(steer(model, prompts, spec(1, 'oneshot'), { maxNewTokens: 12 })).rejects.toThrow('passes the context length 16');
    await expect(steer(model, prompts, spec(1, 'oneshot', { layers: [5] }))).rejects.toThrow(/layer/);
    expect(() => unitVector([NaN, 1])).toThrow('finite and non-zero');
  });
});

describe('steeringSweep', () => {
  it('draws one curve per mode against one unsteered run, reporting progress, and leaves no tensors', async () => {
    const before = tf.memory().numTensors;
    const progress: number[][] = [];
    const result = await steeringSweep(model, prompts, { direction, layers: [0] }, [0, 4], (i) => prompts[i][0], {
      maxNewTokens: 2, batchSize: 2, onProgress: (done, total) => progress.push([done, total]),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.curves.oneshot.map((p) => p.alpha)).toEqual([0, 4]);
    expect(result.curves.continual[0].score).toEqual(result.unsteered);
    expect(progress[progress.length - 1]).toEqual([20, 20]); // 5 runs × 2 batches × 2 steps
    expect(bestPoint(result.curves.oneshot)).not.toBeNull();
  });

  it('stops with an AbortError when cancelled, leaving no tensors', async () => {
    const before = tf.memory().numTensors;
    const signal = { aborted: false };
    const sweep = steeringSweep(model, prompts, { direction, layers: [0] }, [1, 2], () => 0, {
      signal, onProgress: (done) => { if (done === 2) signal.aborted = true; },
    });
    await expect(sweep).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
