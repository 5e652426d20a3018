// `repscope pca X.npy` and `repscope cka A.npy B.npy`: output files and shapes, agreement with the
// scikit-learn fixtures, notes for k beyond the rank, and one-line errors for bad input.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNpyFloat32, writeNpy } from '../../src/data/npy';
import { expectCliError, readNpyFile, removeDir, runCli, tempDir } from './harness';

const FIXTURES = fileURLToPath(new URL('../fixtures/analysis/pca/', import.meta.url));
const fixture = (name: string) => path.join(FIXTURES, name);
let tmp: string;

beforeAll(async () => {
  tmp = await tempDir();
});
afterAll(() => removeDir(tmp));

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));
/** Fixture arrays of any dtype (the references are float64), through the library's own reader. */
const readFixture = async (name: string) => readNpyFloat32(new Uint8Array(await readFile(fixture(name)))).data;

describe('repscope pca', () => {
  it('writes components [k, d], projected [n, k] and the ratios, matching scikit-learn', async () => {
    const run = await runCli(['pca', fixture('aniso_x.npy'), '--k', '4', '--out', 'out'], tmp);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^wrote out\/components\.npy float32 \[4, 40\]\nwrote out\/projected\.npy float32 \[500, 4\]\nwrote out\/explained_variance_ratio\.json \(4 components, [\d.]+% of the variance\)\n$/);
    const components = await readNpyFile(path.join(tmp, 'out', 'components.npy'));
    const projected = await readNpyFile(path.join(tmp, 'out', 'projected.npy'));
    expect(components.shape).toEqual([4, 40]);
    expect(projected.shape).toEqual([500, 4]);
    const ratios: number[] = await readJson(path.join(tmp, 'out', 'explained_variance_ratio.json'));
    const expectedRatios = await readFixture('aniso_ratio.npy');
    expect(ratios).toHaveLength(4);
    ratios.forEach((r, i) => expect(Math.abs(r - expectedRatios[i])).toBeLessThan(1e-4));
    const expectedComponents = await readFixture('aniso_components.npy');
    for (let i = 0; i < 4; i++) {
      let dot = 0;
      for (let j = 0; j < 40; j++) dot += components.data[i * 40 + j] * expectedComponents[i * 40 + j];
      expect(Math.abs(dot)).toBeGreaterThan(0.9999);
    }
  });

  it('standardizes on request and defaults to 50 components or the rank, saying when k was cut', async () => {
    const run = await runCli(['pca', fixture('lowrank_x.npy'), '--k', '10', '--out', path.join(tmp, 'low')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('note: asked for 10 components but the data has rank 5; returned 5\n');
    expect((await readNpyFile(path.join(tmp, 'low', 'components.npy'))).shape).toEqual([5, 40]);
    const standardized = await runCli(['pca', fixture('standardized_x.npy'), '--standardize', '--out', path.join(tmp, 'std')]);
    expect(standardized.code, standardized.stderr).toBe(0);
    expect((await readNpyFile(path.join(tmp, 'std', 'projected.npy'))).shape).toEqual([300, 11]); // 12 columns, one constant
  });

  it('fails with one error line on bad flags, unreadable or non-2-D files, too few rows and NaN', async () => {
    const out = ['--out', path.join(tmp, 'never')];
    expectCliError(await runCli(['pca', '--k', '3']), '"repscope pca" needs X.npy');
    expectCliError(await runCli(['pca', fixture('aniso_x.npy'), '--k', '0', ...out]), '--k must be at least 1');
    expectCliError(await runCli(['pca', fixture('aniso_x.npy'), '--k', 'two', ...out]), '--k must be a non-negative integer');
    expectCliError(await runCli(['pca', path.join(tmp, 'absent.npy'), ...out]), 'cannot read');
    await writeFile(path.join(tmp, 'vector.npy'), writeNpy(new Float32Array(4), [4]));
    expectCliError(await runCli(['pca', 'vector.npy', ...out], tmp), 'vector.npy has shape [4]; PCA needs a 2-D array [samples, features]');
    await writeFile(path.join(tmp, 'text.npy'), 'not numpy');
    expectCliError(await runCli(['pca', 'text.npy', ...out], tmp), 'text.npy is not a readable .npy file');
    await writeFile(path.join(tmp, 'one.npy'), writeNpy(new Float32Array(3), [1, 3]));
    expectCliError(await runCli(['pca', 'one.npy', ...out], tmp), 'one.npy: PCA input has 1 row(s) but PCA needs at least 2; pass more samples');
    await writeFile(path.join(tmp, 'nan.npy'), writeNpy(Float32Array.from([1, 2, 3, NaN, 5, 6]), [3, 2]));
    expectCliError(await runCli(['pca', 'nan.npy', ...out], tmp), 'nan.npy: PCA input has NaN at row 1, column 1');
  });
});

describe('repscope cka', () => {
  it('prints the linear CKA of two files within 1e-4 of numpy', async () => {
    const { cka } = await readJson(path.join(FIXTURES, 'index.json'));
    const run = await runCli(['cka', fixture('cka_a.npy'), fixture('cka_d.npy')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^0\.\d{6}\n$/);
    expect(Math.abs(Number(run.stdout) - cka.matrix[0][3])).toBeLessThan(1e-4);
    const same = await runCli(['cka', fixture('cka_b.npy'), fixture('cka_b.npy'), '--backend', 'cpu']);
    expect(same.stdout).toBe('1.000000\n');
  });

  it('fails with one error line on a wrong file count, different row counts, NaN and constant input', async () => {
    expectCliError(await runCli(['cka', fixture('cka_a.npy')]), '"repscope cka" takes two files, A.npy and B.npy; got 1');
    await writeFile(path.join(tmp, 'short.npy'), writeNpy(new Float32Array(20), [10, 2]));
    expectCliError(await runCli(['cka', fixture('cka_a.npy'), path.join(tmp, 'short.npy')]), 'has 300 rows but', 'short.npy has 10');
    await writeFile(path.join(tmp, 'inf.npy'), writeNpy(Float32Array.from([1, 2, Infinity, 4]), [2, 2]));
    await writeFile(path.join(tmp, 'pair.npy'), writeNpy(Float32Array.from([1, 2, 3, 5]), [2, 2]));
    expectCliError(await runCli(['cka', 'pair.npy', 'inf.npy'], tmp), 'inf.npy has Infinity at row 1, column 0');
    await writeFile(path.join(tmp, 'flat.npy'), writeNpy(Float32Array.from([7, 7, 7, 7]), [2, 2]));
    expectCliError(await runCli(['cka', 'pair.npy', 'flat.npy'], tmp), 'CKA is undefined because flat.npy has no variance');
  });
});
