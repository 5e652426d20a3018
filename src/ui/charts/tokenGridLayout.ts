// Pure layout of a labelled grid of rectangular cells (activation patching, logit lens, attention):
// token labels on both axes (slanted when they do not fit), blank cells where the data has none,
// text inside cells where there is room, and a colour key at the right.
import { textColorOn } from '../palette';
import type { ColourKey } from './colourKeyLayout';
import { plotRect, thinTicks, type Rect } from './scales';

export interface TokenGridInput {
  rowLabels: readonly string[];
  colLabels: readonly string[];
  /** Row-major, rows·cols: each cell's fill, or null for a blank cell that is not drawn (masked, missing). */
  fills: readonly (string | null)[];
  /** Row-major text lines printed in each cell where there is room (e.g. [token, "62%"]). */
  texts?: readonly (readonly string[])[];
  key: ColourKey | null;
  width: number;
  height: number;
  /** Square cells (attention, query × key); default false. */
  square?: boolean;
  /** Largest cell width and height in px; default [48, 32]. */
  maxCell?: [number, number];
}

export interface GridCell {
  row: number;
  col: number;
  x: number;
  y: number;
  fill: string;
  /** Lines to print, already cut to the cell's room. */
  text: string[];
  textColor: string;
}

export interface GridLabel {
  index: number;
  /** Centre of the row or column in px. */
  pos: number;
  label: string;
}

export interface TokenGridLayout {
  rows: number;
  cols: number;
  grid: Rect;
  cellW: number;
  cellH: number;
  /** The drawn (non-blank) cells, row-major. */
  cells: GridCell[];
  rowLabels: GridLabel[];
  colLabels: GridLabel[];
  /** 0: column labels run horizontally; -45: slanted because they would overlap. */
  colAngle: 0 | -45;
  key: (ColourKey & { x: number; y: number; width: number; height: number; tickPos: number[] }) | null;
}

/** Approximate width of a character of 11 px tick labels and 10 px cell text. */
export const LABEL_CHAR = 6.5;
const CELL_CHAR = 6;
/** Labels longer than this are cut with an ellipsis (the readout shows them whole). */
export const MAX_LABEL = 14;
const KEY_SPACE = 86;
const KEY_BAR = 12;
const LINE = 12;

/** `s` cut to `n` characters, ending in "…" when cut. */
export function clip(s: string, n: number): string {
  if (n <= 0) return '';
  const chars = [...s];
  return chars.length <= n ? s : chars.slice(0, Math.max(1, n - 1)).join('') + '…';
}

const widest = (labels: readonly string[]) => Math.max(1, ...labels.map((l) => Math.min(MAX_LABEL, [...l].length)));

export function layoutTokenGrid(input: TokenGridInput): TokenGridLayout {
  const { rowLabels, colLabels, fills, width, height } = input;
  const rows = rowLabels.length, cols = colLabels.length;
  if (fills.length !== rows * cols) throw new Error(`token grid: ${fills.length} fills for ${rows}×${cols} cells; pass rows·cols, row-major`);
  const [maxW, maxH] = input.maxCell ?? [48, 32];
  const colWidth = widest(colLabels) * LABEL_CHAR;
  const left = Math.min(130, widest(rowLabels) * LABEL_CHAR + 12);
  const right = input.key ? KEY_SPACE : 8;
  const fit = (bottom: number) => {
    const area = plotRect(width, height, { top: 4, right, bottom, left });
    let w = Math.max(1, Math.min(maxW, Math.floor(area.width / Math.max(1, cols))));
    let h = Math.max(1, Math.min(maxH, Math.floor(area.height / Math.max(1, rows))));
    if (input.square) w = h = Math.min(w, h);
    return { area, w, h };
  };
  let angle: 0 | -45 = 0;
  let { area, w, h } = fit(24);
  if (colWidth + 4 > w) {
    angle = -45;
    ({ area, w, h } = fit(Math.min(96, colWidth * 0.71 + 16)));
  }
  const grid = { left: area.left, top: area.top, width: w * cols, height: h * rows };
  const lines = h >= 2 * LINE + 4 ? 2 : h >= LINE + 2 ? 1 : 0;
  const room = Math.floor((w - 4) / CELL_CHAR);
  const cells: GridCell[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const fill = fills[r * cols + c];
      if (fill === null) continue;
      const text = (input.texts?.[r * cols + c] ?? []).slice(0, lines).map((t) => clip(t, room)).filter((t) => t !== '');
      cells.push({ row: r, col: c, x: grid.left + c * w, y: grid.top + r * h, fill, text, textColor: textColorOn(fill) });
    }
  }
  const labelsAt = (labels: readonly string[], start: number, step: number) => labels.map((l, i) => ({ index: i, pos: start + (i + 0.5) * step, label: clip(l, MAX_LABEL) }));
  return {
    rows, cols, grid, cellW: w, cellH: h, cells, colAngle: angle,
    rowLabels: thinTicks(labelsAt(rowLabels, grid.top, h), 12),
    colLabels: thinTicks(labelsAt(colLabels, grid.left, w), angle === 0 ? colWidth + 4 : 12),
    key: input.key ? placeKey(input.key, grid, area) : null,
  };
}

function placeKey(key: ColourKey, grid: Rect, area: Rect): TokenGridLayout['key'] {
  const height = Math.max(grid.height, Math.min(area.height, 80));
  const y = grid.top;
  return { ...key, x: grid.left + grid.width + 14, y, width: KEY_BAR, height, tickPos: key.ticks.map((t) => y + (1 - t.at) * height) };
}

