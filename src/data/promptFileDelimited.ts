// A CSV/TSV reader (RFC 4180 quoting) that keeps the line each record starts on, so every error can
// name its line. One pass over the string with charCodeAt; no regular expressions in the hot loop.
import { ErrorList, WarningList, plural, quoted, type RawRecord, type RawTable } from './promptFileTypes';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export interface DelimitedResult extends RawTable {
  /** The line of the first record not read because `maxRecords` was reached, else null. */
  stoppedAtLine: number | null;
}

interface Cursor {
  text: string;
  delimiter: number;
  i: number;
  line: number;
}

/** Line breaks (LF, CRLF or a lone CR) inside a quoted value. */
function countBreaks(s: string): number {
  let count = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === LF || (c === CR && s.charCodeAt(k + 1) !== LF)) count++;
  }
  return count;
}

/** Reads a quoted field starting at the opening quote; returns its value or an error message. */
function readQuoted(cur: Cursor): { value: string } | { error: string } {
  const { text } = cur;
  let value = '';
  let j = cur.i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q === -1) {
      // Resume on the next line: one stray quote should not swallow the rest of the file.
      const end = text.indexOf('\n', cur.i);
      cur.i = end === -1 ? text.length : end;
      return { error: 'a quoted field opens on this line and is never closed; close it with " and write a quote inside a quoted field as ""' };
    }
    if (text.charCodeAt(q + 1) === QUOTE) {
      value += text.slice(j, q + 1);
      j = q + 2;
      continue;
    }
    value += text.slice(j, q);
    cur.i = q + 1;
    break;
  }
  cur.line += countBreaks(value);
  const next = text.charCodeAt(cur.i);
  if (cur.i < text.length && next !== cur.delimiter && next !== LF && next !== CR) {
    const end = text.indexOf('\n', cur.i);
    cur.i = end === -1 ? text.length : end;
    return { error: 'text follows a closing quote; put the whole field in quotes and write a quote inside it as ""' };
  }
  // Spreadsheets end rows with CRLF but cells with LF; one convention keeps prompts identical across systems.
  return { value: value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value };
}

/** Reads an unquoted field up to the next delimiter or line break. */
function readPlain(cur: Cursor): string {
  const { text, delimiter } = cur;
  let j = cur.i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === delimiter || c === LF || c === CR) break;
    j++;
  }
  const value = text.slice(cur.i, j);
  cur.i = j;
  return value;
}

interface ParsedRecord {
  fields: string[];
  line: number;
  error: string | null;
  /** True for an empty or whitespace-only line, which is skipped. */
  blank: boolean;
}

/** Reads one record (possibly spanning lines) and leaves the cursor at the start of the next. */
function readRecord(cur: Cursor): ParsedRecord {
  const record: ParsedRecord = { fields: [], line: cur.line, error: null, blank: false };
  let quotedAny = false;
  for (;;) {
    if (cur.text.charCodeAt(cur.i) === QUOTE) {
      quotedAny = true;
      const r = readQuoted(cur);
      if ('error' in r) record.error ??= r.error;
      else record.fields.push(r.value);
    } else {
      record.fields.push(readPlain(cur));
    }
    if (cur.i >= cur.text.length) break;
    const c = cur.text.charCodeAt(cur.i);
    if (c === cur.delimiter && record.error === null) {
      cur.i++;
      continue;
    }
    cur.i += c === CR && cur.text.charCodeAt(cur.i + 1) === LF ? 2 : 1;
    cur.line++;
    break;
  }
  record.blank = !quotedAny && record.error === null && record.fields.length === 1 && record.fields[0].trim() === '';
  return record;
}

/** Column names from the header: trimmed, blanks named by position, repeats numbered. */
function columnNames(fields: string[], warnings: WarningList): string[] {
  const seen = new Set<string>();
  return fields.map((raw, k) => {
    let name = raw.trim() === '' ? `column ${k + 1}` : raw.trim();
    if (raw.trim() === '') warnings.add(`column ${k + 1} has no name in the header; it is called ${quoted(name)}`);
    if (seen.has(name)) {
      let n = 2;
      while (seen.has(`${name} (${n})`)) n++;
      warnings.add(`the header names ${quoted(name)} twice; the later one is called ${quoted(`${name} (${n})`)}`);
      name = `${name} (${n})`;
    }
    seen.add(name);
    return name;
  });
}

/** Parses delimited text: the first non-blank record is the header, every other must match its width. */
export function parseDelimited(text: string, delimiter: ',' | '\t', errors: ErrorList, warnings: WarningList, maxRecords: number): DelimitedResult {
  const cur: Cursor = { text, delimiter: delimiter.charCodeAt(0), i: 0, line: 1 };
  const sep = delimiter === ',' ? 'commas' : 'tabs';
  let columns: string[] | null = null;
  const records: RawRecord[] = [];
  while (cur.i < text.length) {
    const r = readRecord(cur);
    if (r.blank) continue;
    if (r.error !== null) {
      errors.add(r.line, r.error);
      if (columns === null) return { columns: [], records, stoppedAtLine: null };
    } else if (columns === null) {
      columns = columnNames(r.fields, warnings);
    } else if (r.fields.length !== columns.length) {
      errors.add(r.line, `this row has ${plural(r.fields.length, 'field')} but the header has ${columns.length}; put fields that contain ${sep} in double quotes`);
    } else if (records.length >= maxRecords) {
      return { columns, records, stoppedAtLine: r.line };
    } else {
      records.push({ line: r.line, values: r.fields });
    }
  }
  return { columns: columns ?? [], records, stoppedAtLine: null };
}
