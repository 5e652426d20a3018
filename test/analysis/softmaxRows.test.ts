// The probe trainer's per-row kernel: the unrolled two-class loop gives the general loop's bits, both agree
// with a plain log-softmax and with a finite difference, and the gradient step reuses the line search's rows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globalColumns, TaskState } from '../../src/analysis/logisticTask';
import { evaluateAnyK, evaluateRows, type LineRows } from '../../src/analysis/softmaxRows';
import { createRng } from '../../src/data/random';

function randomRows(nRows: number, K: number, seed: number, spread = 3): LineRows {
  const rng = createRng(seed);
  return {
    z: Float64Array.from({ length: nRows * K }, () => spread * rng.normal()),
    dz: Float64Array.from({ length: nRows * K }, () => rng.normal()),
    y: Int32Array.from({ length: nRows }, () => Math.floor(rng.next() * K)),
    K,
  };
}

/** Σ cross-entropy at z + α·dz by the textbook formula, and P − Y. */
function reference(rows: LineRows, alpha: number): { loss: number; residual: Float64Array } {
  const { z, dz, y, K } = rows;
  const residual = new Float64Array(z.length);
  let loss = 0;
  for (let r = 0; r < y.length; r++) {
    const v = Array.from({ length: K }, (_, k) => z[r * K + k] + alpha * dz[r * K + k]);
    const max = Math.max(...v);
    const logSum = max + Math.log(v.reduce((s, x) => s + Math.exp(x - max), 0));
    loss += logSum - v[y[r]];
    for (let k = 0; k < K; k++) residual[r * K + k] = Math.exp(v[k] - logSum) - (k === y[r] ? 1 : 0);
  }
  return { loss, residual };
}

describe('evaluateRows', () => {
  it('gives the general loop\'s exact bits for two classes (any logits, steps and starting sums)', () => {
    const finite = fc.double({ min: -50, max: 50, noNaN: true });
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 40 }).chain((n) => fc.tuple(
        fc.float64Array({ minLength: 2 * n, maxLength: 2 * n, min: -30, max: 30, noNaN: true }),
        fc.float64Array({ minLength: 2 * n, maxLength: 2 * n, min: -30, max: 30, noNaN: true }),
        fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
      )),
      finite, finite, finite,
      ([z, dz, y], alpha, f, df) => {
        const rows = { z, dz, y: Int32Array.from(y), K: 2 };
        const [outTwo, outAny] = [new Float64Array(z.length), new Float64Array(z.length)];
        expect(evaluateRows(rows, alpha, f, df, outTwo)).toEqual(evaluateAnyK(rows, alpha, f, df, outAny));
        expect(outTwo).toEqual(outAny);
      },
    ), { numRuns: 300 });
  });

  for (const K of [2, 3, 5]) {
    it(`matches the textbook log-softmax and P − Y, with a slope that is the loss's derivative (K = ${K})`, () => {
      const rows = randomRows(50, K, K);
      const out = new Float64Array(rows.z.length);
      const at = (alpha: number) => evaluateRows(rows, alpha, 0, 0, new Float64Array(rows.z.length));
      const sums = evaluateRows(rows, 0.3, 1.5, -2, out);
      const ref = reference(rows, 0.3);
      expect(sums.data).toBeCloseTo(ref.loss, 10);
      expect(sums.f).toBeCloseTo(1.5 + ref.loss, 10);
      for (let i = 0; i < out.length; i++) expect(out[i]).toBeCloseTo(ref.residual[i], 12);
      const h = 1e-5;
      const slope = (at(0.3 + h).f - at(0.3 - h).f) / (2 * h);
      expect(sums.df + 2).toBeCloseTo(slope, 5);
    });
  }

  it('stays finite where the logits are far apart', () => {
    const rows = { z: Float64Array.from([800, -800, -800, 800]), dz: Float64Array.from([1, -1, 0, 0]), y: Int32Array.from([1, 1]), K: 2 };
    const out = new Float64Array(4);
    const sums = evaluateRows(rows, 1, 0, 0, out);
    expect(sums.data).toBeCloseTo(1602, 9);
    expect(Array.from(out)).toEqual([1, -1, 0, 0]);
  });
});

describe('TaskState', () => {
  function task(K: number, seed: number): TaskState {
    const rng = createRng(seed);
    const n = 60, d = 4;
    const data = Float32Array.from({ length: n * d }, () => rng.normal() + 5);
    const labels = Int32Array.from({ length: n }, (_, i) => i % K);
    const train = Int32Array.from({ length: n - 12 }, (_, i) => i + 7);
    const state = new TaskState({ train, labels, C: 0.7 }, n, d, globalColumns(data, n, d), true);
    for (let i = 0; i < state.dz.length; i++) state.dz[i] = rng.normal();
    for (let i = 0; i < state.z.length; i++) state.z[i] = rng.normal();
    return state;
  }

  for (const K of [2, 3]) {
    it(`takes the gradient's residuals from the line search when it accepted the last step it tried, with identical bits (K = ${K})`, () => {
      const [kept, recomputed] = [task(K, 10 + K), task(K, 10 + K)];
      const p = Float64Array.from({ length: kept.theta.length }, (_, i) => Math.sin(i));
      kept.lineFunction(p)(0.7);
      const line = recomputed.lineFunction(p);
      line(0.7);
      line(0.2); // the last evaluation is no longer the accepted step: the residuals are recomputed from z
      kept.advance(0.7, p);
      recomputed.advance(0.7, p);
      expect(recomputed.z).toEqual(kept.z);
      const outputs = [kept, recomputed].map((state) => {
        const residualT = new Float32Array(K * state.n).fill(9);
        const sums = new Float64Array(K);
        return { loss: state.residuals(residualT, 0, sums), residualT, sums };
      });
      expect(outputs[0]).toEqual(outputs[1]);
      const trainRows = new Set(kept.task.train);
      for (let i = 0; i < kept.n; i++) expect(outputs[0].residualT[i] === 9).toBe(!trainRows.has(i));
      expect(Math.abs(outputs[0].sums.reduce((a, b) => a + b, 0))).toBeLessThan(1e-9);
    });
  }
});
