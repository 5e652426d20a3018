// A whole session as one JSON file (the view plus the dataset's text) that can be dropped back in.
// The view inside is read through the same field table as links, so a file is no more trusted than a URL.
import { MAX_PROMPT_FILE_BYTES } from './promptFileTypes';
import { decodeStateObject, encodeStateObject, type ViewState } from './urlState';
import { describe, isRecord, nestsDeeperThan, own } from './urlStateValidate';

export const SESSION_KIND = 'repscope-session';
export const SESSION_VERSION = 1;
/** The view's JSON nests three levels; a file nesting far deeper is not ours. */
const MAX_DEPTH = 16;
/** A session holds a prompt file plus a little JSON around it. */
const MAX_SESSION_CHARS = MAX_PROMPT_FILE_BYTES + 1024 * 1024;

export interface SessionDataset {
  name: string;
  /** The prompt file's text, parsed again with parsePromptFile on import. */
  text: string;
}

export interface SessionFile {
  kind: typeof SESSION_KIND;
  version: typeof SESSION_VERSION;
  state: ViewState;
  dataset?: SessionDataset;
}

export type ParsedSession = { ok: true; session: SessionFile; warnings: string[] } | { ok: false; error: string };

/** The session as indented JSON; every field of the view is written, so the file explains itself. */
export function serializeSession(state: ViewState, dataset?: SessionDataset): string {
  const file: { [key: string]: unknown } = { kind: SESSION_KIND, version: SESSION_VERSION, state: encodeStateObject(state, true) };
  if (dataset) file.dataset = { name: dataset.name, text: dataset.text };
  return JSON.stringify(file, null, 2);
}

/** A cheap test on the head of a text, before paying for a full JSON parse. */
export function looksLikeSession(text: string): boolean {
  const head = text.slice(0, 4096).trimStart();
  return head.startsWith('{') && /"kind"\s*:\s*"repscope-session"/.test(head);
}

function sessionDataset(raw: unknown): { dataset?: SessionDataset; error?: string } {
  if (raw === undefined) return {};
  if (!isRecord(raw)) return { error: `its dataset is ${describe(raw)}, not {"name", "text"}` };
  const name = own(raw, 'name');
  const text = own(raw, 'text');
  if (typeof name !== 'string' || name.length > 256) return { error: 'its dataset name is missing or longer than 256 characters' };
  if (typeof text !== 'string') return { error: 'its dataset has no text' };
  return { dataset: { name, text } };
}

/** Reads a session file; errors say what is wrong with it, warnings what of the view was not used. */
export function parseSession(text: string, name = 'the session file'): ParsedSession {
  const fail = (why: string): ParsedSession => ({ ok: false, error: `${name} is not a usable Repscope session: ${why}; export the session again from the app` });
  if (text.length > MAX_SESSION_CHARS) return fail(`it is larger than ${Math.round(MAX_SESSION_CHARS / 1024 / 1024)} MB`);
  if (nestsDeeperThan(text, MAX_DEPTH)) return fail('it nests too deeply');
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return fail('it is not valid JSON');
  }
  if (!isRecord(raw) || own(raw, 'kind') !== SESSION_KIND) return fail(`it has no "kind": "${SESSION_KIND}"`);
  const version = own(raw, 'version');
  if (version !== SESSION_VERSION) return fail(`it is version ${describe(version)}, and this app reads version ${SESSION_VERSION}`);
  const { dataset, error } = sessionDataset(own(raw, 'dataset'));
  if (error !== undefined) return fail(error);
  const { state, warnings } = decodeStateObject(own(raw, 'state') ?? {}, name);
  const session: SessionFile = { kind: SESSION_KIND, version: SESSION_VERSION, state };
  if (dataset) session.dataset = dataset;
  return { ok: true, session, warnings };
}
