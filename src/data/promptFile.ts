// Reads a prompt file's text (txt, csv, tsv, jsonl, or an exported session) into prompts, labels and
// contrast pairs. Pure and synchronous so it runs in a worker; problems come back as values with line numbers.
import type { PromptRow } from './types';
import { detectColumns, withTextColumn, type ColumnRoles } from './promptFileColumns';
import { parseDelimited, type DelimitedResult } from './promptFileDelimited';
import { MAX_COLUMNS, parseJsonl } from './promptFileJsonl';
import { buildRows, type PairSummary } from './promptFileRows';
import { ErrorList, MAX_PROMPT_FILE_BYTES, MAX_PROMPT_ROWS, WarningList, formatCount, quoted, type LineError } from './promptFileTypes';
import { looksLikeSession, parseSession, type SessionFile } from './sessionFile';

export { MAX_PROMPT_FILE_BYTES, MAX_PROMPT_ROWS, type LineError } from './promptFileTypes';
export { checkPromptFileSize, decodePromptBytes, sniffBinary } from './promptFileSniff';
export type { PairSummary } from './promptFileRows';

export type TableFormat = 'csv' | 'tsv' | 'jsonl';
export type PromptFileFormat = 'txt' | TableFormat | 'session';

export interface PromptFileOptions {
  /** Read as this format whatever the name says (the paste box's format menu). */
  format?: 'txt' | TableFormat;
  /** The prompt column, instead of the detected one (this turns off positive/negative pairs). */
  textColumn?: string;
  /** The label columns, instead of the detected ones. */
  labelColumns?: string[];
  /** Fewer prompts than MAX_PROMPT_ROWS, e.g. for a preview. */
  maxRows?: number;
}

export interface ParsedPromptFile {
  name: string;
  format: PromptFileFormat;
  rows: PromptRow[];
  /** Every column of a table file, in file order; empty for txt. */
  columns: string[];
  /** The prompt column; null for txt and for positive/negative pairs. */
  textColumn: string | null;
  labelColumns: string[];
  /** Set when prompts form contrast pairs. */
  pairs: PairSummary | null;
  /** The first MAX_LISTED_ERRORS problems; rows with errors are left out of `rows`. */
  errors: LineError[];
  /** All problems, listed or not. */
  errorCount: number;
  warnings: string[];
  /** For format 'session': the exported session, whose dataset text is parsed separately. */
  session?: SessionFile;
}

const EXTENSIONS: [RegExp, 'txt' | TableFormat | 'json'][] = [
  [/\.txt$/i, 'txt'], [/\.csv$/i, 'csv'], [/\.(tsv|tab)$/i, 'tsv'], [/\.(jsonl|ndjson)$/i, 'jsonl'], [/\.json$/i, 'json'],
];
const HEADER_HINT = /(^|[,"\s])(text|prompt|statement|sentence|positive|label)("?\s*)(,|$)/i;

/** The format for a name without a known extension (pasted text): guessed from the first line. */
function sniffFormat(text: string): 'txt' | TableFormat {
  const first = text.replace(/^\s*\n/, '').split('\n', 1)[0] ?? '';
  if (first.trimStart().startsWith('{')) return 'jsonl';
  if (first.includes('\t')) return 'tsv';
  return first.includes(',') && HEADER_HINT.test(first) ? 'csv' : 'txt';
}

/** Every non-blank line is a prompt; trailing CR is dropped, other whitespace kept (tokenizers see it). */
function parseTxt(text: string, errors: ErrorList, maxRows: number): PromptRow[] {
  const rows: PromptRow[] = [];
  const none: ReadonlyMap<string, string> = new Map();
  let line = 0;
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    const body = text.charCodeAt(stop - 1) === 0x0d ? text.slice(start, stop - 1) : text.slice(start, stop);
    start = stop + 1;
    line++;
    if (body.trim() === '') continue;
    if (rows.length >= maxRows) {
      errors.add(line, `the file has more than ${formatCount(maxRows)} prompts, the most one set may hold; the rest were not read: split the file`);
      break;
    }
    rows.push({ text: body, labels: none, line });
  }
  return rows;
}

/** Detected roles, with the caller's choices applied; an error when a chosen column does not exist. */
function chooseRoles(columns: string[], detected: ColumnRoles, options: PromptFileOptions, errors: ErrorList): ColumnRoles | null {
  const indexOf = (name: string): number | null => {
    const k = columns.indexOf(name);
    if (k === -1) errors.add(0, `there is no column ${quoted(name)}; the columns are ${columns.map((c) => quoted(c)).join(', ')}`);
    return k === -1 ? null : k;
  };
  let roles = detected;
  if (options.textColumn !== undefined) {
    const k = indexOf(options.textColumn);
    if (k === null) return null;
    roles = withTextColumn(roles, k);
  }
  if (options.labelColumns !== undefined) {
    const ks = options.labelColumns.map(indexOf);
    if (ks.some((k) => k === null)) return null;
    roles = { ...roles, labels: (ks as number[]).filter((k) => k !== roles.text) };
  }
  if (roles.text === null && roles.contrast === null) {
    errors.add(0, 'no column holds prompt text; name one "text" (or "prompt", "statement"), or give "positive" and "negative" columns');
    return null;
  }
  return roles;
}

