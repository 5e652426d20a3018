// PCA benchmark: our fitPca (top 50, tfjs wasm) against ml-pca (the JS peer) and, when Python has it,
// scikit-learn PCA(svd_solver='full') timed inside Python, on the same seeded data with a decaying spectrum.
// Run alone: npx tsx scripts/bench/analysisPca.ts [--quick]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PCA as MlPca } from 'ml-pca';
import { fitPca, type PcaFit } from '../../src/analysis/pca';
import { readNpyFloat32, writeNpy } from '../../src/data/npy';
import { createRng } from '../../src/data/random';
import type { Matrix } from '../../src/data/types';
import { initBackend } from '../../src/model/backend';
import { median } from './lib/stats';

const SEED = 20240612;
const FULL = { rows: 5000, cols: 768, k: 50 };
const QUICK = { rows: 2000, cols: 384, k: 50 };
/** Timed fits of ours and of scikit-learn (after one untimed warm-up each); ml-pca runs once, it is slow. */
const REPEATS = 5;
const PYTHON = process.env.REPSCOPE_PYTHON ?? '/usr/bin/python3';
/** Random reflections composing the rotation that hides the spectrum's axes. */
const REFLECTIONS = 8;

/**
 * Rows with standard deviation 4·(1 + j)^(−0.8) along direction j (a smooth power-law decay, as
 * residual streams show), rotated by a product of random reflections, plus a random mean.
 */
export function decayingData(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed);
  const stds = Array.from({ length: cols }, (_, j) => 4 * (1 + j) ** -0.8);
  const reflections = Array.from({ length: REFLECTIONS }, () => {
    const v = Float64Array.from({ length: cols }, () => rng.normal());
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
  const mean = Float64Array.from({ length: cols }, () => rng.normal());
  const data = new Float32Array(rows * cols);
  const row = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) row[j] = rng.normal() * stds[j];
    for (const v of reflections) {
      let dot = 0;
      for (let j = 0; j < cols; j++) dot += v[j] * row[j];
      for (let j = 0; j < cols; j++) row[j] -= 2 * dot * v[j];
    }
    for (let j = 0; j < cols; j++) data[i * cols + j] = row[j] + mean[j];
  }
  return { data, rows, cols };
}

function timeOurs(x: Matrix, k: number, repeats: number, warmUp: boolean): { ms: number[]; fit: PcaFit } {
  let fit = warmUp ? fitPca(x, { k }) : null; // warm-up: wasm kernels and first allocations
  const ms: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    fit = fitPca(x, { k });
    ms.push(performance.now() - start);
  }
  return { ms, fit: fit! };
}

function timeMlPca(x: Matrix): number {
  const rows = Array.from({ length: x.rows }, (_, i) => Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols)));
  const start = performance.now();
  new MlPca(rows); // its default: an SVD of the centred data
  return performance.now() - start;
}

const PYTHON_SCRIPT = `
import json, sys, time, numpy as np
from sklearn.decomposition import PCA
x = np.load(sys.argv[1])  # float32, fitted as given (scikit-learn keeps float32)
k, repeats = int(sys.argv[2]), int(sys.argv[3])
PCA(n_components=k, svd_solver='full').fit(x)  # warm-up: BLAS threads, first allocations
times = []
for _ in range(repeats):
    start = time.perf_counter()
    pca = PCA(n_components=k, svd_solver='full').fit(x)
    times.append(time.perf_counter() - start)
np.save(sys.argv[4], np.ascontiguousarray(pca.components_, dtype=np.float32))
print(json.dumps({"ms": [t * 1000 for t in times], "ratio": pca.explained_variance_ratio_.tolist()}))
`;

interface SklearnRun {
  ms: number[];
  ratio: number[];
  components: Float32Array;
}

