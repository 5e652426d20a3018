// `repscope umap X.npy --out Y.npy`: the embedding's file and shape, progress on stderr, options,
// reproducibility for a seed, and one-line errors for bad input.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../src/data/npy';
import { createRng } from '../../src/data/random';
import { expectCliError, readNpyFile, removeDir, runCli, tempDir } from './harness';

const ROWS = 120;
const COLS = 6;
let tmp: string;
let input: string;

beforeAll(async () => {
  tmp = await tempDir();
  const rng = createRng(3);
  // Two noisy clusters joined by a bridge, so the neighbour graph is connected.
  const data = Float32Array.from({ length: ROWS * COLS }, (_, i) => rng.normal() + (Math.floor(i / COLS) / ROWS) * 8);
  input = path.join(tmp, 'x.npy');
  await writeFile(input, writeNpy(data, [ROWS, COLS]));
});
afterAll(() => removeDir(tmp));

describe('repscope umap', () => {
  it('writes a float32 [rows, 2] embedding, reports progress on stderr and one line on stdout', async () => {
    const run = await runCli(['umap', 'x.npy', '--out', 'y.npy', '--epochs', '50', '--backend', 'cpu'], tmp);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('wrote y.npy float32 [120, 2]\n');
    expect(run.stderr).toMatch(/umap: 120×6, neighbour graph and spectral layout ready after [\d.]+ s; 50 epochs/);
    expect(run.stderr).toMatch(/umap: epoch 5\/50 .*\n[^]*umap: epoch 50\/50/);
    const y = await readNpyFile(path.join(tmp, 'y.npy'));
    expect(y.shape).toEqual([ROWS, 2]);
    expect(y.data.every(Number.isFinite)).toBe(true);
  });

  it('gives the same bytes for the same seed and options, and others for another seed', async () => {
    const args = ['--neighbors', '10', '--min-dist', '0.3', '--metric', 'cosine', '--epochs', '30', '--init', 'random'];
    for (const [name, seed] of [['a', '4'], ['b', '4'], ['c', '5']]) {
      const run = await runCli(['umap', input, '--out', path.join(tmp, `${name}.npy`), '--seed', seed, ...args]);
      expect(run.code, run.stderr).toBe(0);
    }
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((name) => readFile(path.join(tmp, `${name}.npy`))));
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('writes [rows, 3] with --components 3', async () => {
    const run = await runCli(['umap', input, '--out', path.join(tmp, 'three.npy'), '--components', '3', '--epochs', '10']);
    expect(run.code, run.stderr).toBe(0);
    expect((await readNpyFile(path.join(tmp, 'three.npy'))).shape).toEqual([ROWS, 3]);
  });

  it('fails with one error line on bad flags, missing files, non-2-D arrays and NaN', async () => {
    const out = path.join(tmp, 'never.npy');
    expectCliError(await runCli(['umap', input]), 'missing --out');
    expectCliError(await runCli(['umap', input, '--out', out, '--metric', 'manhattan']), '--metric must be euclidean, cosine');
    expectCliError(await runCli(['umap', input, '--out', out, '--neighbors', 'many']), '--neighbors must be a non-negative integer');
    expectCliError(await runCli(['umap', path.join(tmp, 'absent.npy'), '--out', out]), 'cannot read');
    const vector = path.join(tmp, 'vector.npy');
    await writeFile(vector, writeNpy(new Float32Array(10), [10]));
    expectCliError(await runCli(['umap', vector, '--out', out]), 'has shape [10]; UMAP needs a 2-D array');
    const text = path.join(tmp, 'text.npy');
    await writeFile(text, 'not numpy');
    expectCliError(await runCli(['umap', text, '--out', out]), 'is not a readable .npy file');
    const nan = path.join(tmp, 'nan.npy');
    await writeFile(nan, writeNpy(Float32Array.from({ length: 40 }, (_, i) => (i === 13 ? NaN : i)), [10, 4]));
    expectCliError(await runCli(['umap', nan, '--out', out]), 'NaN at row 3, column 1');
  });

  it('is listed in the top-level help and has its own', async () => {
    expect((await runCli(['--help'])).stdout).toMatch(/umap +embed the rows of a 2-D \.npy with UMAP/);
    expect((await runCli(['help', 'umap'])).stdout).toMatch(/Usage: repscope umap X\.npy --out Y\.npy/);
  });
});
