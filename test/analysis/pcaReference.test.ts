// fitPca and applyPca against scikit-learn's full-SVD PCA on the datasets of
// scripts/reference/pca_reference.py (test/fixtures/analysis/pca): ratios, variances, directions
// up to sign, projections, and k beyond the rank.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyPca, fitPca } from '../../src/analysis/pca';
import { readNpyFloat32 } from '../../src/data/npy';
import { asMatrix, type Matrix } from '../../src/data/types';
import { initBackend } from '../../src/model/backend';

const FIXTURES = fileURLToPath(new URL('../fixtures/analysis/pca/', import.meta.url));

interface DatasetEntry {
  name: string;
  x: string;
  rows: number;
  cols: number;
  k: number;
  standardize: boolean;
  rank: number;
  distinct: number[];
  components: string;
  explainedVariance: string;
  explainedVarianceRatio: string;
  projected: string;
  projectedRows: number;
  totalVariance: number;
}

async function load(file: string): Promise<{ shape: number[]; data: Float32Array }> {
  return readNpyFloat32(new Uint8Array(await readFile(path.join(FIXTURES, file))));
}

async function loadMatrix(file: string): Promise<Matrix> {
  const { shape, data } = await load(file);
  return asMatrix(data, shape[0], shape[1]);
}

function rowDot(a: Matrix, i: number, b: Matrix, j: number): number {
  let sum = 0;
  for (let t = 0; t < a.cols; t++) sum += a.data[i * a.cols + t] * b.data[j * b.cols + t];
  return sum;
}

const index = JSON.parse(await readFile(path.join(FIXTURES, 'index.json'), 'utf8')) as { datasets: DatasetEntry[]; sklearn: string };

beforeAll(async () => {
  await initBackend('wasm');
});

describe.each(index.datasets)('fitPca on the $name fixture matches scikit-learn', (entry) => {
  let x: Matrix;
  let fit: ReturnType<typeof fitPca>;
  beforeAll(async () => {
    x = await loadMatrix(entry.x);
    fit = fitPca(x, { k: entry.k, standardize: entry.standardize });
  });

  it('returns the rank many components, and says so when k exceeded the rank', () => {
    expect(fit.components.rows).toBe(entry.rank);
    expect(fit.components.cols).toBe(entry.cols);
    if (entry.rank < entry.k) expect(fit.notes.join(' ')).toContain(`asked for ${entry.k} components but the data has rank ${entry.rank}`);
    else expect(fit.notes).toEqual([]);
  });

  it('has explained-variance ratios within 1e-4 and variances within 1e-4 relative', async () => {
    const ratio = (await load(entry.explainedVarianceRatio)).data;
    const variance = (await load(entry.explainedVariance)).data;
    for (let i = 0; i < entry.rank; i++) {
      expect(Math.abs(fit.explainedVarianceRatio[i] - ratio[i]), `component ${i}`).toBeLessThan(1e-4);
      expect(Math.abs(fit.explainedVariance[i] - variance[i]) / variance[0], `component ${i}`).toBeLessThan(1e-4);
    }
    expect(Math.abs(fit.totalVariance - entry.totalVariance) / entry.totalVariance).toBeLessThan(1e-6);
    expect(fit.nSamples).toBe(entry.rows);
  });

  it('finds every well-separated component with |cos| ≥ 0.9999', async () => {
    const expected = await loadMatrix(entry.components);
    expect(entry.distinct.length).toBeGreaterThanOrEqual(Math.min(5, entry.rank));
    for (const i of entry.distinct) {
      expect(Math.abs(rowDot(fit.components, i, expected, i)), `component ${i}`).toBeGreaterThanOrEqual(0.9999);
    }
  });

  it('projects rows as scikit-learn transform does, up to the sign of each component', async () => {
    const expected = await loadMatrix(entry.projected);
    const head = asMatrix(x.data.slice(0, entry.projectedRows * x.cols), entry.projectedRows, x.cols);
    const projected = applyPca(fit, head);
    expect([projected.rows, projected.cols]).toEqual([entry.projectedRows, entry.rank]);
    const reference = await loadMatrix(entry.components);
    for (const j of entry.distinct) {
      const sign = Math.sign(rowDot(fit.components, j, reference, j));
      const scale = Math.sqrt(fit.explainedVariance[0]);
      for (let i = 0; i < entry.projectedRows; i++) {
        const diff = Math.abs(projected.data[i * entry.rank + j] - sign * expected.data[i * entry.rank + j]);
        expect(diff / scale, `row ${i}, component ${j}`).toBeLessThan(1e-4);
      }
    }
  });
});

describe('fitPca', () => {
  it('leaves a constant column at zero when standardizing, with scale 1 there', async () => {
    const entry = index.datasets.find((d) => d.name === 'standardized')!;
    const fit = fitPca(await loadMatrix(entry.x), { k: entry.k, standardize: true });
    expect(fit.scale![7]).toBe(1);
    for (let i = 0; i < fit.components.rows; i++) expect(Math.abs(fit.components.data[i * entry.cols + 7])).toBeLessThan(1e-6);
  });

  it('releases every tensor it makes', async () => {
    const entry = index.datasets.find((d) => d.name === 'large')!;
    const x = await loadMatrix(entry.x);
    const before = tf.memory().numTensors;
    const fit = fitPca(x, { k: 20 });
    applyPca(fit, x);
    fitPca(await loadMatrix(index.datasets.find((d) => d.name === 'wide')!.x), { k: 5 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
