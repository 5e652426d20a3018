// Timing of the explorer-sized probe job (truthworld-speakers, 960 prompts × d_model 64, 2 layers, 5 folds,
// with baselines) on activations from the real model, on the wasm and cpu backends, several repeats.
// Run: npx tsx scripts/bench/probeSmall.ts [repeats]
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { probeLayers } from '../../src/analysis/probe';
import { initBackend } from '../../src/model/backend';
import { truthworldLayers } from './lib/truthworld';

const repeats = Number(process.argv[2] ?? 5);
await initBackend('wasm');
const { layers, labels } = await truthworldLayers();
console.log(`load ${loadavg().map((v) => v.toFixed(2)).join(' ')}; ${layers.length} layers of ${layers[0].rows}×${layers[0].cols}`);
for (const backend of ['wasm', 'cpu'] as const) {
  await initBackend(backend);
  const times: number[] = [];
  let summary = '';
  for (let r = 0; r < repeats; r++) {
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    const report = await probeLayers(layers, labels);
    times.push(performance.now() - t0);
    if (tf.memory().numTensors !== before) throw new Error('tensor leak');
    summary = report.layers.map((l) => `L${l.layer} acc ${l.accuracy.mean.toFixed(4)} shuf ${l.shuffled!.mean.toFixed(4)} ctrl ${l.control!.mean.toFixed(4)} it ${l.iterations}`).join(' | ');
  }
  console.log(`${backend}: ${times.map((t) => t.toFixed(0)).join(' ')} ms (min ${Math.min(...times).toFixed(0)}); ${summary}`);
}
console.log(`load after ${loadavg()[0].toFixed(2)}`);
