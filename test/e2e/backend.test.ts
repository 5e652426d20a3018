// initBackend in headless Chromium: every tfjs backend runs here (SwiftShader for webgl/webgpu),
// passes its self-test and agrees with cpu; auto leaves the software-rendered ones untimed; synchronous
// reads run off WebGPU; a lost WebGL context makes the app fall back.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { currentSyncReadHost, initBackend, onBackendLost, withSyncReads, type BackendName, type BackendReport } from '../../src/model/backend';
import { seededValues } from '../../src/model/backendSelfTest';
import { detectSoftwareRendering } from '../../src/model/backendSoftware';
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

  it('finds webgpu and webgl software-rendered here (SwiftShader), from the adapter and the renderer', async () => {
    const started = performance.now();
    const found = await detectSoftwareRendering(ALL);
    console.log(`[backend] software rendering detected in ${Math.round(performance.now() - started)} ms: ${JSON.stringify([...found])}`);
    expect([...found]).toEqual([['webgpu', 'SwiftShader'], ['webgl', 'SwiftShader']]);
  }, SLOW);

  it('auto times only wasm and cpu here, and says that webgpu and webgl are software-rendered', async () => {
    const report = await initBackend('auto', OPTIONS);
    expect(report.candidates.map((c) => c.name)).toEqual(['wasm', 'cpu']);
    expect(report.candidates.every((c) => c.available && c.correct)).toBe(true);
    expect(report.reason).toMatch(new RegExp(`^auto: ${report.chosen} fastest correct \\(.*\\); webgpu and webgl are software-rendered here \\(SwiftShader\\), so not timed$`));
    expect(report.timings).toMatch(/; webgpu and webgl not timed: software-rendered$/);
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

  it('runs dataSync code off webgpu, on wasm, and returns to a webgpu device that still computes', async () => {
    await initBackend('cpu', OPTIONS);
    const expected = await matmulOnCurrentBackend();
    await initBackend('webgpu', OPTIONS);
    const before = tf.memory().numTensors;
    // On webgpu itself this dataSync destroys the SwiftShader device, and every later upload fails.
    const read = await withSyncReads(async () => {
      expect(tf.getBackend()).toBe('wasm');
      const product = tf.tidy(() => tf.matMul(tf.tensor2d(seededValues(97 * 203, 7), [97, 203]), tf.tensor2d(seededValues(203 * 71, 8), [203, 71])));
      try {
        return product.dataSync() as Float32Array;
      } finally {
        product.dispose();
      }
    });
    expect(currentSyncReadHost()).toBe('wasm');
    expect(tf.getBackend()).toBe('webgpu');
    expect(maxAbsDifference(read, expected)).toBeLessThanOrEqual(1e-3);
    expect(maxAbsDifference(await matmulOnCurrentBackend(), expected)).toBeLessThanOrEqual(1e-3);
    await expect(withSyncReads(() => Promise.reject(new Error('analysis failed')))).rejects.toThrow('analysis failed');
    expect(tf.getBackend()).toBe('webgpu');
    expect(tf.memory().numTensors).toBe(before);
  }, SLOW);

  it('runs dataSync code on a backend that reads synchronously, without switching', async () => {
    await initBackend('webgl', OPTIONS);
    expect(await withSyncReads(async () => tf.getBackend())).toBe('webgl');
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
