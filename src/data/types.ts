// Types shared by every layer (the lowest layer, so no type import points upward).

/** A row-major matrix of float32 values: row i is data[i·cols … (i+1)·cols). */
export interface Matrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

/** A matrix view of an array, after checking that its length fits. */
export function asMatrix(data: Float32Array, rows: number, cols: number): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || rows * cols !== data.length) {
    throw new Error(`matrix of ${rows}×${cols} needs ${rows * cols} values, found ${data.length}`);
  }
  return { data, rows, cols };
}
