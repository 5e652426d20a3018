// Reads a shipped organism from public/models/<id>/ and loads it on wasm, for the organism tests.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../../src/model/backend';
import { loadModel, type Model } from '../../src/model/model';
import { expect } from 'vitest';
import type { TargetResult } from '../../scripts/organisms/types';

export const PUBLIC_ROOT = fileURLToPath(new URL('../../public/', import.meta.url));

export function shippedFiles(id: string) {
  const modelFile = (name: string) => readFile(`${PUBLIC_ROOT}models/${id}/${name}`);
  const modelJson = async (name: string) => JSON.parse(await readFile(`${PUBLIC_ROOT}models/${id}/${name}`, 'utf8'));
  return { modelFile, modelJson };
}

/** Starts wasm and loads the shipped model with its card; the caller disposes the model. */
export async function loadShipped<C>(id: string): Promise<{ model: Model; card: C }> {
  const { modelFile, modelJson } = shippedFiles(id);
  await initBackend('wasm');
  const card = (await modelJson('card.json')) as C;
  const weights = new Uint8Array(await modelFile('model.safetensors'));
  const model = await loadModel({ config: await modelJson('config.json'), weights, tokenizer: await modelJson('tokenizer.json'), card }, id);
  return { model, card };
}

/** An evaluation meets every target its card lists (at least the card's bound and the generator's), and the card's final metrics are its values. */
export function expectCardTargets(
  result: { targets: TargetResult[]; metrics: Record<string, number> },
  card: { targets: TargetResult[]; finalMetrics: Record<string, number> },
): void {
  expect(result.targets.map((t) => t.metric)).toEqual(card.targets.map((t) => t.metric));
  for (const t of result.targets) {
    const cardMin = card.targets.find((c) => c.metric === t.metric)!.min;
    expect(t.value, `${t.metric}: ${t.description}`).toBeGreaterThanOrEqual(Math.max(cardMin, t.min));
  }
  for (const [metric, value] of Object.entries(result.metrics)) expect(card.finalMetrics[metric], metric).toBeCloseTo(value, 3);
}
