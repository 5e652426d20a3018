// The engine benchmark's page (page.html, served by Vite): exposes runSuite to the playwright driver,
// with the built-in model fetched from public/ and the wasm binaries served as the app serves them.
import type { ModelFiles } from '../../../src/model/model';
import { WASM_PATHS } from '../../../src/model/wasmAssets';
import { PAGE_GLOBAL, runSuite, type EngineBenchApi } from './suite';

async function fetchFile(name: string): Promise<Response> {
  const response = await fetch(`/models/tiny-gpt2/${name}`);
  if (!response.ok) throw new Error(`/models/tiny-gpt2/${name}: HTTP ${response.status}; run: npx tsx scripts/make-test-model.ts`);
  return response;
}

async function loadTinyFiles(): Promise<ModelFiles> {
  const [config, weights, tokenizer] = await Promise.all([
    fetchFile('config.json').then((r) => r.json()),
    fetchFile('model.safetensors').then((r) => r.arrayBuffer()),
    fetchFile('tokenizer.json').then((r) => r.json()),
  ]);
  return { config, weights, tokenizer };
}

const api: EngineBenchApi = {
  run: (spec) => runSuite(spec, { wasmPaths: WASM_PATHS, loadTinyFiles, log: (message) => console.log(message) }),
};
(globalThis as unknown as Record<string, EngineBenchApi>)[PAGE_GLOBAL] = api;
