// Temporary profile of the explorer-sized probe job on wasm.
import { probeLayers } from '../../src/analysis/probe';
import { initBackend } from '../../src/model/backend';
import { truthworldLayers } from './lib/truthworld';

await initBackend((process.argv[2] ?? 'wasm') as 'wasm');
const { layers, labels } = await truthworldLayers();
await probeLayers(layers, labels);
const t0 = performance.now();
for (let i = 0; i < 3; i++) await probeLayers(layers, labels);
console.log(`3 runs ${(performance.now() - t0).toFixed(0)} ms`);