function readTable(text: string, format: TableFormat, errors: ErrorList, warnings: WarningList, maxRows: number): DelimitedResult {
  if (format === 'jsonl') return parseJsonl(text, errors, warnings, maxRows);
  const table = parseDelimited(text, format === 'csv' ? ',' : '\t', errors, warnings, maxRows);
  if (table.columns.length > MAX_COLUMNS) {
    errors.add(1, `the header has ${formatCount(table.columns.length)} columns, more than the ${MAX_COLUMNS} a prompt file may have; is this the right file?`);
    return { columns: [], records: [], stoppedAtLine: null };
  }
  return table;
}

type Base = Pick<ParsedPromptFile, 'name' | 'format' | 'columns' | 'textColumn' | 'labelColumns' | 'pairs'>;

function finish(base: Base, rows: PromptRow[], errors: ErrorList, warnings: WarningList): ParsedPromptFile {
  if (rows.length === 0 && errors.count === 0) errors.add(0, `${base.name} holds no prompts; put one prompt per line, or a header row and one row per prompt`);
  // Reading and row-building report in two passes; users read errors top to bottom.
  const listed = [...errors.list].sort((x, y) => x.line - y.line);
  return { ...base, rows, errors: listed, errorCount: errors.count, warnings: warnings.toArray() };
}

function parseTableFile(text: string, base: Base & { format: TableFormat }, options: PromptFileOptions, errors: ErrorList, warnings: WarningList): ParsedPromptFile {
  const maxRows = Math.min(options.maxRows ?? MAX_PROMPT_ROWS, MAX_PROMPT_ROWS);
  const table = readTable(text, base.format, errors, warnings, maxRows);
  if (table.stoppedAtLine !== null) {
    errors.add(table.stoppedAtLine, `the file has more than ${formatCount(maxRows)} prompts, the most one set may hold; the rest were not read: split the file`);
  }
  const columns = table.columns;
  const roles = columns.length === 0 ? null : chooseRoles(columns, detectColumns(table), options, errors);
  if (roles === null) return finish({ ...base, columns }, [], errors, warnings);
  const { rows, pairs } = buildRows(table, roles, errors, warnings, maxRows);
  const textColumn = roles.text === null ? null : columns[roles.text];
  return finish({ ...base, columns, textColumn, labelColumns: roles.labels.map((k) => columns[k]), pairs }, rows, errors, warnings);
}

function parseSessionText(text: string, base: Base, errors: ErrorList, warnings: WarningList): ParsedPromptFile {
  const parsed = parseSession(text, base.name);
  if (!parsed.ok) {
    errors.add(0, parsed.error);
    return finish(base, [], errors, warnings);
  }
  for (const w of parsed.warnings) warnings.add(w);
  return { ...base, format: 'session', rows: [], errors: [], errorCount: 0, warnings: warnings.toArray(), session: parsed.session };
}

/** Parses a prompt file; never throws. Apply `rows` only when `errorCount` is 0 or the user accepts them. */
export function parsePromptFile(text: string, name: string, options: PromptFileOptions = {}): ParsedPromptFile {
  const errors = new ErrorList();
  const warnings = new WarningList();
  const byName = EXTENSIONS.find(([re]) => re.test(name))?.[1];
  const base: Base = { name, format: 'txt', columns: [], textColumn: null, labelColumns: [], pairs: null };
  if (text.length > MAX_PROMPT_FILE_BYTES) {
    errors.add(0, `${name} is larger than ${MAX_PROMPT_FILE_BYTES / 1024 / 1024} MB, the most a prompt file may be; split it`);
    return finish(base, [], errors, warnings);
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const session = options.format === undefined && looksLikeSession(body);
  if (session || (options.format === undefined && byName === 'json')) {
    if (session || body.trimStart().startsWith('{')) return parseSessionText(body, { ...base, format: 'session' }, errors, warnings);
    errors.add(0, `${name} is a .json file but not a Repscope session; put prompts in a .jsonl file, one object per line such as {"text": "…", "label": "…"}`);
    return finish(base, [], errors, warnings);
  }
  const format = options.format ?? (byName === undefined || byName === 'json' ? sniffFormat(body) : byName);
  if (format === 'txt') return finish(base, parseTxt(body, errors, Math.min(options.maxRows ?? MAX_PROMPT_ROWS, MAX_PROMPT_ROWS)), errors, warnings);
  return parseTableFile(body, { ...base, format }, options, errors, warnings);
}
