// Small row-major matrix helpers for the analyses: input checks with messages that say what to fix,
// column statistics in float64, centring, and transposes. Plain loops over typed arrays, no tfjs.
import type { Matrix } from '../data/types';

/** Throws when a value is NaN or ±Infinity, naming the first bad row and column (0-based). */
export function assertFinite(x: Matrix, what = 'input'): void {
  const { data, cols } = x;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const row = Math.floor(i / cols);
      const col = i - row * cols;
      throw new Error(
        `${what} has ${data[i]} at row ${row}, column ${col} (0-based); drop or impute non-finite values first`,
      );
    }
  }
}

/** Throws unless `x` has at least `minRows` rows and one column, and its data length fits its shape. */
export function assertShape(x: Matrix, minRows: number, what = 'input', needed = 'this analysis'): void {
  if (!Number.isInteger(x.rows) || !Number.isInteger(x.cols) || x.data.length !== x.rows * x.cols) {
    throw new Error(`${what} claims ${x.rows}×${x.cols} but holds ${x.data.length} values; build it with asMatrix`);
  }
  if (x.cols < 1) throw new Error(`${what} has no columns; pass at least one feature`);
  if (x.rows < minRows) {
    throw new Error(`${what} has ${x.rows} row(s) but ${needed} needs at least ${minRows}; pass more samples`);
  }
}

/** Mean of each column, accumulated in float64. */
export function columnMeans(x: Matrix): Float64Array {
  const { data, rows, cols } = x;
  const sums = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) sums[j] += data[base + j];
  }
  for (let j = 0; j < cols; j++) sums[j] /= rows;
  return sums;
}

/** Sum over rows of (x − mean)² per column, in float64 (two-pass, so a large mean costs no precision). */
export function columnSquaredDeviations(x: Matrix, mean: Float64Array): Float64Array {
  const { data, rows, cols } = x;
  const sums = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[base + j] - mean[j];
      sums[j] += v * v;
    }
  }
  return sums;
}

/**
 * (x − mean) / scale per column, as a new float32 matrix. `scale` null means no scaling. The
 * subtraction happens in float64 before rounding, so centring loses nothing to a large mean.
 */
export function centreColumns(x: Matrix, mean: ArrayLike<number>, scale: ArrayLike<number> | null): Matrix {
  const { data, rows, cols } = x;
  if (mean.length !== cols || (scale !== null && scale.length !== cols)) {
    throw new Error(`centring needs ${cols} means${scale !== null ? ' and scales' : ''}, got ${mean.length}`);
  }
  const out = new Float32Array(rows * cols);
  const shift = Float64Array.from(mean);
  if (scale === null) {
    for (let i = 0; i < rows; i++) {
      const base = i * cols;
      for (let j = 0; j < cols; j++) out[base + j] = data[base + j] - shift[j];
    }
    return { data: out, rows, cols };
  }
  const inverse = Float64Array.from(scale, (s) => 1 / s);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) out[base + j] = (data[base + j] - shift[j]) * inverse[j];
  }
  return { data: out, rows, cols };
}

/** The transpose of a row-major matrix, as a new matrix. */
export function transposeMatrix(x: Matrix): Matrix {
  const { data, rows, cols } = x;
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = data[base + j];
  }
  return { data: out, rows: cols, cols: rows };
}

/** Row `i` of `x` as a view (no copy). */
export function matrixRow(x: Matrix, i: number): Float32Array {
  return x.data.subarray(i * x.cols, (i + 1) * x.cols);
}
