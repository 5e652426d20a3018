// Turns the MODEL argument (built-in id, model directory, or .safetensors file) into files on disk,
// reads them, and loads the model through the same engine the app uses.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel, type Model, type ModelFiles } from '../model/model';
import { CliError } from './args';

export interface ModelSource {
  /** Built-in id, or the name of the directory / file the user gave. */
  id: string;
  /** The directory holding config.json (and any tokenizer.json, card.json). */
  dir: string;
  weightsPath: string;
  /** Whether MODEL named a built-in model in public/models. */
  builtin: boolean;
}

/** The repository root, found from this module's own location so the CLI works from any cwd. */
export function repoRoot(): string {
  return fileURLToPath(new URL('../../', import.meta.url));
}

export function builtinModelsDir(): string {
  return path.join(repoRoot(), 'public', 'models');
}

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

async function kindOf(p: string): Promise<'dir' | 'file' | null> {
  try {
    const s = await stat(p);
    return s.isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
}

/** Where a model's files are, for people: built-ins relative to the repository root, others to cwd. */
export function displaySource(source: ModelSource, file: string, cwd: string): string {
  return source.builtin ? path.relative(repoRoot(), file) : displayPath(file, cwd);
}

/** A path as the user would like to read it: relative to cwd when inside it. */
export function displayPath(p: string, cwd: string): string {
  const rel = path.relative(cwd, p);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}

async function builtinIds(): Promise<string[]> {
  try {
    const entries = await readdir(builtinModelsDir(), { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

async function fromDirectory(dir: string, id: string, cwd: string, builtin = false): Promise<ModelSource> {
  for (const name of ['config.json', 'model.safetensors']) {
    if ((await kindOf(path.join(dir, name))) !== 'file') {
      throw new CliError(`model directory ${displayPath(dir, cwd)} has no ${name} (a model directory holds config.json and model.safetensors)`);
    }
  }
  return { id, dir, weightsPath: path.join(dir, 'model.safetensors'), builtin };
}

async function fromWeightsFile(file: string, cwd: string): Promise<ModelSource> {
  const dir = path.dirname(file);
  if ((await kindOf(path.join(dir, 'config.json'))) !== 'file') {
    throw new CliError(`${displayPath(file, cwd)} has no config.json beside it; put the model's config.json in the same directory`);
  }
  return { id: path.basename(file, '.safetensors'), dir, weightsPath: file, builtin: false };
}

async function unknownModel(spec: string): Promise<never> {
  if (!MODEL_ID.test(spec)) throw new CliError(`model path ${JSON.stringify(spec)} does not exist`);
  const ids = await builtinIds();
  const known = ids.length > 0 ? `built-in models: ${ids.join(', ')}` : 'no built-in models are installed in public/models';
  throw new CliError(`unknown model ${JSON.stringify(spec)}: not a directory or .safetensors file, nor a built-in model id (${known})`);
}

/** Finds the model's files: an existing path wins over a built-in id of the same name. */
export async function resolveModelSource(spec: string, cwd: string): Promise<ModelSource> {
  if (spec === '') throw new CliError('MODEL is empty; give a built-in model id, a model directory or a .safetensors file', true);
  const given = path.resolve(cwd, spec);
  const kind = await kindOf(given);
  if (kind === 'dir') return fromDirectory(given, path.basename(given), cwd);
  if (kind === 'file') {
    if (given.endsWith('.safetensors')) return fromWeightsFile(given, cwd);
    throw new CliError(`${spec} is a file but not a .safetensors file; give a model directory, a .safetensors file or a built-in model id`);
  }
  if (MODEL_ID.test(spec) && !spec.endsWith('.safetensors')) {
    const dir = path.join(builtinModelsDir(), spec);
    if ((await kindOf(dir)) === 'dir') return fromDirectory(dir, spec, cwd, true);
  }
  return unknownModel(spec);
}

/** Parses a JSON file; a missing optional file gives undefined. */
async function readJsonFile(file: string, cwd: string, optional: boolean): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (optional && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`cannot read ${displayPath(file, cwd)}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(`${displayPath(file, cwd)} is not valid JSON (${(err as Error).message})`);
  }
}

/** Reads config.json, the weights, and the optional tokenizer.json and card.json. */
export async function readModelFiles(source: ModelSource, cwd: string): Promise<ModelFiles> {
  const config = await readJsonFile(path.join(source.dir, 'config.json'), cwd, false);
  const tokenizer = await readJsonFile(path.join(source.dir, 'tokenizer.json'), cwd, true);
  const card = await readJsonFile(path.join(source.dir, 'card.json'), cwd, true);
  let weights: Uint8Array;
  try {
    const buffer = await readFile(source.weightsPath);
    // A plain Uint8Array view: Buffer's slice() shares memory where Uint8Array's copies.
    weights = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (err) {
    throw new CliError(`cannot read ${displayPath(source.weightsPath, cwd)}: ${(err as Error).message}`);
  }
  return { config, weights, tokenizer, card };
}

/** Validates and uploads a model read by readModelFiles; dispose it with disposeModel. */
export async function loadModelFiles(spec: string, source: ModelSource, files: ModelFiles): Promise<Model> {
  try {
    return await loadModel(files, source.id);
  } catch (err) {
    throw new CliError(`cannot load model ${JSON.stringify(spec)}: ${(err as Error).message}`);
  }
}
