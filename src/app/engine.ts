// The app's engine session on the main thread: backend, the loaded model, next-token predictions.
// Until the explorer's worker exists, this is the engine's smoke test in the browser.
import { initBackend, onBackendLost, type BackendChoice, type BackendReport } from '../model/backend';
import { WASM_PATHS } from '../model/wasmAssets';
import { disposeModel, loadModel, type Model, type ModelFiles } from '../model/model';
import { runModel } from '../model/cache';
import type { Token, UnknownToken } from '../model/tokenizer';

/** The model the app opens on until the built-in organisms exist. */
export const DEFAULT_MODEL_ID = 'tiny-gpt2';

export interface TopToken {
  id: number;
  text: string;
  prob: number;
}

export interface Prediction {
  tokens: Token[];
  unknown: UnknownToken[];
  top: TopToken[];
}

export function startBackend(choice: BackendChoice): Promise<BackendReport> {
  return initBackend(choice, { wasmPaths: WASM_PATHS });
}

export { onBackendLost };

async function fetchOk(url: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not fetch ${url} (HTTP ${res.status}); run "npm ci" to generate the built-in test model`);
  return res;
}

/** An optional JSON file; dev servers answer a missing file with the HTML page, which counts as absent. */
async function fetchOptionalJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return undefined;
  return res.json();
}

/** Downloads a built-in model's files (kept so the model can be re-uploaded after a backend change). */
export async function fetchBuiltinModel(id: string): Promise<ModelFiles> {
  const base = `${import.meta.env.BASE_URL}models/${encodeURIComponent(id)}/`;
  const [config, weights, card, tokenizer] = await Promise.all([
    fetchOk(base + 'config.json').then((r) => r.json()),
    fetchOk(base + 'model.safetensors').then((r) => r.arrayBuffer()),
    fetchOptionalJson(base + 'card.json'),
    fetchOptionalJson(base + 'tokenizer.json'),
  ]);
  return { config, weights: new Uint8Array(weights), card, tokenizer };
}

export { loadModel, disposeModel };
export type { Model, ModelFiles };

/** Tokenizes `text` and returns the k most likely next tokens after it. */
export async function predictNext(model: Model, text: string, k = 10): Promise<Prediction> {
  if (!model.tokenizer) throw new Error('this model has no tokenizer, so it cannot read text');
  const enc = model.tokenizer.encode(text);
  if (enc.ids.length === 0) return { tokens: [], unknown: [], top: [] };
  const ids = enc.ids.slice(-model.config.nCtx);
  const { logits } = await runModel(model, [ids], { logits: 'last' });
  const row = logits!.data;
  let max = -Infinity;
  for (const x of row) max = Math.max(max, x);
  let sum = 0;
  for (const x of row) sum += Math.exp(x - max);
  const order = Array.from(row.keys()).sort((a, b) => row[b] - row[a] || a - b).slice(0, k);
  const top = order.map((id) => ({ id, text: model.tokenizer!.tokenText(id), prob: Math.exp(row[id] - max) / sum }));
  return { tokens: enc.tokens, unknown: enc.unknown, top };
}
