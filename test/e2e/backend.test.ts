// initBackend in headless Chromium: every tfjs backend runs here (SwiftShader for webgl/webgpu),
// passes its self-test and agrees with cpu; a lost WebGL context makes the app fall back.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend, onBackendLost, type BackendName, type BackendReport } from '../../src/model/backend';
import { seededValues } from '../../src/model/backendSelfTest';
import { WASM_PATHS } from '../../src/model/wasmAssets';

const OPTIONS = { wasmPaths: WASM_PATHS };
const ALL: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
// Shader compilation on SwiftShader takes seconds per backend.
const SLOW = 180_000;

/** A 2-D matmul with shapes that are not multiples of any tile size, read back to the host. */
async function matmulOnCurrentBackend(): Promise<Float32Array> {
  const product = tf.tidy(() =>
    tf.matMul(tf.tensor2d(seededValues(97 * 203, 7), [97, 203]), tf.tensor2d(seededValues(203 * 71, 8), [203, 71])),
  );
  try {
    return (await product.data()) as Float32Array;
  } finally {
    product.dispose();
  }
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[i])), 0);
}

describe('initBackend in Chromium', () => {
  it.each(ALL)('%s is available here and passes its self-test', async (name) => {
    const report = await initBackend(name, OPTIONS);
    expect(report.reason).toContain(`${name} as requested`);
    expect(report.chosen).toBe(name);
    expect(report.candidates[0]).toMatchObject({ name, available: true, correct: true });
    expect(tf.getBackend()).toBe(name);
    console.log(`[backend] ${name}: ${report.candidates[0].ms} ms, max |Δ| ${report.candidates[0].maxError}, ${report.candidates[0].note ?? ''}`);
  }, SLOW);

  it('auto tests all four backends and names its choice in the reason', async () => {
    const report = await initBackend('auto', OPTIONS);
    expect(report.candidates.map((c) => c.name)).toEqual(ALL);
    expect(report.candidates.every((c) => c.available && c.correct)).toBe(true);
    expect(report.reason).toMatch(new RegExp(`^auto: ${report.chosen} fastest correct \\(`));
    expect(tf.getBackend()).toBe(report.chosen);
    console.log(`[backend] ${report.reason}`);
  }, SLOW);

  it('a 2-D matmul agrees with cpu within 1e-3 on every backend', async () => {
    await initBackend('cpu', OPTIONS);
    const expected = await matmulOnCurrentBackend();
    for (const name of ALL) {
      await initBackend(name, OPTIONS);
      expect(tf.getBackend()).toBe(name);
      expect(maxAbsDifference(await matmulOnCurrentBackend(), expected), name).toBeLessThanOrEqual(1e-3);
    }
  }, SLOW);

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    await initBackend('auto', OPTIONS);
    expect(tf.memory().numTensors).toBe(before);
  }, SLOW);

  // Last: a lost context stays lost for the rest of this page.
  it('falls back and tells listeners when the WebGL context is lost', async () => {
    await initBackend('webgl', OPTIONS);
    const gl = (tf.backend() as tf.MathBackendWebGL).getGPGPUContext().gl;
    const lost = new Promise<BackendReport>((resolve) => {
      const unsubscribe = onBackendLost((report) => {
        unsubscribe();
        resolve(report);
      });
    });
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    const report = await lost;
    expect(report.requested).toBe('webgl');
    expect(report.chosen).not.toBe('webgl');
    expect(report.reason).toMatch(/^webgl unavailable: its WebGL context was lost this session; fell back to /);
    expect(tf.getBackend()).toBe(report.chosen);
    expect((await initBackend('auto', OPTIONS)).candidates.find((c) => c.name === 'webgl')?.available).toBe(false);
  }, SLOW);
});
