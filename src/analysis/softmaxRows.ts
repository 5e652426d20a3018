// The per-row work of a softmax-regression line search, the probe trainer's hot loop: cross-entropy and
// its slope at logits z + α·dz, keeping P − Y for the gradient. Two classes (the usual probe) get an
// unrolled loop with the same arithmetic in the same order, so both paths give identical bits.

/** Logits of a task's training rows and their change per unit step, both nTrain×K row-major. */
export interface LineRows {
  z: Float64Array;
  dz: Float64Array;
  /** Local class of each training row. */
  y: Int32Array;
  K: number;
}

/** Sums over the rows at one step length; f and df start from the penalty's value and slope. */
export interface RowSums {
  f: number;
  df: number;
  /** The data loss alone (Σ cross-entropy, summed from 0). */
  data: number;
}

/**
 * Adds each row's cross-entropy at v = z + α·dz to f and data, and its slope along dz to df, and writes
 * P − Y into out (nTrain×K). exp(0) is exactly 1, so the largest logit of a row needs no exp.
 */
export function evaluateRows(rows: LineRows, alpha: number, f: number, df: number, out: Float64Array): RowSums {
  return rows.K === 2 ? evaluateTwo(rows, alpha, f, df, out) : evaluateAnyK(rows, alpha, f, df, out);
}

/** evaluateRows for any number of classes (exported so tests can hold the two-class loop to it). */
export function evaluateAnyK(rows: LineRows, alpha: number, f: number, df: number, out: Float64Array): RowSums {
  const { z, dz, y, K } = rows;
  const v = new Float64Array(K);
  let data = 0;
  for (let r = 0, base = 0; r < y.length; r++, base += K) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      v[k] = z[base + k] + alpha * dz[base + k];
      if (v[k] > max) max = v[k];
    }
    let sum = 0, weighted = 0;
    for (let k = 0; k < K; k++) {
      const e = (out[base + k] = v[k] === max ? 1 : Math.exp(v[k] - max));
      sum += e;
      weighted += e * dz[base + k];
    }
    const term = max + Math.log(sum) - v[y[r]];
    f += term;
    data += term;
    df += weighted / sum - dz[base + y[r]];
    for (let k = 0; k < K; k++) out[base + k] = out[base + k] / sum - (k === y[r] ? 1 : 0);
  }
  return { f, df, data };
}

/** evaluateRows for K = 2, unrolled. */
function evaluateTwo(rows: LineRows, alpha: number, f: number, df: number, out: Float64Array): RowSums {
  const { z, dz, y } = rows;
  let data = 0;
  for (let r = 0, base = 0; r < y.length; r++, base += 2) {
    const d0 = dz[base], d1 = dz[base + 1];
    const v0 = z[base] + alpha * d0, v1 = z[base + 1] + alpha * d1;
    const max = v1 > v0 ? v1 : v0;
    const e0 = v0 === max ? 1 : Math.exp(v0 - max);
    const e1 = v1 === max ? 1 : Math.exp(v1 - max);
    const sum = e0 + e1;
    const first = y[r] === 0;
    const term = max + Math.log(sum) - (first ? v0 : v1);
    f += term;
    data += term;
    df += (e0 * d0 + e1 * d1) / sum - (first ? d0 : d1);
    out[base] = e0 / sum - (first ? 1 : 0);
    out[base + 1] = e1 / sum - (first ? 0 : 1);
  }
  return { f, df, data };
}
