// UMAP benchmark: our UMAP against umap-js (the JS peer, its defaults) and, when Debian's Python has it,
// umap-learn, on the same seeded 5000×128 clustered data in one run; time and trustworthiness (k = 15).
// Run alone: npx tsx scripts/bench/analysisUmap.ts [--quick]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UMAP } from 'umap-js';
import { trustworthiness } from '../../src/analysis/trustworthiness';
import { initUmap } from '../../src/analysis/umap';
import { readNpyFloat32, writeNpy } from '../../src/data/npy';
import { createRng, type Rng } from '../../src/data/random';
import type { Matrix } from '../../src/data/types';
import { initBackend } from '../../src/model/backend';
import { median } from './lib/stats';

const SEED = 20240611;
const FULL = { rows: 5000, cols: 128, clusters: 10 };
const QUICK = { rows: 2000, cols: 128, clusters: 10 };
const TRUST_K = 15;
/** Alternating repetitions of ours and umap-js in the full run. */
const REPEATS = 2;
/** Interpreters tried for umap-learn: $REPSCOPE_PYTHON, the PATH's python3, then Debian's (which has it after apt-get). */
const PYTHONS = [process.env.REPSCOPE_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => p !== undefined && p !== '');

/**
 * Clusters with structure: centres along a random smooth closed curve, each cluster stretched along its
 * own 6 random directions plus isotropic noise, unequal sizes; a tenth of the points lie along the curve
 * between clusters (a trajectory), which links neighbouring clusters as in real representations.
 */
export function clusteredData(rows: number, cols: number, clusters: number, rng: Rng): Matrix {
  const data = new Float32Array(rows * cols);
  const curve = Array.from({ length: 4 }, () => Float64Array.from({ length: cols }, () => rng.normal() * 4));
  const curveAt = (t: number, j: number): number =>
    curve[0][j] * Math.cos(t) + curve[1][j] * Math.sin(t) + curve[2][j] * Math.cos(2 * t) * 0.5 + curve[3][j] * Math.sin(3 * t) * 0.3;
  const weights = Array.from({ length: clusters }, () => 0.5 + rng.next());
  const total = weights.reduce((a, b) => a + b, 0);
  const bridge = Math.round(rows / 10);
  let row = 0;
  for (let c = 0; c < clusters; c++) {
    const t = (2 * Math.PI * c) / clusters;
    const axes = Array.from({ length: 6 }, () => Float64Array.from({ length: cols }, () => rng.normal() * 0.35));
    const count = c === clusters - 1 ? rows - bridge - row : Math.round(((rows - bridge) * weights[c]) / total);
    for (let r = 0; r < count; r++, row++) {
      const coefs = axes.map(() => rng.normal());
      for (let j = 0; j < cols; j++) {
        let v = curveAt(t, j) + rng.normal() * 0.6;
        for (let a = 0; a < axes.length; a++) v += coefs[a] * axes[a][j];
        data[row * cols + j] = v;
      }
    }
  }
  for (; row < rows; row++) {
    const t = 2 * Math.PI * rng.next();
    for (let j = 0; j < cols; j++) data[row * cols + j] = curveAt(t, j) + rng.normal() * 0.6;
  }
  return { data, rows, cols };
}

function toRows(x: Matrix): number[][] {
  return Array.from({ length: x.rows }, (_, i) => Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols)));
}

function fromRows(rows: number[][]): Matrix {
  const cols = rows[0]?.length ?? 0;
  const data = new Float32Array(rows.length * cols);
  rows.forEach((r, i) => data.set(r, i * cols));
  return { data, rows: rows.length, cols };
}

async function runOurs(x: Matrix): Promise<{ initMs: number; sgdMs: number; y: Matrix; notes: readonly string[]; init: string; epochs: number }> {
  const start = performance.now();
  const run = await initUmap(x, { seed: 0 });
  const initMs = performance.now() - start;
  run.step();
  return { initMs, sgdMs: performance.now() - start - initMs, y: run.result(), notes: run.notes, init: run.init, epochs: run.options.nEpochs };
}

function runUmapJs(x: Matrix): { initMs: number; sgdMs: number; y: Matrix; epochs: number } {
  const rows = toRows(x);
  const start = performance.now();
  const umap = new UMAP({ nComponents: 2, nNeighbors: 15, minDist: 0.1, random: createRng(0).next });
  const epochs = umap.initializeFit(rows);
  const initMs = performance.now() - start;
  for (let e = 0; e < epochs; e++) umap.step();
  const y = fromRows(umap.getEmbedding());
  return { initMs, sgdMs: performance.now() - start - initMs, y, epochs };
}

const PYTHON_SCRIPT = `
import sys, time, numpy as np, umap
x = np.load(sys.argv[1])
times = []
for _ in range(2):  # the first fit includes numba's compilation ("cold"), the second is warm
    start = time.perf_counter()
    y = umap.UMAP(n_neighbors=15, min_dist=0.1, random_state=0).fit_transform(x)
    times.append(time.perf_counter() - start)
np.save(sys.argv[2], y.astype(np.float32))
print(times[0], times[1])
`;

function findPython(): string | null {
  for (const python of PYTHONS) {
    try {
      execFileSync(python, ['-c', 'import umap, numpy'], { stdio: 'ignore', timeout: 60_000 });
      return python;
    } catch {
      // not this one
    }
  }
  return null;
}

