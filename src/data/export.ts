// Exports: tables as RFC 4180 CSV safe to open in a spreadsheet, projected coordinates with each
// prompt's labels, activations as .npy, and download names made from user text.
import type { Matrix, PromptRow } from './types';
import { writeNpy } from './npy';

export type Cell = string | number;

/** A number as a spreadsheet reads it back; non-finite values spelled as numpy and pandas read them. */
function numberCell(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return String(n);
}

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell made inert: one that a spreadsheet would run as a formula gets a leading apostrophe,
 * unless it is a plain number such as "-1.5" (which no spreadsheet runs, and which must stay a number).
 */
function textCell(s: string): string {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

/** RFC 4180 quoting: fields with a comma, quote, CR or LF are quoted, quotes doubled. */
function quoteField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV document (CRLF line ends, as RFC 4180 says) of a header and rows of the same width. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const line = (cells: readonly Cell[]): string => {
    const fields = cells.map((c) => quoteField(typeof c === 'number' ? numberCell(c) : textCell(c)));
    // A lone blank cell would be a blank line, which readers skip; quoting keeps the row.
    return fields.length === 1 && fields[0].trim() === '' ? `"${fields[0]}"` : fields.join(',');
  };
  const lines = [line(header)];
  rows.forEach((row, i) => {
    if (row.length !== header.length) throw new Error(`CSV row ${i + 1} has ${row.length} cell${row.length === 1 ? '' : 's'} but the header has ${header.length}; give every row one cell per column`);
    lines.push(line(row));
  });
  return lines.join('\r\n') + '\r\n';
}

/** The shortest decimal that reads back as the same float32, so 0.1f is written 0.1, not 0.10000000149011612. */
export function shortestFloat32(v: number): number {
  if (!Number.isFinite(v)) return v;
  for (let p = 1; p < 9; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === v) return s;
  }
  return v;
}

/** Projected points with their prompt, pair, role, group and chosen labels: one row per prompt. */
export function coordinatesToCsv(rows: readonly PromptRow[], coords: Matrix, labelColumns: readonly string[], axis = 'pc'): string {
  if (coords.rows !== rows.length) throw new Error(`the projection has ${coords.rows} points for ${rows.length} prompts; export the projection of the current dataset`);
  const axes = Array.from({ length: coords.cols }, (_, j) => `${axis}${j + 1}`);
  const header = ['index', 'line', 'text', ...labelColumns, 'pair', 'role', 'group', ...axes];
  const body = rows.map((r, i) => [
    i, r.line, r.text, ...labelColumns.map((c) => r.labels.get(c) ?? ''), r.pair ?? '', r.role ?? '', r.group ?? '',
    ...Array.from(coords.data.subarray(i * coords.cols, (i + 1) * coords.cols), shortestFloat32),
  ]);
  return toCsv(header, body);
}

/** Activations (prompts × width) as a float32 .npy file, for numpy's np.load. */
export function activationsToNpy(activations: Matrix): Uint8Array {
  return writeNpy(activations.data, [activations.rows, activations.cols]);
}

/** A download name from user text: no path separators, control or reserved characters, at most 100 characters. */
export function safeFileName(base: string, extension: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '_').replace(/^[\s.]+|[\s.]+$/g, '').slice(0, 100);
  return `${cleaned === '' ? 'repscope' : cleaned}.${extension}`;
}
