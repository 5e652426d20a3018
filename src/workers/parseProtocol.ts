// The messages between the page and the parse worker, imported by both sides: one request per file,
// answered by its rows in slices (each a short task for the page to receive) and then its outcome, or
// by an error when reading threw. `respond` is the worker's side, kept here so tests can run it.
import type { ParsedPromptFile } from '../data/promptFile';
import type { PromptRow } from '../data/types';
import { runParse, type ParseInput, type ParseOutcome } from './parseJob';

export interface ParseRequest {
  id: number;
  input: ParseInput;
}

export type ParseResponse =
  | { type: 'rows'; id: number; rows: PromptRow[] }
  | { type: 'result'; id: number; outcome: ParseOutcome }
  | { type: 'error'; id: number; message: string };

/** Rows per `rows` message: the page deserialises each message in one task, so this bounds the task. */
export const ROWS_PER_MESSAGE = 10_000;

function parsedOf(outcome: ParseOutcome): ParsedPromptFile | null {
  if (outcome.kind === 'prompts') return outcome.read.parsed;
  return outcome.kind === 'session' ? (outcome.dataset?.parsed ?? null) : null;
}

/** Removes the outcome's rows (to be sent in slices) and returns them. */
export function takeRows(outcome: ParseOutcome): PromptRow[] {
  const parsed = parsedOf(outcome);
  if (!parsed) return [];
  const rows = parsed.rows;
  parsed.rows = [];
  return rows;
}

/** Puts the rows that arrived in slices back into the outcome. */
export function putRows(outcome: ParseOutcome, rows: PromptRow[]): void {
  const parsed = parsedOf(outcome);
  if (parsed) parsed.rows = rows;
}

/** The worker's side: reads the request and posts its rows in slices, then the outcome (or the error). */
export function respond({ id, input }: ParseRequest, post: (message: ParseResponse) => void): void {
  let outcome: ParseOutcome;
  try {
    outcome = runParse(input);
  } catch (error) {
    return post({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });
  }
  const rows = takeRows(outcome);
  for (let i = 0; i < rows.length; i += ROWS_PER_MESSAGE) post({ type: 'rows', id, rows: rows.slice(i, i + ROWS_PER_MESSAGE) });
  post({ type: 'result', id, outcome });
}