function runSklearn(x: Matrix, k: number, repeats: number): SklearnRun | string {
  try {
    execFileSync(PYTHON, ['-c', 'import sklearn, numpy'], { stdio: 'ignore', timeout: 60_000 });
  } catch {
    return `skipped: ${PYTHON} lacks scikit-learn (apt-get install -y python3-sklearn, or set REPSCOPE_PYTHON)`;
  }
  const dir = mkdtempSync(join(tmpdir(), 'repscope-pca-bench-'));
  try {
    writeFileSync(join(dir, 'x.npy'), writeNpy(x.data, [x.rows, x.cols]));
    const args = ['-c', PYTHON_SCRIPT, join(dir, 'x.npy'), String(k), String(repeats), join(dir, 'c.npy')];
    const out = JSON.parse(execFileSync(PYTHON, args, { encoding: 'utf8', timeout: 600_000 })) as { ms: number[]; ratio: number[] };
    const components = readNpyFloat32(new Uint8Array(readFileSync(join(dir, 'c.npy')))).data;
    return { ...out, components };
  } catch (error) {
    return `failed: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Largest ratio difference and smallest |cos| between our components and scikit-learn's (up to sign). */
function agreement(fit: PcaFit, peer: SklearnRun, d: number): { ratio: number; cos: number } {
  let ratio = 0;
  let cos = 1;
  for (let i = 0; i < fit.components.rows; i++) {
    ratio = Math.max(ratio, Math.abs(fit.explainedVarianceRatio[i] - peer.ratio[i]));
    let dot = 0;
    for (let j = 0; j < d; j++) dot += fit.components.data[i * d + j] * peer.components[i * d + j];
    cos = Math.min(cos, Math.abs(dot));
  }
  return { ratio, cos };
}

const ms = (value: number): string => `${value.toFixed(0)} ms`;

/** Runs the comparison; quick uses 2000×384 and two repetitions. */
export async function benchPca(options: { quick: boolean }): Promise<{ lines: string[]; results: Record<string, number> }> {
  const shape = options.quick ? QUICK : FULL;
  const repeats = options.quick ? 2 : REPEATS;
  await initBackend('wasm');
  const x = decayingData(shape.rows, shape.cols, SEED);
  const lines = [`PCA top ${shape.k} of ${shape.rows}×${shape.cols} (power-law spectrum, seed ${SEED}), tfjs wasm`];
  // Half of our runs before scikit-learn's and half after, so that drift in a shared machine's load
  // hits both sides alike.
  const before = timeOurs(x, shape.k, Math.ceil(repeats / 2), true);
  const peer = runSklearn(x, shape.k, repeats);
  const ours = timeOurs(x, shape.k, Math.floor(repeats / 2), false);
  ours.ms.unshift(...before.ms);
  const oursMs = median(ours.ms);
  lines.push(`  repscope      ${ms(oursMs)} (median of ${ours.ms.length}: ${ours.ms.map(ms).join(', ')})`);
  const results: Record<string, number> = { pca_ms: oursMs };
  if (typeof peer === 'string') {
    lines.push(`  scikit-learn  ${peer}`);
  } else {
    const peerMs = median(peer.ms);
    const { ratio, cos } = agreement(ours.fit, peer, shape.cols);
    lines.push(`  scikit-learn  ${ms(peerMs)} (full SVD, float32, median of ${repeats}; fit only, inside Python)`);
    lines.push(`  repscope ÷ scikit-learn ×${(oursMs / peerMs).toFixed(2)} (goal ≤ 2); max |Δ ratio| ${ratio.toExponential(1)}, min |cos| ${cos.toFixed(6)}`);
    Object.assign(results, { pca_sklearn_ms: peerMs, pca_ratio_vs_sklearn: oursMs / peerMs, pca_max_ratio_diff: ratio, pca_min_cos: cos });
  }
  const mlMs = timeMlPca(x);
  lines.push(`  ml-pca        ${ms(mlMs)} (one run, its default SVD); speed-up ×${(mlMs / oursMs).toFixed(1)} (goal ≥ 20)`);
  Object.assign(results, { pca_mlpca_ms: mlMs, pca_speedup_vs_mlpca: mlMs / oursMs });
  return { lines, results };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { lines, results } = await benchPca({ quick: process.argv.includes('--quick') });
  console.log(lines.join('\n'));
  console.log(JSON.stringify(results));
}
