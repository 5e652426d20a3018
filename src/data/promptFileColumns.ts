// Decides which column holds the prompt, which hold labels, and which mark contrast pairs, from the
// column names and values; every choice can be overridden by the caller.
import type { RawTable } from './promptFileTypes';

/** A column with more distinct values than this is not offered as a label by default. */
export const MAX_DEFAULT_LABEL_VALUES = 50;

const TEXT_NAMES = ['text', 'prompt', 'statement', 'sentence', 'input', 'question', 'content', 'query', 'utterance', 'passage', 'document'];
const PAIR_NAMES = ['pair', 'pair_id', 'pairid'];
const ROLE_NAMES = ['role', 'side', 'polarity'];
const GROUP_NAMES = ['group', 'group_id', 'groupid'];
const POSITIVE_NAMES = ['positive', 'pos'];
const NEGATIVE_NAMES = ['negative', 'neg'];

export interface ColumnRoles {
  /** Index of the prompt column; null when prompts come from positive/negative columns. */
  text: number | null;
  /** Positive and negative prompt columns, when each row is a contrast pair. */
  contrast: { positive: number; negative: number } | null;
  pair: number | null;
  role: number | null;
  group: number | null;
  labels: number[];
}

/** Names compared case-insensitively, with spaces and dashes as underscores. */
const normal = (name: string): string => name.trim().toLowerCase().replace(/[\s-]+/g, '_');

function findNamed(columns: string[], names: string[]): number | null {
  for (const want of names) {
    const k = columns.findIndex((c) => normal(c) === want);
    if (k !== -1) return k;
  }
  return null;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** True when every non-empty value parses as a finite decimal number (and at least one exists). */
export function isNumericText(values: Iterable<string | undefined>): boolean {
  let any = false;
  for (const v of values) {
    if (v === undefined || v.trim() === '') continue;
    if (!NUMBER.test(v.trim())) return false;
    any = true;
  }
  return any;
}

function* column(table: RawTable, k: number): Generator<string | undefined> {
  for (const r of table.records) yield r.values[k];
}

/** The column with the longest average value among those that are not numbers, for files without a named one. */
function longestColumn(table: RawTable, candidates: number[]): number | null {
  let best: number | null = null;
  let bestMean = -1;
  for (const k of candidates) {
    if (isNumericText(column(table, k))) continue;
    let total = 0;
    for (const v of column(table, k)) total += v?.length ?? 0;
    const mean = total / Math.max(1, table.records.length);
    if (mean > bestMean) [best, bestMean] = [k, mean];
  }
  return best;
}

/** Low-cardinality columns: few distinct values, and (beyond two) some repeated, so ids and free text are left out. */
export function isLabelLike(table: RawTable, k: number): boolean {
  const distinct = new Set<string>();
  let filled = 0;
  for (const v of column(table, k)) {
    if (v === undefined || v === '') continue;
    filled++;
    distinct.add(v);
    if (distinct.size > MAX_DEFAULT_LABEL_VALUES) return false;
  }
  return distinct.size > 0 && (distinct.size <= 2 || distinct.size < filled);
}

/** The default roles of a table's columns. */
export function detectColumns(table: RawTable): ColumnRoles {
  const { columns } = table;
  const positive = findNamed(columns, POSITIVE_NAMES);
  const negative = findNamed(columns, NEGATIVE_NAMES);
  const contrast = positive !== null && negative !== null ? { positive, negative } : null;
  const pair = findNamed(columns, PAIR_NAMES);
  const role = findNamed(columns, ROLE_NAMES);
  const group = findNamed(columns, GROUP_NAMES);
  const structural = new Set([pair, role, positive, negative].filter((k): k is number => k !== null));
  const free = columns.map((_, k) => k).filter((k) => !structural.has(k));
  const text = contrast !== null ? null : findNamed(columns, TEXT_NAMES) ?? longestColumn(table, free);
  const labels = free.filter((k) => k !== text && isLabelLike(table, k));
  return { text, contrast, pair, role, group, labels };
}

/** Roles with the text column chosen by the user: a single prompt column replaces any contrast pairs. */
export function withTextColumn(roles: ColumnRoles, text: number): ColumnRoles {
  return { ...roles, text, contrast: null, labels: roles.labels.filter((k) => k !== text) };
}
