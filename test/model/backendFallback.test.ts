// A backend that runs but computes wrong numbers is never chosen: its self-test fails and the choice
// falls back with the measured error in the reason.
import { describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';

vi.mock('../../src/model/backendSelfTest', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/model/backendSelfTest')>();
  // Pretend wasm's kernels are broken: a max error far above the tolerance.
  return { ...real, measureCorrectness: async () => (tf.getBackend() === 'wasm' ? 0.5 : real.measureCorrectness()) };
});

const { initBackend } = await import('../../src/model/backend');

describe('initBackend with a backend that fails its self-test', () => {
  it('falls back from an explicit choice and says by how much it was wrong', async () => {
    const report = await initBackend('wasm');
    expect(report.chosen).toBe('cpu');
    expect(report.reason).toMatch(/wasm/);
    expect(report.reason).toMatch(/self-test/);
    expect(report.reason).toMatch(/fell back to cpu/);
    expect(report.candidates.find((c) => c.name === 'wasm')).toMatchObject({ available: true, correct: false, maxError: 0.5 });
  });

  it('never picks it in auto mode, even though it would be faster', async () => {
    const report = await initBackend('auto');
    expect(report.chosen).toBe('cpu');
    expect(report.candidates.map((c) => [c.name, c.correct])).toEqual([['wasm', false], ['cpu', true]]);
  });
});
