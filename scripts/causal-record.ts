// Records an organism's "decodable vs causal" numbers: `npm run record -- truthworld` loads the shipped model on
// wasm, runs analysis/layerEffects.ts on its speakers dataset, writes the `causal` section of card.json and draws
// the chart (the app's DecodableCausalSvg, rendered to static markup) to docs/. Date-free: reruns are byte-identical.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { initBackend } from '../src/model/backend';
import { disposeModel, loadModel } from '../src/model/model';
import { toLayerEffectsResult } from '../src/workers/jobsLayerEffects';
import { DecodableCausalSvg } from '../src/ui/charts/DecodableCausalSvg';
import { layoutDecodableCausal } from '../src/ui/charts/decodableCausalLayout';
import { LIGHT_THEME } from '../src/ui/theme';
import { CAUSAL_DATASET, truthworldCausalRecord, type CausalReading, type SpeakerRow } from './organisms/truthworldCausal';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BACKEND = 'wasm';
const SIZE = { width: 640, height: 330 };
const json = (x: unknown) => JSON.stringify(x, null, 2) + '\n';

/** The chart file of one reading: docs/decodable-vs-causal-<id>[-<reading>].svg (the first reading has no suffix). */
function chartPath(id: string, reading: string, first: boolean): string {
  return join('docs', `decodable-vs-causal-${id}${first ? '' : `-${reading}`}.svg`);
}

function chartSvg(reading: CausalReading, id: string, generation: number): string {
  const result = toLayerEffectsResult(reading);
  const layout = layoutDecodableCausal(result, SIZE.width, SIZE.height, reading.chance);
  const c = reading.counts;
  const heading = {
    title: `${id}: decodable vs causal at ${reading.where}`,
    subtitle: `honest − liar direction: fit on ${c.fitPairs} pairs, scored on ${c.evalPairs} held-out · best α, ${generation}-token generations · patching ${c.patchPairs} pairs`,
  };
  const markup = renderToStaticMarkup(createElement(DecodableCausalSvg, { layout, ...SIZE, theme: LIGHT_THEME, heading }));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${markup}\n`;
}

async function main(): Promise<number> {
  const id = process.argv[2];
  if (id !== 'truthworld') {
    console.error(`usage: npm run record -- truthworld\n  only truthworld has a causal record so far (got ${JSON.stringify(id ?? null)})`);
    return 2;
  }
  tf.env().set('IS_TEST', true);
  await initBackend(BACKEND);
  const dir = join(ROOT, 'public', 'models', id);
  const read = (name: string) => readFile(join(dir, name), 'utf8');
  const card = JSON.parse(await read('card.json'));
  const model = await loadModel({ config: JSON.parse(await read('config.json')), weights: new Uint8Array(await readFile(join(dir, 'model.safetensors'))), tokenizer: JSON.parse(await read('tokenizer.json')), card }, id);
  try {
    const rows: SpeakerRow[] = (await readFile(join(ROOT, 'public', CAUSAL_DATASET), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const record = await truthworldCausalRecord(model, rows, model.tokenizer!, BACKEND);
    await writeFile(join(dir, 'card.json'), json({ ...card, causal: record }));
    await mkdir(join(ROOT, 'docs'), { recursive: true });
    for (const [k, reading] of record.readings.entries()) {
      const file = chartPath(id, reading.name, k === 0);
      await writeFile(join(ROOT, file), chartSvg(reading, id, record.generationLength));
      const b = reading.best;
      console.log(`${reading.name}: best one-shot layer ${b.oneshot.layer} (α ${b.oneshot.alpha}) ${b.oneshot.success.toFixed(3)}, ` +
        `continual layer ${b.continual.layer} (α ${b.continual.alpha}) ${b.continual.success.toFixed(3)}; wrote ${file}`);
    }
    console.log(`wrote the causal section of ${relative(process.cwd(), join(dir, 'card.json'))}`);
  } finally {
    disposeModel(model);
  }
  return 0;
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
});
