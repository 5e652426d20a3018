// Plain-text tables for benchmark reports: columns padded to their widest cell, numbers right-aligned,
// and long remarks moved into numbered notes below the table so the columns stay readable.

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    columns
      .map((c, i) => (c.align === 'right' ? (cells[i] ?? '').padStart(widths[i]) : (cells[i] ?? '').padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(columns.map((c) => c.header)), rule, ...rows.map(line)].join('\n');
}

/** Collects remarks as numbered notes; the same text gets the same number. */
export class Notes {
  private readonly texts: string[] = [];

  /** The marker to put in a cell, e.g. "[2]". */
  add(text: string): string {
    let i = this.texts.indexOf(text);
    if (i < 0) i = this.texts.push(text) - 1;
    return `[${i + 1}]`;
  }

  format(): string {
    return this.texts.map((t, i) => `  [${i + 1}] ${t}`).join('\n');
  }

  get size(): number {
    return this.texts.length;
  }
}

/** A number with about three significant figures, without exponent notation for everyday sizes. */
export function formatNumber(value: number | undefined): string {
  if (value == null || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toString();
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}
