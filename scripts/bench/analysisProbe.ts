// Benchmark: probes, 12 layers × 5 folds on seeded "hard" 2000×768 data, Repscope (tfjs wasm) against
// scikit-learn (StandardScaler + LogisticRegression, fits timed inside Python) on the same data and
// folds. Run directly: npx tsx scripts/bench/analysisProbe.ts [--quick]
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { stratifiedFolds } from '../../src/analysis/folds';
import { probeLayers } from '../../src/analysis/probe';
import { writeNpy } from '../../src/data/npy';
import { createRng } from '../../src/data/random';
import type { Matrix } from '../../src/data/types';
import { initBackend } from '../../src/model/backend';
import { repoPath } from './lib/paths';

/** Debian's interpreter has scikit-learn (TECH-NOTES); REPSCOPE_PYTHON overrides it. */
const PYTHON = process.env.REPSCOPE_PYTHON ?? '/usr/bin/python3';
const SAMPLES = 2000;
const FEATURES = 768;
const FOLDS = 5;

interface SklearnResult {
  fitSeconds: number;
  accuracy: number[];
  iterations: number[];
}

/**
 * Layer l: x = (z + δ_l·s·u_l)·scale + offset, z standard normal, s = ±1 the label, u_l a random unit
 * vector, per-column scales spanning ~e^±2 plus a few outlier columns (as residual streams have), and δ
 * peaking mid-depth so held-out accuracy runs about 0.65–0.85.
 */
export function hardLayers(layers: number, seed = 0): { layers: Matrix[]; labels: Int32Array } {
  const rng = createRng(seed);
  const labels = Int32Array.from({ length: SAMPLES }, (_, i) => i % 2);
  const scale = Float64Array.from({ length: FEATURES }, (_, j) => Math.exp(rng.normal()) * (j < 4 ? 20 : 1));
  const offset = Float64Array.from({ length: FEATURES }, () => 3 * rng.normal());
  const out = Array.from({ length: layers }, (_, l) => {
    const delta = 0.8 + 0.5 * Math.sin((Math.PI * (l + 0.5)) / layers);
    const u = Float64Array.from({ length: FEATURES }, () => rng.normal());
    const norm = Math.hypot(...u);
    const data = new Float32Array(SAMPLES * FEATURES);
    for (let i = 0; i < SAMPLES; i++) {
      const sign = labels[i] === 1 ? delta / norm : -delta / norm;
      for (let j = 0; j < FEATURES; j++) data[i * FEATURES + j] = (rng.normal() + sign * u[j]) * scale[j] + offset[j];
    }
    return { data, rows: SAMPLES, cols: FEATURES };
  });
  return { layers: out, labels };
}

function runPython(dir: string): Promise<SklearnResult> {
  const script = repoPath('scripts', 'reference', 'probe_reference.py');
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [script, 'bench', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${PYTHON} exited with ${code}: ${stderr.trim().split('\n').at(-1)}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!));
    });
  });
}

async function writeInputs(dir: string, layers: Matrix[], labels: Int32Array, folds: Int32Array): Promise<void> {
  await writeFile(path.join(dir, 'labels.npy'), writeNpy(labels, [labels.length]));
  await writeFile(path.join(dir, 'folds.npy'), writeNpy(folds, [folds.length]));
  for (const [l, x] of layers.entries()) {
    await writeFile(path.join(dir, `layer${String(l).padStart(2, '0')}.npy`), writeNpy(x.data, [x.rows, x.cols]));
  }
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** quick: 3 layers, no baseline run; full: 12 layers, plus the run with shuffled and control baselines. */
export async function benchProbe(options: { quick: boolean }): Promise<{ lines: string[]; results: Record<string, number> }> {
  const layerCount = options.quick ? 3 : 12;
  const { layers, labels } = hardLayers(layerCount);
  const folds = stratifiedFolds(labels, { k: FOLDS, seed: 0 }).foldIds;
  await initBackend('wasm');
  const title = `probes, ${layerCount} layers × ${FOLDS} folds, ${SAMPLES}×${FEATURES}, 2 classes, C = 1, standardised`;
  const lines = [title];
  const results: Record<string, number> = {};
  const start = performance.now();
  const report = await probeLayers(layers, labels, { foldIds: folds, baselines: false });
  results.repscopeMs = performance.now() - start;
  const ours = report.layers.map((r) => r.accuracy.mean);
  results.repscopeAccuracy = mean(ours);
  lines.push(`  repscope (tfjs wasm)    ${(results.repscopeMs / 1000).toFixed(2)} s   accuracy ${results.repscopeAccuracy.toFixed(4)}   ` +
    `iterations ≤ ${Math.max(...report.layers.map((r) => r.iterations))}`);
  const dir = await mkdtemp(path.join(tmpdir(), 'repscope-bench-probe-'));
  try {
    await writeInputs(dir, layers, labels, folds);
    const sk = await runPython(dir);
    results.sklearnMs = sk.fitSeconds * 1000;
    results.sklearnAccuracy = mean(sk.accuracy);
    results.speedup = results.sklearnMs / results.repscopeMs;
    results.maxLayerAccuracyDiff = Math.max(...ours.map((a, l) => Math.abs(a - sk.accuracy[l])));
    lines.push(`  scikit-learn (fit only) ${(results.sklearnMs / 1000).toFixed(2)} s   accuracy ${results.sklearnAccuracy.toFixed(4)}   ` +
      `iterations ≤ ${Math.max(...sk.iterations)}`);
    lines.push(`  repscope is ${results.speedup.toFixed(2)}× scikit-learn's speed; largest per-layer accuracy gap ${(100 * results.maxLayerAccuracyDiff).toFixed(2)} points`);
  } catch (error) {
    lines.push(`  scikit-learn: not run (${(error as Error).message}); set REPSCOPE_PYTHON to a python3 with scikit-learn`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (!options.quick) {
    const t0 = performance.now();
    await probeLayers(layers, labels, { foldIds: folds });
    results.withBaselinesMs = performance.now() - t0;
    lines.push(`  repscope with shuffled-label and control-task baselines (3× the fits) ${(results.withBaselinesMs / 1000).toFixed(2)} s`);
  }
  return { lines, results };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { lines, results } = await benchProbe({ quick: process.argv.includes('--quick') });
  console.log(lines.join('\n'));
  console.log(JSON.stringify(results));
}
