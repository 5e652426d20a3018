// Downloads a built-in model's files from the site (config, weights, tokenizer, card) for the engine.
import type { ModelFilesPayload } from '../workers/protocol';
import { fetchOptionalJson } from './catalog';

async function fetchOk(url: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not fetch ${url} (HTTP ${res.status}); run "npm ci" to generate the built-in test model`);
  return res;
}

export async function fetchBuiltinModel(base: string, id: string): Promise<ModelFilesPayload> {
  const dir = `${base}models/${encodeURIComponent(id)}/`;
  const [config, weights, card, tokenizer] = await Promise.all([
    fetchOk(dir + 'config.json').then((r) => r.json()),
    fetchOk(dir + 'model.safetensors').then((r) => r.arrayBuffer()),
    fetchOptionalJson(dir + 'card.json'),
    fetchOptionalJson(dir + 'tokenizer.json'),
  ]);
  return { config, weights, card, tokenizer };
}
