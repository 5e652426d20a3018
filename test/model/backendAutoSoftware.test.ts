// initBackend('auto') where WebGPU and WebGL would run on a software rasteriser (faked in Node): auto leaves
// them untimed and says so, times them after all when wasm fails, and explicit choices still self-test them.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';

const fake = vi.hoisted(() => ({ software: new Map<string, string>(), asked: [] as string[][], wasmBroken: false }));

vi.mock('../../src/model/backendProbe', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/model/backendProbe')>();
  // backend.ts then offers all four; the probes themselves still see Node and find no GPU.
  return { ...real, isBrowserLike: () => true };
});
vi.mock('../../src/model/backendSoftware', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/model/backendSoftware')>();
  return {
    ...real,
    detectSoftwareRendering: async (names: readonly string[]) => {
      fake.asked.push([...names]);
      return new Map([...fake.software].filter(([name]) => names.includes(name)));
    },
  };
});
vi.mock('../../src/model/backendSelfTest', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/model/backendSelfTest')>();
  return { ...real, measureCorrectness: async () => (fake.wasmBroken && tf.getBackend() === 'wasm' ? 0.5 : real.measureCorrectness()) };
});

const { initBackend } = await import('../../src/model/backend');
const FAST = { timingSize: 32 };
const SWIFTSHADER = new Map([['webgpu', 'SwiftShader'], ['webgl', 'SwiftShader']]);

beforeEach(() => {
  fake.software = new Map();
  fake.asked = [];
  fake.wasmBroken = false;
});

describe('auto with software-rendered GPU backends', () => {
  it('times only wasm and cpu, and says that webgpu and webgl are software-rendered', async () => {
    fake.software = SWIFTSHADER;
    const report = await initBackend('auto', FAST);
    expect(fake.asked).toEqual([['webgpu', 'webgl', 'wasm', 'cpu']]);
    expect(report.candidates.map((c) => c.name)).toEqual(['wasm', 'cpu']);
    expect(report.reason).toMatch(/^auto: (wasm|cpu) fastest correct \((wasm|cpu) [\d.]+ ms, (wasm|cpu) [\d.]+ ms\); webgpu and webgl are software-rendered here \(SwiftShader\), so not timed$/);
    expect(report.timings).toMatch(/^(wasm|cpu) [\d.]+ ms, (wasm|cpu) [\d.]+ ms; webgpu and webgl not timed: software-rendered$/);
    expect(tf.getBackend()).toBe(report.chosen);
  });

  it('still tests the GPU backend that is not software-rendered', async () => {
    fake.software = new Map([['webgl', 'llvmpipe']]);
    const report = await initBackend('auto', FAST);
    expect(report.candidates.map((c) => c.name)).toEqual(['webgpu', 'wasm', 'cpu']);
    expect(report.candidates[0]).toMatchObject({ available: false, note: 'navigator.gpu missing' });
    expect(report.reason).toMatch(/; webgpu unavailable: navigator\.gpu missing; webgl is software-rendered here \(llvmpipe\), so not timed$/);
  });

  it('tests every backend, as before, when nothing is software-rendered', async () => {
    const report = await initBackend('auto', FAST);
    expect(report.candidates.map((c) => c.name)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(report.reason).not.toMatch(/not timed/);
    expect(report.timings).toMatch(/^(wasm|cpu) [\d.]+ ms, (wasm|cpu) [\d.]+ ms$/);
  });

  it('tests the software-rendered ones after all when wasm fails its self-test, and no longer claims they were skipped', async () => {
    fake.software = SWIFTSHADER;
    fake.wasmBroken = true;
    const report = await initBackend('auto', FAST);
    expect(report.candidates.map((c) => c.name)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(report.candidates.find((c) => c.name === 'wasm')).toMatchObject({ correct: false, maxError: 0.5 });
    expect(report.chosen).toBe('cpu');
    expect(report.reason).not.toMatch(/not timed/);
    expect(report.timings).toMatch(/^cpu [\d.]+ ms$/);
  });

  it('self-tests an explicit webgl as before, without asking whether it is software-rendered', async () => {
    fake.software = SWIFTSHADER;
    const report = await initBackend('webgl', FAST);
    expect(fake.asked).toEqual([]);
    expect(report.candidates.map((c) => c.name)).toEqual(['webgl', 'webgpu', 'wasm', 'cpu']);
    expect(report.reason).toMatch(/^webgl unavailable: WebGL needs a browser .*; fell back to (wasm|cpu)/);
  });

  it('re-tests a remembered choice alone, without asking either', async () => {
    fake.software = SWIFTSHADER;
    const report = await initBackend('auto', FAST, { chosen: 'wasm', timings: 'wasm 1 ms, cpu 9 ms; webgpu and webgl not timed: software-rendered' });
    expect(fake.asked).toEqual([]);
    expect(report.candidates.map((c) => c.name)).toEqual(['wasm']);
    expect(report.reason).toMatch(/^auto: wasm fastest correct when measured earlier \(wasm 1 ms, cpu 9 ms; webgpu and webgl not timed: software-rendered\); remembered/);
  });
});