function runUmapLearn(x: Matrix): { coldMs: number; warmMs: number; y: Matrix } | string {
  const python = findPython();
  if (python === null) return 'skipped: no python3 with umap-learn (apt-get install -y umap-learn)';
  const dir = mkdtempSync(join(tmpdir(), 'repscope-umap-bench-'));
  try {
    writeFileSync(join(dir, 'x.npy'), writeNpy(x.data, [x.rows, x.cols]));
    const out = execFileSync(python, ['-c', PYTHON_SCRIPT, join(dir, 'x.npy'), join(dir, 'y.npy')], { encoding: 'utf8', timeout: 600_000 });
    const [cold, warm] = out.trim().split(/\s+/).map(Number);
    const y = readNpyFloat32(new Uint8Array(readFileSync(join(dir, 'y.npy'))));
    return { coldMs: cold * 1000, warmMs: warm * 1000, y: { data: y.data, rows: y.shape[0], cols: y.shape[1] } };
  } catch (error) {
    return `failed: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

interface Section {
  lines: string[];
  results: Record<string, number>;
}

/**
 * Ours and umap-js, alternated (ours, umap-js, ours, umap-js) so that drift in a shared machine's load
 * hits both; each run is deterministic, so only the times differ between repetitions.
 */
async function compareWithUmapJs(x: Matrix, repeats: number): Promise<Section> {
  const oursRuns: Awaited<ReturnType<typeof runOurs>>[] = [];
  const peerRuns: ReturnType<typeof runUmapJs>[] = [];
  for (let rep = 0; rep < repeats; rep++) {
    oursRuns.push(await runOurs(x));
    peerRuns.push(runUmapJs(x));
  }
  const [ours, peer] = [oursRuns[0], peerRuns[0]];
  const mid = (runs: { initMs: number; sgdMs: number }[], pick: (r: { initMs: number; sgdMs: number }) => number): number => median(runs.map(pick));
  const [oursInit, oursSgd, oursMs] = [mid(oursRuns, (r) => r.initMs), mid(oursRuns, (r) => r.sgdMs), mid(oursRuns, (r) => r.initMs + r.sgdMs)];
  const [peerInit, peerSgd, peerMs] = [mid(peerRuns, (r) => r.initMs), mid(peerRuns, (r) => r.sgdMs), mid(peerRuns, (r) => r.initMs + r.sgdMs)];
  const oursTrust = trustworthiness(x, ours.y, TRUST_K);
  const peerTrust = trustworthiness(x, peer.y, TRUST_K);
  const speedup = peerMs / oursMs;
  const perEpoch = peerSgd / peer.epochs / (oursSgd / ours.epochs);
  const reps = `median of ${repeats}`;
  const notes = ours.notes.length ? `  [${ours.notes.join('; ')}]` : '';
  return {
    lines: [
      `  repscope   ${seconds(oursMs)} (${reps}; kNN + graph + ${ours.init} init ${seconds(oursInit)}, SGD ${seconds(oursSgd)} for ${ours.epochs} epochs)  trustworthiness ${oursTrust.toFixed(4)}${notes}`,
      `  umap-js    ${seconds(peerMs)} (${reps}; NN-descent + graph ${seconds(peerInit)}, SGD ${seconds(peerSgd)} for ${peer.epochs} epochs)  trustworthiness ${peerTrust.toFixed(4)}`,
      `  speed-up over umap-js ×${speedup.toFixed(2)} overall, ×${(peerInit / oursInit).toFixed(2)} graph, ×${perEpoch.toFixed(2)} per epoch; trustworthiness difference ${(oursTrust - peerTrust).toFixed(4)}`,
    ],
    results: {
      umap_ms: oursMs, umap_init_ms: oursInit, umap_sgd_ms: oursSgd, umap_trustworthiness: oursTrust,
      umapjs_ms: peerMs, umapjs_init_ms: peerInit, umapjs_sgd_ms: peerSgd, umapjs_trustworthiness: peerTrust, umap_speedup_vs_umapjs: speedup,
    },
  };
}

function compareWithUmapLearn(x: Matrix): Section {
  const learn = runUmapLearn(x);
  if (typeof learn === 'string') return { lines: [`  umap-learn ${learn}`], results: {} };
  const trust = trustworthiness(x, learn.y, TRUST_K);
  return {
    lines: [`  umap-learn ${seconds(learn.warmMs)} warm, ${seconds(learn.coldMs)} cold (numba compiles)  trustworthiness ${trust.toFixed(4)}  (informational)`],
    results: { umaplearn_warm_ms: learn.warmMs, umaplearn_cold_ms: learn.coldMs, umaplearn_trustworthiness: trust },
  };
}

/** Runs the comparison; quick uses 2000 rows, one repetition, and skips umap-learn. */
export async function benchUmap(options: { quick: boolean }): Promise<{ lines: string[]; results: Record<string, number> }> {
  const shape = options.quick ? QUICK : FULL;
  await initBackend('wasm');
  const x = clusteredData(shape.rows, shape.cols, shape.clusters, createRng(SEED));
  const title = `UMAP on ${shape.rows}×${shape.cols} (${shape.clusters} structured Gaussian clusters, seed ${SEED}), tfjs wasm; trustworthiness k = ${TRUST_K}`;
  const peer = await compareWithUmapJs(x, options.quick ? 1 : REPEATS);
  const learn = options.quick ? { lines: ['  umap-learn skipped (--quick)'], results: {} } : compareWithUmapLearn(x);
  return { lines: [title, ...peer.lines, ...learn.lines], results: { ...peer.results, ...learn.results } };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { lines, results } = await benchUmap({ quick: process.argv.includes('--quick') });
  console.log(lines.join('\n'));
  console.log(JSON.stringify(results));
}
