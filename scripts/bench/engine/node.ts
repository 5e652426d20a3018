// Runs the engine suite in this Node process, one backend after another.
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import type { ModelFiles } from '../../../src/model/model';
import { repoPath } from '../lib/paths';
import { runSuite, type SuiteRun, type SuiteSpec } from './suite';

/** The built-in model's files, read as the app fetches them. */
async function loadTinyFiles(): Promise<ModelFiles> {
  const dir = repoPath('public', 'models', 'tiny-gpt2');
  try {
    const [config, weights, tokenizer] = await Promise.all([
      readFile(`${dir}/config.json`, 'utf8'),
      readFile(`${dir}/model.safetensors`),
      readFile(`${dir}/tokenizer.json`, 'utf8'),
    ]);
    return { config: JSON.parse(config), weights: new Uint8Array(weights), tokenizer: JSON.parse(tokenizer) };
  } catch (error) {
    throw new Error(`cannot read the built-in model in public/models/tiny-gpt2 (${String(error)}); run: npx tsx scripts/make-test-model.ts`);
  }
}

/** User + system CPU time of this process: wasm and cpu kernels run on its main thread. */
function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export async function runNodeSuites(specs: readonly SuiteSpec[], log: (message: string) => void): Promise<SuiteRun[]> {
  const runs: SuiteRun[] = [];
  for (const spec of specs) {
    const loadBefore = loadavg()[0];
    const result = await runSuite(spec, { loadTinyFiles, log: (m) => log(`node ${m}`), cpuClock: processCpuMs });
    runs.push({ result, load: [loadBefore, loadavg()[0]] });
  }
  return runs;
}
