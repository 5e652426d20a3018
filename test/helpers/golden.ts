// Compares the engine against the torch reference fixtures in test/fixtures/engine (made by
// scripts/reference/gpt2_reference.py). Shared by the Node tests and the headless-browser tests.
import { readNpyFloat32 } from '../../src/data/npy';
import { loadModel, disposeModel, type Model } from '../../src/model/model';
import { runModel } from '../../src/model/cache';
import { generate } from '../../src/model/generate';
import { MASKED_SCORE } from '../../src/model/transformer';
import type { HookName } from '../../src/model/hooks';

export const VARIANTS = ['f32', 'f16-prefixed', 'bf16-untied', 'relu'] as const;
export type Variant = (typeof VARIANTS)[number];

/** Reads a fixture file by its path relative to test/fixtures/engine. */
export type FixtureReader = (path: string) => Promise<Uint8Array>;

export interface GoldenPrompt {
  dir: string;
  ids: number[];
  greedy: number[];
  hooks: string[];
}

export interface GoldenReport {
  /** Largest |ours − reference| over logits. */
  logits: number;
  /** Largest |ours − reference| over every hook activation (masked attention scores excluded). */
  hooks: number;
  /** The hook with the largest difference. */
  worstHook: string;
  /** Masked attention scores that are not MASKED_SCORE (should be 0). */
  badMasks: number;
  /** Greedy continuations that differ from the reference (should be 0). */
  greedyMismatches: number;
  /** Hooks compared per prompt. */
  hookCount: number;
}

const decoder = new TextDecoder();

export async function loadVariant(read: FixtureReader, variant: Variant): Promise<{ model: Model; prompts: GoldenPrompt[] }> {
  const expected = JSON.parse(decoder.decode(await read(`${variant}/expected.json`)));
  const config = JSON.parse(decoder.decode(await read(`${variant}/config.json`)));
  const model = await loadModel({ config, weights: await read(`${variant}/model.safetensors`) }, variant);
  return { model, prompts: expected.prompts as GoldenPrompt[] };
}

function maxDiff(ours: Float32Array, ref: Float32Array, masked?: { bad: number }): number {
  if (ours.length !== ref.length) throw new Error(`size ${ours.length} vs reference ${ref.length}`);
  let m = 0;
  for (let i = 0; i < ref.length; i++) {
    if (ref[i] === -Infinity) {
      if (masked && ours[i] !== MASKED_SCORE) masked.bad++;
      continue;
    }
    const d = Math.abs(ours[i] - ref[i]);
    if (!(d <= m)) m = d; // NaN propagates as the worst
  }
  return m;
}

/** Runs every prompt of a variant with every hook cached and greedy generation; returns the worst differences. */
export async function compareVariant(read: FixtureReader, variant: Variant): Promise<GoldenReport> {
  const { model, prompts } = await loadVariant(read, variant);
  const report: GoldenReport = { logits: 0, hooks: 0, worstHook: '', badMasks: 0, greedyMismatches: 0, hookCount: 0 };
  try {
    for (const p of prompts) {
      const names = p.hooks.map((f) => f.replace(/\.npy$/, '') as HookName);
      const run = await runModel(model, [p.ids], { names, position: 'all', logits: 'all' });
      const masked = { bad: 0 };
      for (const name of names) {
        const ref = readNpyFloat32(await read(`${variant}/${p.dir}/${name}.npy`));
        const ours = run.cache.get(name)!;
        if (ours.shape.join() !== ref.shape.join()) throw new Error(`${name}: shape [${ours.shape}] vs reference [${ref.shape}]`);
        const d = maxDiff(ours.data, ref.data, masked);
        if (!(d <= report.hooks)) [report.hooks, report.worstHook] = [d, name];
      }
      report.hookCount = names.length;
      report.badMasks += masked.bad;
      const refLogits = readNpyFloat32(await read(`${variant}/${p.dir}/unembed.hook_out.npy`));
      report.logits = Math.max(report.logits, maxDiff(run.logits!.data, refLogits.data));
      const gen = await generate(model, [p.ids], { maxNewTokens: p.greedy.length });
      if (gen.tokens[0].join() !== p.greedy.join()) report.greedyMismatches++;
    }
  } finally {
    disposeModel(model);
  }
  return report;
}
