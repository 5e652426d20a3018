// The engine against the independent torch reference (scripts/reference/gpt2_reference.py), on cpu and wasm.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend';
import { compareVariant, VARIANTS } from '../helpers/golden';

const root = fileURLToPath(new URL('../fixtures/engine/', import.meta.url));
const read = async (path: string) => new Uint8Array(await readFile(root + path));

describe.each(['cpu', 'wasm'] as const)('the forward pass on %s', (backend) => {
  beforeAll(async () => {
    const report = await initBackend(backend);
    expect(report.chosen).toBe(backend);
  });

  it.each(VARIANTS)('matches the torch reference on every hook, the logits and greedy tokens (%s)', async (variant) => {
    const before = tf.memory().numTensors;
    const r = await compareVariant(read, variant);
    expect(r.hookCount).toBe(49);
    expect(r.logits).toBeLessThanOrEqual(1e-4);
    expect(r.hooks, `worst hook ${r.worstHook}`).toBeLessThanOrEqual(1e-4);
    expect(r.badMasks).toBe(0);
    expect(r.greedyMismatches).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
