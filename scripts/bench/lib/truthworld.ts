// The explorer's default probe input: truthworld-speakers (960 prompts) read at the last token of both
// layers' resid_post, with its true/false labels, from the built-in model on the current backend.
import { readFile } from 'node:fs/promises';
import type { Matrix } from '../../../src/data/types';
import { runWithCache } from '../../../src/model/cache';
import type { HookName } from '../../../src/model/hooks';
import { loadModel } from '../../../src/model/model';
import { repoPath } from './paths';

export async function truthworldLayers(): Promise<{ layers: Matrix[]; labels: string[] }> {
  const dir = repoPath('public', 'models', 'truthworld');
  const [config, weights, tokenizer] = await Promise.all([
    readFile(`${dir}/config.json`, 'utf8'), readFile(`${dir}/model.safetensors`), readFile(`${dir}/tokenizer.json`, 'utf8'),
  ]);
  const model = await loadModel({ config: JSON.parse(config), weights: new Uint8Array(weights), tokenizer: JSON.parse(tokenizer) }, 'truthworld');
  const rows = (await readFile(repoPath('public', 'datasets', 'truthworld-speakers.jsonl'), 'utf8'))
    .split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { text: string; label: string });
  const prompts = rows.map((r) => model.tokenizer!.encode(r.text).ids);
  const names = [0, 1].map((l) => `blocks.${l}.hook_resid_post` as HookName);
  const { cache } = await runWithCache(model, prompts, { names, position: 'last' });
  const layers = names.map((n) => {
    const a = cache.get(n)!;
    return { data: a.data, rows: a.shape[0], cols: a.shape[1] };
  });
  return { layers, labels: rows.map((r) => r.label) };
}
