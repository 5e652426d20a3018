// What every subcommand shares: the I/O it writes to, its declaration, the global options, backend
// start-up, model loading with guaranteed disposal, and file output.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeNpy } from '../data/npy';
import { initBackend } from '../model/backend';
import { disposeModel, type Model } from '../model/model';
import { CliError, onePositional, stringFlag, type FlagSpecs, type ParsedArgs } from './args';
import { displayPath, loadModelFiles, readModelFiles, resolveModelSource } from './resolveModel';

/** Where a run writes; tests pass captured strings, the launcher passes the process's streams. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Directory that relative paths are resolved against. */
  cwd: string;
}

export interface Command {
  name: string;
  summary: string;
  /** Full help text, printed by `repscope help NAME`. */
  help: string;
  /** The command's own flags; GLOBAL_FLAGS are added to every command. */
  flags: FlagSpecs;
  run(args: ParsedArgs, io: CliIo): Promise<void>;
}

export const GLOBAL_FLAGS: FlagSpecs = { backend: 'string', debug: 'boolean', help: 'boolean' };

export const GLOBAL_HELP = `Global options:
  --backend wasm|cpu   tfjs backend (default wasm; falls back to cpu if wasm fails its self-test)
  --debug              print the stack trace of an error
  --help               show help for the command`;

export const MODEL_HELP = `MODEL is a built-in model id (public/models/<id>/), a model directory (config.json,
model.safetensors, optional tokenizer.json and card.json), or a .safetensors file with
config.json beside it. An existing path wins over a built-in id of the same name.`;

const BACKENDS = ['wasm', 'cpu'] as const;

/** Starts the tfjs backend named by --backend; says on stderr when it had to fall back. */
export async function startBackend(args: ParsedArgs, io: CliIo): Promise<void> {
  const choice = stringFlag(args, 'backend') ?? 'wasm';
  if (!(BACKENDS as readonly string[]).includes(choice)) {
    throw new CliError(`--backend must be ${BACKENDS.join(' or ')}, got ${JSON.stringify(choice)}`, true);
  }
  const report = await initBackend(choice as (typeof BACKENDS)[number]);
  if (report.chosen !== choice) io.stderr(`note: ${report.reason}\n`);
}

/** Starts the backend, loads MODEL (the one positional argument), runs `fn` and always disposes the model. */
export async function withModel<T>(args: ParsedArgs, io: CliIo, command: string, fn: (model: Model) => Promise<T>): Promise<T> {
  const spec = onePositional(args, command);
  // Files first, so a wrong path fails before the backend's start-up self-test.
  const source = await resolveModelSource(spec, io.cwd);
  const files = await readModelFiles(source, io.cwd);
  await startBackend(args, io);
  const model = await loadModelFiles(spec, source, files);
  try {
    return await fn(model);
  } finally {
    disposeModel(model);
  }
}

/** Writes a float32 C-order array as .npy, creating parent directories. */
export async function writeNpyFile(file: string, data: Float32Array, shape: number[], io: CliIo): Promise<void> {
  await writeOutput(file, writeNpy(data, shape), io);
}

export async function writeOutput(file: string, bytes: Uint8Array | string, io: CliIo): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
  } catch (err) {
    throw new CliError(`cannot write ${displayPath(file, io.cwd)}: ${(err as Error).message}`);
  }
}

/** "[3, 1031]" */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
