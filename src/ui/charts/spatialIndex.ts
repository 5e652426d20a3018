// A uniform grid over point positions in pixels, so hover finds the nearest of 20k points by looking
// at a few cells instead of every point.

export interface PointGrid {
  /** Interleaved pixel positions [x0, y0, …] of every point (indexed or not). */
  pixels: Float32Array;
  cellSize: number;
  x0: number;
  y0: number;
  cols: number;
  rows: number;
  /** Points of cell c are items[start[c] .. start[c + 1]). */
  start: Int32Array;
  items: Int32Array;
}

/** Keeps the grid's memory proportional to the number of points, whatever their spread. */
const MAX_CELLS_PER_POINT = 4;

/** Indexes the points `indices` (skipping non-finite positions) in cells of `cellSize` pixels. */
export function buildPointGrid(pixels: Float32Array, indices: ArrayLike<number>, cellSize = 8): PointGrid {
  const finite = Array.from(indices).filter((i) => Number.isFinite(pixels[2 * i]) && Number.isFinite(pixels[2 * i + 1]));
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const i of finite) {
    x0 = Math.min(x0, pixels[2 * i]); x1 = Math.max(x1, pixels[2 * i]);
    y0 = Math.min(y0, pixels[2 * i + 1]); y1 = Math.max(y1, pixels[2 * i + 1]);
  }
  if (finite.length === 0) { x0 = y0 = x1 = y1 = 0; }
  let cell = cellSize;
  const cellsFor = (c: number) => (Math.floor((x1 - x0) / c) + 1) * (Math.floor((y1 - y0) / c) + 1);
  while (cellsFor(cell) > MAX_CELLS_PER_POINT * finite.length + 1024) cell *= 2;
  const cols = Math.floor((x1 - x0) / cell) + 1, rows = Math.floor((y1 - y0) / cell) + 1;
  const cellOf = (i: number) => Math.floor((pixels[2 * i + 1] - y0) / cell) * cols + Math.floor((pixels[2 * i] - x0) / cell);
  // Counting sort of points by cell: two passes, no per-cell arrays.
  const start = new Int32Array(cols * rows + 1);
  for (const i of finite) start[cellOf(i) + 1]++;
  for (let c = 0; c < cols * rows; c++) start[c + 1] += start[c];
  const fill = start.slice(0, cols * rows);
  const items = new Int32Array(finite.length);
  for (const i of finite) items[fill[cellOf(i)]++] = i;
  return { pixels, cellSize: cell, x0, y0, cols, rows, start, items };
}

/** The indexed point nearest to (x, y) within `radius` pixels, ties to the lower index; −1 if none. */
export function nearestPoint(grid: PointGrid, x: number, y: number, radius: number): number {
  const { cellSize: s, cols, rows, pixels } = grid;
  const c0 = Math.max(0, Math.floor((x - radius - grid.x0) / s)), c1 = Math.min(cols - 1, Math.floor((x + radius - grid.x0) / s));
  const r0 = Math.max(0, Math.floor((y - radius - grid.y0) / s)), r1 = Math.min(rows - 1, Math.floor((y + radius - grid.y0) / s));
  let best = -1, bestD = radius * radius;
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const cell = r * cols + c;
      for (let k = grid.start[cell]; k < grid.start[cell + 1]; k++) {
        const i = grid.items[k];
        const d = (pixels[2 * i] - x) ** 2 + (pixels[2 * i + 1] - y) ** 2;
        if (d < bestD || (d === bestD && (best < 0 || i < best))) { best = i; bestD = d; }
      }
    }
  }
  return best;
}

/** The same answer as nearestPoint by looking at every point; the reference for tests. */
export function nearestPointBruteForce(pixels: Float32Array, indices: ArrayLike<number>, x: number, y: number, radius: number): number {
  let best = -1, bestD = radius * radius;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    const d = (pixels[2 * i] - x) ** 2 + (pixels[2 * i + 1] - y) ** 2;
    if (d < bestD || (d === bestD && (best < 0 || i < best))) { best = i; bestD = d; }
  }
  return best;
}
