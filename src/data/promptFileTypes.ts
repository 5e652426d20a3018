// Types and limits shared by the prompt-file readers (txt, csv/tsv, jsonl) and the column detection.

/** The most prompts one file may hold; past it parsing stops with an error. */
export const MAX_PROMPT_ROWS = 200_000;
/** The largest prompt file accepted, in bytes (for text, in UTF-16 code units, which is never fewer). */
export const MAX_PROMPT_FILE_BYTES = 50 * 1024 * 1024;
/** Errors beyond this many are counted, not listed: a wrong-format file would list one per line. */
export const MAX_LISTED_ERRORS = 100;
/** Warnings beyond this many are summarised in one line. */
export const MAX_LISTED_WARNINGS = 20;

export interface LineError {
  /** 1-based line in the file; 0 when the problem concerns the whole file. */
  line: number;
  message: string;
}

/** One record of a table-like file (csv, tsv, jsonl) before column roles are applied. */
export interface RawRecord {
  line: number;
  /** Values aligned with the table's columns; undefined where a jsonl object lacks the key. */
  values: (string | undefined)[];
}

export interface RawTable {
  columns: string[];
  records: RawRecord[];
}

/** Collects line-numbered errors, listing the first MAX_LISTED_ERRORS and counting all. */
export class ErrorList {
  readonly list: LineError[] = [];
  count = 0;

  add(line: number, message: string): void {
    this.count++;
    if (this.list.length < MAX_LISTED_ERRORS) this.list.push({ line, message });
  }
}

/** Collects warnings, listing the first MAX_LISTED_WARNINGS and summarising the rest. */
export class WarningList {
  private readonly listed: string[] = [];
  private extra = 0;

  add(message: string): void {
    if (this.listed.length < MAX_LISTED_WARNINGS) this.listed.push(message);
    else this.extra++;
  }

  toArray(): string[] {
    return this.extra === 0 ? [...this.listed] : [...this.listed, `… and ${this.extra} more warnings`];
  }
}

/** A column name or value quoted for a message, shortened so a hostile file cannot flood the screen. */
export function quoted(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** Thousands separators without depending on the host's locale. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1 prompt", "3 prompts". */
export function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}
