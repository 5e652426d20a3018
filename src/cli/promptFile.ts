// Prompt files for `repscope cache --prompts`: .txt (one prompt per line), .jsonl ({"text"} or {"ids"},
// optional "label") and .csv (RFC 4180 quoting; header with text/prompt/statement and optional label).
import { CliError } from './args';

/** Most prompts one run takes; larger sets belong in several runs (or the app's dataset tools). */
export const MAX_PROMPTS = 10_000;

export type Label = string | number | boolean;

export interface PromptRow {
  /** 1-based line where the prompt starts in the file. */
  line: number;
  text?: string;
  ids?: number[];
  label?: Label;
}

function fail(name: string, line: number | null, what: string): never {
  throw new CliError(line === null ? `${name}: ${what}` : `${name} line ${line}: ${what}`);
}

/** Parses a prompt file by its extension; throws a CliError with the file name and line for bad input. */
export function parsePromptFile(text: string, name: string): PromptRow[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1].toLowerCase();
  const rows = ext === 'txt' ? parseTxt(body) : ext === 'jsonl' ? parseJsonl(body, name) : ext === 'csv' ? parseCsvPrompts(body, name) : null;
  if (rows === null) fail(name, null, 'unsupported prompt file type; use .txt (one prompt per line), .jsonl or .csv');
  if (rows.length === 0) fail(name, null, 'the file has no prompts');
  if (rows.length > MAX_PROMPTS) fail(name, null, `${rows.length} prompts is more than the limit of ${MAX_PROMPTS}; split the file`);
  return rows;
}

function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

function parseTxt(text: string): PromptRow[] {
  // Blank lines separate nothing and would be empty prompts, so they are skipped.
  return splitLines(text).flatMap((line, i) => (line.trim() === '' ? [] : [{ line: i + 1, text: line }]));
}

function readLabel(value: unknown, name: string, line: number): Label | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
  return fail(name, line, '"label" must be a string, number or boolean');
}

function readIds(value: unknown, name: string, line: number): number[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => Number.isSafeInteger(v) && v >= 0)) {
    fail(name, line, '"ids" must be a non-empty array of non-negative integer token ids');
  }
  return value as number[];
}

function parseJsonlLine(raw: string, name: string, line: number): PromptRow {
  let obj: unknown;
  try {
    obj = JSON.parse(raw);
  } catch (err) {
    fail(name, line, `not valid JSON (${(err as Error).message})`);
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) fail(name, line, 'expected a JSON object such as {"text": "…", "label": "…"}');
  const o = obj as Record<string, unknown>;
  const label = readLabel(Object.hasOwn(o, 'label') ? o.label : undefined, name, line);
  const hasText = Object.hasOwn(o, 'text');
  if (hasText === Object.hasOwn(o, 'ids')) fail(name, line, 'give exactly one of "text" (a string) or "ids" (token ids)');
  if (!hasText) return { line, ids: readIds(o.ids, name, line), ...(label === undefined ? {} : { label }) };
  if (typeof o.text !== 'string' || o.text === '') fail(name, line, '"text" must be a non-empty string');
  return { line, text: o.text, ...(label === undefined ? {} : { label }) };
}

function parseJsonl(text: string, name: string): PromptRow[] {
  return splitLines(text).flatMap((raw, i) => (raw.trim() === '' ? [] : [parseJsonlLine(raw, name, i + 1)]));
}

interface CsvRecord {
  line: number;
  fields: string[];
}

/** Ends the current field at a separator, a line break or the end; returns the index after it. */
function endOfQuoted(text: string, i: number, name: string, line: number): number {
  const next = text[i];
  if (next === undefined || next === ',' || next === '\n' || next === '\r') return i;
  return fail(name, line, `unexpected ${JSON.stringify(next)} after a closing quote (write a quote inside a quoted field as "")`);
}

/** Reads one quoted field starting after its opening quote; returns the value and the index after the closing quote. */
function readQuoted(text: string, start: number, name: string, line: number): { value: string; end: number; lines: number } {
  let value = '';
  let lines = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      if (text[i + 1] === '"') {
        value += '"';
        i++;
        continue;
      }
      return { value, end: endOfQuoted(text, i + 1, name, line + lines), lines };
    }
    if (c === '\n') lines++;
    value += c;
  }
  return fail(name, line, 'a quoted field is never closed');
}

/** RFC 4180: comma-separated, fields optionally quoted, "" escapes a quote, quoted fields may span lines. */
export function parseCsv(text: string, name: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field === '') {
      const q = readQuoted(text, i + 1, name, line);
      field = q.value;
      line += q.lines;
      i = q.end;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      recordLine = ++line;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

const TEXT_COLUMNS = ['text', 'prompt', 'statement'];

function parseCsvPrompts(text: string, name: string): PromptRow[] {
  const [header, ...records] = parseCsv(text, name);
  if (header === undefined) return [];
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const textCol = columns.findIndex((c) => TEXT_COLUMNS.includes(c));
  if (textCol < 0) fail(name, header.line, `the header needs a column named ${TEXT_COLUMNS.join(', ')} (found ${header.fields.join(', ')})`);
  const labelCol = columns.indexOf('label');
  return records.map(({ line, fields }) => {
    if (fields.length !== columns.length) fail(name, line, `expected ${columns.length} fields as in the header, found ${fields.length}`);
    if (fields[textCol] === '') fail(name, line, `empty ${columns[textCol]}`);
    return { line, text: fields[textCol], ...(labelCol < 0 ? {} : { label: fields[labelCol] }) };
  });
}
