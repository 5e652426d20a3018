// What the parse worker does, as one pure function the page can also call where workers cannot start:
// a dropped file's bytes (or a text) in; the parse, the content hash and the UTF-8 size out, so the page
// never walks a large file itself. Results are plain data (Maps included), cloned once to the page.
import { sha256Hex } from '../data/hash';
import { decodePromptBytes, parsePromptFile, type ParsedPromptFile, type PromptFileOptions } from '../data/promptFile';
import type { SessionFile } from '../data/sessionFile';
import type { PromptRow } from '../data/types';

/** What to read: a file's bytes (decoded, size-capped and sniffed here), or a text already held. */
export type ParseInput =
  | { kind: 'file'; name: string; bytes: ArrayBuffer }
  | {
    kind: 'text'; name: string; text: string;
    /** The prompt column, instead of the detected one. */
    textColumn?: string;
    /** Label columns to use when the file has them all (a built-in set's), else the detected ones. */
    preferLabelColumns?: string[];
  };

/** A text read as prompts, with its identity. */
export interface ReadText {
  parsed: ParsedPromptFile;
  /** SHA-256 (hex) of the text's UTF-8 bytes: the dataset's identity. */
  contentHash: string;
  /** Length of the text in UTF-8 bytes (whether a link may carry it inline). */
  utf8Bytes: number;
}

export type ParseOutcome =
  /** A file that is not a prompt file (binary, too large, not UTF-8); the message says what to drop. */
  | { kind: 'rejected'; error: string }
  /** Prompts, with or without errors; `text` is the decoded text of a file input (a text input keeps its own). */
  | { kind: 'prompts'; read: ReadText; text?: string }
  /** An exported session, its dataset (when it has one) read with the session's prompt column. */
  | { kind: 'session'; session: SessionFile; warnings: string[]; dataset: ReadText | null; textColumn?: string };

/** Label sets beyond this many distinct ones are not shared (a column of ids would only fill the index). */
const MAX_SHARED_LABEL_SETS = 4096;

/**
 * Lets rows with equal labels share one (read-only) Map. A structured clone keeps shared references shared
 * within a message, so the page rebuilds a few Maps per slice of rows instead of one per row, and holds fewer.
 */
export function shareLabelMaps(rows: PromptRow[]): void {
  const shared = new Map<string, ReadonlyMap<string, string>>();
  for (const row of rows) {
    const key = JSON.stringify([...row.labels]);
    const same = shared.get(key);
    if (same !== undefined) row.labels = same;
    else if (shared.size < MAX_SHARED_LABEL_SETS) shared.set(key, row.labels);
  }
}

/** The parse with its identity; rows with equal labels share their Map. */
function identify(parsed: ParsedPromptFile, text: string): ReadText {
  shareLabelMaps(parsed.rows);
  const bytes = new TextEncoder().encode(text);
  return { parsed, contentHash: sha256Hex(bytes), utf8Bytes: bytes.length };
}

function readSession(session: SessionFile, warnings: string[]): ParseOutcome {
  const ref = session.state.dataset;
  const textColumn = ref?.kind === 'builtin' ? undefined : ref?.textColumn;
  const text = session.dataset?.text;
  const dataset = text === undefined ? null : identify(parsePromptFile(text, session.dataset!.name, textColumn === undefined ? {} : { textColumn }), text);
  return textColumn === undefined ? { kind: 'session', session, warnings, dataset } : { kind: 'session', session, warnings, dataset, textColumn };
}

function outcomeOf(parsed: ParsedPromptFile, text: string): ParseOutcome {
  if (parsed.format === 'session' && parsed.session) return readSession(parsed.session, parsed.warnings);
  return { kind: 'prompts', read: identify(parsed, text) };
}

/** Reads one input; never throws for bad files (they come back as values). */
export function runParse(input: ParseInput): ParseOutcome {
  if (input.kind === 'text') {
    const base: PromptFileOptions = input.textColumn === undefined ? {} : { textColumn: input.textColumn };
    const labels = input.preferLabelColumns;
    if (labels && labels.length > 0) {
      const parsed = parsePromptFile(input.text, input.name, { ...base, labelColumns: labels });
      if (parsed.errorCount === 0) return outcomeOf(parsed, input.text);
    }
    return outcomeOf(parsePromptFile(input.text, input.name, base), input.text);
  }
  const decoded = decodePromptBytes(new Uint8Array(input.bytes), input.name);
  if (!decoded.ok) return { kind: 'rejected', error: decoded.error };
  const outcome = outcomeOf(parsePromptFile(decoded.text, input.name), decoded.text);
  return outcome.kind === 'prompts' ? { ...outcome, text: decoded.text } : outcome;
}
