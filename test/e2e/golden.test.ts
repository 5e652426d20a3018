// The engine against the torch reference in headless Chromium, on wasm, webgl and webgpu (≤ 1e-3).
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend';
import { WASM_PATHS } from '../../src/model/wasmAssets';
import { compareVariant, VARIANTS } from '../helpers/golden';

const urls = import.meta.glob('../fixtures/engine/**/*.{npy,json,safetensors}', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

async function read(path: string): Promise<Uint8Array> {
  const url = urls[`../fixtures/engine/${path}`];
  if (!url) throw new Error(`no fixture ${path}`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`fixture ${path}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

describe.each(['wasm', 'webgl', 'webgpu'] as const)('the forward pass in Chromium on %s', (backend) => {
  it.each(VARIANTS)('matches the torch reference within 1e-3 with identical greedy tokens (%s)', async (variant) => {
    const report = await initBackend(backend, { wasmPaths: WASM_PATHS });
    expect(report.chosen).toBe(backend);
    const before = tf.memory().numTensors;
    const r = await compareVariant(read, variant);
    console.log(`${backend} ${variant}: logits ${r.logits.toExponential(2)}, hooks ${r.hooks.toExponential(2)} (${r.worstHook})`);
    expect(r.hookCount).toBe(49);
    expect(r.logits).toBeLessThanOrEqual(1e-3);
    expect(r.hooks, `worst hook ${r.worstHook}`).toBeLessThanOrEqual(1e-3);
    expect(r.badMasks).toBe(0);
    expect(r.greedyMismatches).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
