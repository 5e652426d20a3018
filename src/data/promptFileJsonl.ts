// A JSON Lines reader: one object per line, its keys becoming columns in order of first appearance.
// Objects are only read (own keys), never merged or kept, so keys like __proto__ are plain names.
import { ErrorList, WarningList, quoted, type RawRecord } from './promptFileTypes';
import type { DelimitedResult } from './promptFileDelimited';

/** More distinct keys than this means a file of records with unique keys, not a table; the rest are dropped. */
export const MAX_COLUMNS = 1000;

const EXAMPLE = '{"text": "…", "label": "…"}';

/** A scalar as the string a column holds; null and undefined for nulls and for values that are not scalars. */
function cellText(value: unknown): string | null | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return null;
  return undefined;
}

interface JsonlState {
  index: Map<string, number>;
  columns: string[];
  /** Columns already warned about, so a warning appears once per column. */
  warned: Set<string>;
  warnings: WarningList;
}

/** The values of one object aligned with the columns, adding new keys as columns. */
function recordValues(obj: object, line: number, s: JsonlState): (string | undefined)[] {
  const values: (string | undefined)[] = [];
  const record = obj as { [key: string]: unknown };
  for (const key of Object.keys(record)) {
    const value = record[key]; // an own key, so even "__proto__" reads the file's value
    let k = s.index.get(key);
    if (k === undefined) {
      if (s.columns.length >= MAX_COLUMNS) {
        if (!s.warned.has('')) s.warnings.add(`line ${line}: more than ${MAX_COLUMNS} distinct keys; keys first seen after that are ignored`);
        s.warned.add('');
        continue;
      }
      k = s.columns.length;
      s.index.set(key, k);
      s.columns.push(key);
    }
    const text = cellText(value);
    if (text === undefined && !s.warned.has(key)) {
      s.warned.add(key);
      s.warnings.add(`line ${line}: the field ${quoted(key)} holds an object or array; only strings, numbers and booleans are read`);
    }
    values[k] = text ?? undefined;
  }
  return values;
}

/** Parses one line; an error message when it is not a JSON object. */
function parseLine(body: string): { obj: object } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    const why = e instanceof Error ? e.message.slice(0, 120) : 'unreadable';
    return { error: `this line is not valid JSON (${why}); each line must be one object such as ${EXAMPLE}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: `this line is JSON but not an object; each line must be one object such as ${EXAMPLE}` };
  }
  return { obj: value };
}

/** Parses JSON Lines text (blank lines skipped; CRLF accepted). */
export function parseJsonl(text: string, errors: ErrorList, warnings: WarningList, maxRecords: number): DelimitedResult {
  const s: JsonlState = { index: new Map(), columns: [], warned: new Set(), warnings };
  const records: RawRecord[] = [];
  let line = 0;
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    const body = text.slice(start, stop).trim();
    start = stop + 1;
    line++;
    if (body === '') continue;
    const parsed = parseLine(body);
    if ('error' in parsed) {
      errors.add(line, parsed.error);
      continue;
    }
    if (records.length >= maxRecords) return { columns: s.columns, records, stoppedAtLine: line };
    records.push({ line, values: recordValues(parsed.obj, line, s) });
  }
  return { columns: s.columns, records, stoppedAtLine: null };
}
