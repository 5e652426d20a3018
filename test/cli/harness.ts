// Shared by the CLI tests: runs `main` in-process with captured output, reads .npy files by parsing
// their header here (independently of src/data/npy), and builds model directories in temp folders.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { main } from '../../src/cli/main';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ENGINE_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'engine');
export const VARIANTS = ['f32', 'f16-prefixed', 'bf16-untied', 'relu'];

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process; relative paths resolve against `cwd` (default: the repository root). */
export async function runCli(argv: string[], cwd = REPO_ROOT): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

/** Runs the CLI and asserts it succeeded (stderr is the failure message). */
export async function runCliOk(argv: string[], cwd?: string): Promise<CliRun> {
  const run = await runCli(argv, cwd);
  expect(run.code, run.stderr).toBe(0);
  return run;
}

/** Asserts the CLI failed as documented: status 2, nothing on stdout, exactly one `error:` line on stderr. */
export function expectCliError(run: CliRun, ...fragments: (string | RegExp)[]): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.split('\n');
  expect(lines.length, run.stderr).toBe(2); // one line plus the final newline
  expect(lines[1]).toBe('');
  expect(lines[0]).toMatch(/^error: /);
  expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  for (const f of fragments) {
    if (typeof f === 'string') expect(lines[0]).toContain(f);
    else expect(lines[0]).toMatch(f);
  }
}

export interface NpyFile {
  shape: number[];
  data: Float32Array;
}

/** Parses a version-1.0 float32 C-order .npy, asserting every header field the CLI promises. */
export function parseNpy(bytes: Uint8Array): NpyFile {
  expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const headerLength = bytes[8] | (bytes[9] << 8);
  const dataStart = 10 + headerLength;
  expect(dataStart % 64).toBe(0);
  const header = new TextDecoder('latin1').decode(bytes.subarray(10, dataStart));
  expect(header.endsWith('\n')).toBe(true);
  expect(header).toMatch(/'descr': '<f4'/);
  expect(header).toMatch(/'fortran_order': False/);
  const shapeText = /'shape': \(([^)]*)\)/.exec(header)?.[1];
  expect(shapeText).toBeDefined();
  const shape = shapeText!.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  expect(bytes.length - dataStart).toBe(4 * count);
  const data = new Float32Array(bytes.slice(dataStart).buffer);
  return { shape, data };
}

export async function readNpyFile(file: string): Promise<NpyFile> {
  return parseNpy(new Uint8Array(await readFile(file)));
}

export interface FixturePrompt {
  dir: string;
  ids: number[];
  greedy: number[];
  hooks: string[];
}

export async function fixtureExpected(variant: string): Promise<{ prompts: FixturePrompt[] }> {
  return JSON.parse(await readFile(path.join(ENGINE_FIXTURES, variant, 'expected.json'), 'utf8'));
}

/** A fresh temporary directory; remove it with `rm(dir, {recursive: true})`. */
export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'repscope-cli-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Copies a fixture model into `dir` and adds files (name → JSON value or raw text/bytes). */
export async function modelDir(dir: string, variant = 'f32', extra: Record<string, unknown> = {}): Promise<string> {
  for (const name of ['config.json', 'model.safetensors']) await cp(path.join(ENGINE_FIXTURES, variant, name), path.join(dir, name));
  for (const [name, value] of Object.entries(extra)) {
    const body = typeof value === 'string' || value instanceof Uint8Array ? value : JSON.stringify(value);
    await writeFile(path.join(dir, name), body);
  }
  return dir;
}

/** A word tokenizer whose ids stay inside the fixtures' 1031-token vocabulary. */
export const WORD_TOKENIZER = {
  type: 'word',
  vocab: ['<unk>', '.', 'the', 'cat', 'sat', 'on', 'mat', 'a', 'dog', 'ran', 'is', 'red', 'blue'],
  unk: '<unk>',
};

/** Largest |a − b| over entries where `expected` is finite; for masked (−∞) entries, checks actual ≤ −1e4. */
export function maxFiniteDiff(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    if (expected[i] === -Infinity) {
      if (!(actual[i] <= -1e4)) return Infinity;
    } else {
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    }
  }
  return worst;
}
