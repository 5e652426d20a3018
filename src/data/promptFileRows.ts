// Turns table records into prompts once column roles are known: text, labels, contrast pairs (from
// positive/negative columns or a shared pair id), roles and groups, with line-numbered errors.
import type { PromptRow } from './types';
import type { ColumnRoles } from './promptFileColumns';
import { ErrorList, WarningList, formatCount, plural, quoted, type RawRecord, type RawTable } from './promptFileTypes';

export interface PairSummary {
  /** Where pairs come from: a positive and a negative column per row, or rows sharing a pair id. */
  source: 'columns' | 'field';
  /** Pair ids with exactly two prompts. */
  complete: number;
  /** Pair ids with one prompt or more than two. */
  incomplete: number;
}

const ROLE_WORDS = new Map<string, 'positive' | 'negative'>([
  ['positive', 'positive'], ['pos', 'positive'], ['+', 'positive'],
  ['negative', 'negative'], ['neg', 'negative'], ['-', 'negative'],
]);

interface Builder {
  table: RawTable;
  roles: ColumnRoles;
  errors: ErrorList;
  warnings: WarningList;
  rows: PromptRow[];
  /** Columns that are not labels of a row: the prompt columns. */
  promptColumns: Set<number>;
  badRoleWarned: boolean;
}

function rowLabels(b: Builder, r: RawRecord): Map<string, string> {
  const labels = new Map<string, string>();
  for (let k = 0; k < b.table.columns.length; k++) {
    const v = r.values[k];
    if (v !== undefined && v !== '' && !b.promptColumns.has(k)) labels.set(b.table.columns[k], v);
  }
  return labels;
}

function rowRole(b: Builder, r: RawRecord): 'positive' | 'negative' | undefined {
  const raw = b.roles.role === null ? undefined : r.values[b.roles.role];
  if (raw === undefined || raw.trim() === '') return undefined;
  const role = ROLE_WORDS.get(raw.trim().toLowerCase());
  if (role === undefined && !b.badRoleWarned) {
    b.badRoleWarned = true;
    b.warnings.add(`line ${r.line}: role ${quoted(raw)} is neither positive nor negative; such rows keep no role`);
  }
  return role;
}

/** The value of column `k` in a record, undefined when absent or empty. */
function cell(r: RawRecord, k: number | null): string | undefined {
  return k === null ? undefined : r.values[k] || undefined;
}

/** A row with its optional fields set only when present, always in the same order. */
function makeRow(text: string, labels: ReadonlyMap<string, string>, line: number, pair?: string, role?: PromptRow['role'], group?: string): PromptRow {
  const row: PromptRow = { text, labels, line };
  if (pair !== undefined) row.pair = pair;
  if (role !== undefined) row.role = role;
  if (group !== undefined) row.group = group;
  return row;
}

/** The two prompts of a positive/negative row, or none after an error. */
function contrastRows(b: Builder, r: RawRecord, positive: number, negative: number): PromptRow[] {
  const pos = cell(r, positive);
  const neg = cell(r, negative);
  if (pos === undefined || neg === undefined) {
    const empty = b.table.columns[pos === undefined ? positive : negative];
    b.errors.add(r.line, `the ${quoted(empty)} prompt of this pair is empty; fill it in or delete the row`);
    return [];
  }
  const labels = rowLabels(b, r);
  const pair = cell(r, b.roles.pair) ?? `line-${r.line}`;
  const group = cell(r, b.roles.group);
  return [makeRow(pos, labels, r.line, pair, 'positive', group), makeRow(neg, labels, r.line, pair, 'negative', group)];
}

/** The prompt rows of one record: one, or two for a positive/negative pair; none after an error. */
function recordRows(b: Builder, r: RawRecord): PromptRow[] {
  const { roles, table } = b;
  if (roles.contrast !== null) return contrastRows(b, r, roles.contrast.positive, roles.contrast.negative);
  const text = cell(r, roles.text);
  if (text === undefined || text.trim() === '') {
    b.errors.add(r.line, `the text column ${quoted(table.columns[roles.text ?? 0])} is empty on this row; fill it in or delete the row`);
    return [];
  }
  return [makeRow(text, rowLabels(b, r), r.line, cell(r, roles.pair), rowRole(b, r), cell(r, roles.group))];
}

/** Counts pairs and warns about pair ids that do not have exactly two prompts, or two of one role. */
function summarisePairs(rows: PromptRow[], source: PairSummary['source'], warnings: WarningList): PairSummary {
  const byPair = new Map<string, PromptRow[]>();
  for (const row of rows) {
    if (row.pair === undefined) continue;
    const members = byPair.get(row.pair);
    if (members === undefined) byPair.set(row.pair, [row]);
    else members.push(row);
  }
  const summary: PairSummary = { source, complete: 0, incomplete: 0 };
  for (const [id, members] of byPair) {
    const lines = (): string => members.slice(0, 5).map((m) => m.line).join(', ') + (members.length > 5 ? ', …' : '');
    if (members.length !== 2) {
      summary.incomplete++;
      warnings.add(`pair ${quoted(id)} has ${plural(members.length, 'prompt')} (${members.length === 1 ? 'line' : 'lines'} ${lines()}); a contrast pair needs exactly two`);
      continue;
    }
    summary.complete++;
    const [a, c] = members;
    if (a.role !== undefined && a.role === c.role) warnings.add(`pair ${quoted(id)} has two ${a.role} prompts (lines ${lines()}); one should be negative`);
  }
  return summary;
}

export interface BuiltRows {
  rows: PromptRow[];
  pairs: PairSummary | null;
}

/** All prompts of a table, stopping with an error when `maxRows` would be passed. */
export function buildRows(table: RawTable, roles: ColumnRoles, errors: ErrorList, warnings: WarningList, maxRows: number): BuiltRows {
  const promptColumns = new Set([roles.text, roles.contrast?.positive, roles.contrast?.negative].filter((k): k is number => k != null));
  const b: Builder = { table, roles, errors, warnings, rows: [], promptColumns, badRoleWarned: false };
  for (const r of table.records) {
    const more = recordRows(b, r);
    if (b.rows.length + more.length > maxRows) {
      errors.add(r.line, `the file has more than ${formatCount(maxRows)} prompts, the most one set may hold; the rest were not read: split the file`);
      break;
    }
    for (const row of more) b.rows.push(row);
  }
  const hasPairs = roles.contrast !== null || roles.pair !== null;
  const pairs = hasPairs ? summarisePairs(b.rows, roles.contrast !== null ? 'columns' : 'field', warnings) : null;
  return { rows: b.rows, pairs };
}
