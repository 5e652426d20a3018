// initBackend('auto') with a choice remembered from an earlier visit: it re-tests that backend alone and
// says so; one that cannot run here sends auto back to measuring every candidate (and reporting timings).
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend';

const FAST = { timingSize: 32 };

describe('initBackend with a remembered auto choice', () => {
  it('self-tests only the remembered backend and names the earlier timings in the reason', async () => {
    const report = await initBackend('auto', FAST, { chosen: 'cpu', timings: 'cpu 1 ms, wasm 2 ms' });
    expect(report).toMatchObject({ requested: 'auto', chosen: 'cpu' });
    expect(report.candidates.map((c) => c.name)).toEqual(['cpu']);
    expect(report.candidates[0]).toMatchObject({ available: true, correct: true });
    expect(report.reason).toMatch(/^auto: cpu fastest correct when measured earlier \(cpu 1 ms, wasm 2 ms\); remembered, and passed its self-test now \([\d.]+ ms\)$/);
    expect(report.timings).toBeUndefined();
    expect(tf.getBackend()).toBe('cpu');
  });

  it('measures every candidate when the remembered one cannot run here, and reports their timings', async () => {
    const report = await initBackend('auto', FAST, { chosen: 'webgl', timings: 'webgl 1 ms' });
    expect(report.candidates.map((c) => c.name)).toEqual(['wasm', 'cpu']);
    expect(report.reason).toMatch(new RegExp(`^auto: ${report.chosen} fastest correct \\(`));
    expect(report.timings).toMatch(/^(wasm|cpu) [\d.]+ ms, (wasm|cpu) [\d.]+ ms$/);
  });

  it('ignores a remembered choice when a backend is asked for by name', async () => {
    const report = await initBackend('wasm', FAST, { chosen: 'cpu', timings: 'cpu 1 ms' });
    expect(report).toMatchObject({ requested: 'wasm', chosen: 'wasm' });
    expect(report.timings).toBeUndefined();
  });
});
