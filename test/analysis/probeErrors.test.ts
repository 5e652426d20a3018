// Degenerate inputs to the probes: each gets a defined result or an error that says what to do.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { explicitFolds, kFolds, stratifiedFolds } from '../../src/analysis/folds';
import { probeLayers } from '../../src/analysis/probe';
import { controlLabels, sampleGroups } from '../../src/analysis/probeControl';
import { encodeLabels } from '../../src/analysis/probeLabels';
import type { Matrix } from '../../src/data/types';
import { initBackend } from '../../src/model/backend';

beforeAll(async () => {
  await initBackend('wasm');
});

function matrix(rows: number, cols: number, f: (i: number, j: number) => number): Matrix {
  return { data: Float32Array.from({ length: rows * cols }, (_, t) => f(Math.floor(t / cols), t % cols)), rows, cols };
}

const x20 = matrix(20, 3, (i, j) => Math.sin(i * 3 + j) + (i % 2) * 2);
const y20 = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'a' : 'b'));

describe('probe inputs that cannot work say what to do', () => {
  it('needs at least two classes', async () => {
    await expect(probeLayers([x20], new Array(20).fill('cat'))).rejects.toThrow(/at least two classes.*every sample is "cat".*label samples of at least two kinds/);
  });

  it('names the layer, row and column of a NaN', async () => {
    const bad = { ...x20, data: x20.data.slice() };
    bad.data[7 * 3 + 2] = NaN;
    await expect(probeLayers([x20, bad], y20)).rejects.toThrow(/layer 1 activations has NaN at row 7, column 2.*drop or impute/);
  });

  it('rejects a class of one sample, and a missing label', async () => {
    const labels = [...y20.slice(0, 19), 'c'];
    await expect(probeLayers([x20], labels)).rejects.toThrow(/only one sample.*add samples of that class or drop it/);
    await expect(probeLayers([x20], [...y20.slice(0, 19), NaN])).rejects.toThrow(/label of sample 19 is NaN/);
  });

  it('uses fewer folds, with a note, when a class has fewer samples than folds', async () => {
    const labels = y20.map((v, i) => (i < 3 ? 'c' : v));
    const report = await probeLayers([x20], labels, { folds: 5 });
    expect(report.k).toBe(3);
    expect(report.notes.join(' ')).toMatch(/used 3 folds instead of 5.*smallest class has only 3 samples/);
  });

  it('rejects mismatched shapes and bad options', async () => {
    await expect(probeLayers([x20], y20.slice(1))).rejects.toThrow(/20 rows but there are 19 labels/);
    await expect(probeLayers([x20, matrix(20, 4, () => 1)], y20)).rejects.toThrow(/layer 1 activations have 4 columns but layer 0 has 3/);
    await expect(probeLayers([], y20)).rejects.toThrow(/no layers given/);
    await expect(probeLayers([x20], y20, { C: 0 })).rejects.toThrow(/C must be a finite number > 0/);
    await expect(probeLayers([x20], y20, { folds: 1 })).rejects.toThrow(/at least 2 folds/);
    await expect(probeLayers([x20], y20, { cGrid: [] })).rejects.toThrow(/cGrid is empty/);
  });

  it('accepts zero-variance features and constant layers with defined results', async () => {
    const constantColumn = matrix(20, 3, (i, j) => (j === 1 ? 5 : Math.cos(i + j) + (i % 2)));
    const flat = matrix(20, 3, () => 1);
    const before = tf.memory().numTensors;
    const report = await probeLayers([constantColumn, flat], y20);
    expect(tf.memory().numTensors).toBe(before);
    expect(report.layers[0].accuracy.mean).toBeGreaterThan(0.8);
    // Identical rows carry nothing: the probe falls back to the intercept, i.e. a majority vote.
    expect(report.layers[1].accuracy.mean).toBeCloseTo(report.layers[1].majority.mean, 10);
  });
});

describe('folds and baseline labels', () => {
  it('stratified folds balance classes and fold sizes, reproducibly', () => {
    const labels = Int32Array.from({ length: 103 }, (_, i) => (i < 70 ? 0 : i < 95 ? 1 : 2));
    const { foldIds, k } = stratifiedFolds(labels, { k: 5, seed: 4 });
    const sizes = Array.from({ length: k }, (_, f) => foldIds.filter((g) => g === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const c of [0, 1, 2]) {
      const perFold = Array.from({ length: k }, (_, f) => foldIds.filter((g, i) => g === f && labels[i] === c).length);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
    expect(stratifiedFolds(labels, { k: 5, seed: 4 }).foldIds).toEqual(foldIds);
  });

  it('explicit fold ids are checked', () => {
    expect(() => explicitFolds([0, 1, 3, 0], 4)).toThrow(/skip fold 2/);
    expect(() => explicitFolds([0, 1, 1.5, 0], 4)).toThrow(/whole numbers/);
    expect(() => explicitFolds([0, 1], 3)).toThrow(/one fold id per sample/);
    expect(() => explicitFolds([0, 0, 0], 3)).toThrow(/at least 2 folds/);
    expect(kFolds(3, { k: 5 }).notes[0]).toMatch(/used 3 folds/);
  });

  it('control labels are shared within a group and drawn from the label distribution', () => {
    const labels = encodeLabels(['x', 'y', 'x', 'y', 'x', 'y', 'x', 'y']).index;
    const groups = sampleGroups([x20], Array.from({ length: 20 }, (_, i) => i % 4));
    expect(Array.from(groups.slice(0, 8))).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    const control = controlLabels(labels, groups.slice(0, 8), 0);
    for (let i = 0; i < 4; i++) expect(control[i + 4]).toBe(control[i]);
    const duplicates = matrix(6, 2, (i) => i % 3);
    expect(Array.from(sampleGroups([duplicates]))).toEqual([0, 1, 2, 0, 1, 2]);
  });
});
