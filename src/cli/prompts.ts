// The prompts of a command — from --text, --ids or --prompts FILE — as token ids checked against the model.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Model } from '../model/model';
import { CliError, stringFlag, type ParsedArgs } from './args';
import { parsePromptFile, type Label, type PromptRow } from './promptFile';
import { displayPath } from './resolveModel';

export const NO_TOKENIZER = 'this model has no tokenizer; pass --ids';

export interface Prompt {
  /** The text as given, or null when the prompt came as ids. */
  text: string | null;
  ids: number[];
  label?: Label;
}

export interface PromptSet {
  prompts: Prompt[];
  /** Whether the prompts came from a file (outputs then keep the prompt axis even for one prompt). */
  fromFile: boolean;
}

/** Parses "1,2,3" (spaces allowed) into token ids within the model's vocabulary. */
export function parseIds(text: string, dVocab: number): number[] {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  if (parts.length === 0) throw new CliError('--ids is empty; give comma-separated token ids such as 1,2,3', true);
  return parts.map((p) => {
    if (!/^[0-9]+$/.test(p)) throw new CliError(`--ids: ${JSON.stringify(p)} is not a token id; give comma-separated non-negative integers such as 1,2,3`, true);
    const id = Number(p);
    if (id >= dVocab) throw new CliError(`--ids: token id ${id} is outside the model's vocabulary (ids 0–${dVocab - 1})`);
    return id;
  });
}

function encodeText(model: Model, text: string, where: string, hint = NO_TOKENIZER): number[] {
  if (model.tokenizer === null) throw new CliError(hint);
  const ids = model.tokenizer.encode(text).ids;
  if (ids.length === 0) throw new CliError(`${where} encodes to no tokens; give some text`);
  return ids;
}

function checkIds(ids: number[], dVocab: number, where: string): void {
  const bad = ids.find((id) => id >= dVocab);
  if (bad !== undefined) throw new CliError(`${where}: token id ${bad} is outside the model's vocabulary (ids 0–${dVocab - 1})`);
}

/** Checked here, not in the engine, so the message can name the prompt's source rather than its batch index. */
function checkLength(prompt: Prompt, nCtx: number, where: string): Prompt {
  if (prompt.ids.length > nCtx) {
    throw new CliError(`${where} has ${prompt.ids.length} tokens, more than the model's context length of ${nCtx}; shorten it`);
  }
  return prompt;
}

/** The one prompt given by --text or --ids (exactly one of them). */
export function singlePrompt(args: ParsedArgs, model: Model): Prompt {
  const text = stringFlag(args, 'text');
  const ids = stringFlag(args, 'ids');
  if ((text === undefined) === (ids === undefined)) throw new CliError('give the prompt as exactly one of --text STR or --ids 1,2,3', true);
  const nCtx = model.config.nCtx;
  if (ids !== undefined) return checkLength({ text: null, ids: parseIds(ids, model.config.dVocab) }, nCtx, 'the prompt');
  if (text === '') throw new CliError('--text is empty; give some text', true);
  return checkLength({ text: text!, ids: encodeText(model, text!, '--text') }, nCtx, 'the prompt');
}

function rowToPrompt(row: PromptRow, model: Model, file: string): Prompt {
  const label = row.label === undefined ? {} : { label: row.label };
  const where = `${file} line ${row.line}`;
  if (row.ids !== undefined) {
    checkIds(row.ids, model.config.dVocab, where);
    return checkLength({ text: null, ids: row.ids, ...label }, model.config.nCtx, `the prompt on ${where}`);
  }
  const hint = `${NO_TOKENIZER} (or use a .jsonl prompt file with "ids" arrays)`;
  const ids = encodeText(model, row.text!, where, hint);
  return checkLength({ text: row.text!, ids, ...label }, model.config.nCtx, `the prompt on ${where}`);
}

async function filePrompts(file: string, model: Model, cwd: string): Promise<Prompt[]> {
  const full = path.resolve(cwd, file);
  const shown = displayPath(full, cwd);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read prompt file ${shown}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  return parsePromptFile(text, shown).map((row) => rowToPrompt(row, model, shown));
}

/** Prompts from exactly one of --text, --ids or --prompts FILE. */
export async function promptSet(args: ParsedArgs, model: Model, cwd: string): Promise<PromptSet> {
  const file = stringFlag(args, 'prompts');
  const given = ['text', 'ids', 'prompts'].filter((f) => args.flags.has(f));
  if (given.length !== 1) throw new CliError('give the prompts as exactly one of --text STR, --ids 1,2,3 or --prompts FILE', true);
  if (file === undefined) return { prompts: [singlePrompt(args, model)], fromFile: false };
  return { prompts: await filePrompts(file, model, cwd), fromFile: true };
}

/** How an id the tokenizer does not know is shown (a model's vocabulary may be padded past its tokenizer's). */
export function unknownIdText(id: number): string {
  return `[id ${id}]`;
}

/** The display text of each token, or null when the model has no tokenizer. */
export function tokenStrings(model: Model, ids: readonly number[]): string[] | null {
  const tok = model.tokenizer;
  return tok === null ? null : ids.map((id) => (id < tok.vocabSize ? tok.tokenText(id) : unknownIdText(id)));
}

/** Decodes ids to text; runs of ids past the tokenizer's vocabulary appear as [id N]. Null without a tokenizer. */
export function decodeIds(model: Model, ids: readonly number[]): string | null {
  const tok = model.tokenizer;
  if (tok === null) return null;
  if (ids.every((id) => id < tok.vocabSize)) return tok.decode(ids);
  const pieces: string[] = [];
  let run: number[] = [];
  for (const id of [...ids, -1]) {
    if (id >= 0 && id < tok.vocabSize) {
      run.push(id);
      continue;
    }
    if (run.length > 0) pieces.push(tok.decode(run));
    if (id >= 0) pieces.push(unknownIdText(id));
    run = [];
  }
  // Word tokenizers join tokens with spaces; the others concatenate.
  return pieces.join(tok.kind === 'word' ? ' ' : '');
}
