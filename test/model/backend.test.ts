// initBackend in Node: auto chooses between wasm and cpu by self-test, explicit choices work or
// fall back with a reason, concurrent calls run one after another, and no tensor is leaked.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { currentBackend, initBackend, type BackendReport } from '../../src/model/backend';

const FAST = { timingSize: 32 };

function names(report: BackendReport): string[] {
  return report.candidates.map((c) => c.name);
}

describe('initBackend in Node', () => {
  it('auto picks wasm or cpu and reports both with their self-test results', async () => {
    const report = await initBackend('auto');
    expect(report.requested).toBe('auto');
    expect(['wasm', 'cpu']).toContain(report.chosen);
    expect(names(report)).toEqual(['wasm', 'cpu']);
    for (const candidate of report.candidates) {
      expect(candidate).toMatchObject({ available: true, correct: true });
      expect(candidate.maxError).toBeLessThanOrEqual(1e-3);
      expect(candidate.ms).toBeGreaterThan(0);
    }
    expect(report.reason).toMatch(new RegExp(`^auto: ${report.chosen} fastest correct \\(`));
    expect(report.reason).toMatch(/wasm [\d.]+ ms/);
    expect(report.reason).toMatch(/cpu [\d.]+ ms/);
    expect(tf.getBackend()).toBe(report.chosen);
    expect(currentBackend()).toBe(report);
  });

  it.each(['cpu', 'wasm'] as const)('an explicit %s is used when it passes its self-test', async (name) => {
    const report = await initBackend(name, FAST);
    expect(report).toMatchObject({ requested: name, chosen: name });
    expect(names(report)).toEqual([name]);
    expect(report.reason).toContain(`${name} as requested`);
    expect(tf.getBackend()).toBe(name);
    const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])));
    expect(Array.from(await sum.data())).toEqual([4, 6]);
    sum.dispose();
  });

  it('an explicit webgl falls back in Node with a reason that names webgl', async () => {
    const report = await initBackend('webgl', FAST);
    expect(report.requested).toBe('webgl');
    expect(['wasm', 'cpu']).toContain(report.chosen);
    expect(report.candidates[0]).toMatchObject({ name: 'webgl', available: false });
    expect(report.reason).toMatch(/^webgl unavailable: WebGL needs a browser .*; fell back to (wasm|cpu)/);
    expect(tf.getBackend()).toBe(report.chosen);
  });

  it('an explicit webgpu falls back in Node because navigator.gpu is missing', async () => {
    const report = await initBackend('webgpu', FAST);
    expect(report.reason).toMatch(/^webgpu unavailable: navigator\.gpu missing; fell back to (wasm|cpu)/);
  });

  it('concurrent calls run one after another, so the last call decides the backend', async () => {
    const finished: string[] = [];
    const calls = [initBackend('auto', FAST), initBackend('cpu', FAST), initBackend('wasm', FAST), initBackend('cpu', FAST)];
    calls.forEach((call, i) => void call.then(() => finished.push(String(i))));
    const reports = await Promise.all(calls);
    expect(reports.map((r) => r.requested)).toEqual(['auto', 'cpu', 'wasm', 'cpu']);
    expect(reports.slice(1).map((r) => r.chosen)).toEqual(['cpu', 'wasm', 'cpu']);
    expect(finished).toEqual(['0', '1', '2', '3']);
    expect(tf.getBackend()).toBe('cpu');
    expect(currentBackend()).toBe(reports[3]);
  });

  it('leaves no tensors behind', async () => {
    await initBackend('cpu', FAST);
    const before = tf.memory().numTensors;
    await initBackend('auto', FAST);
    await initBackend('webgl', FAST);
    await initBackend('cpu', FAST);
    expect(tf.memory().numTensors).toBe(before);
  });
});
