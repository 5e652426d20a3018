// `repscope probe`: cross-validated linear probes on every layer of a cached hook site (one .npy per
// layer, as `repscope cache` writes them), with baselines; a table on stdout, everything in JSON.
// Also the input readers `repscope direction` shares: layers from X.npy or DIR, labels, groups.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { probeLayers, type ProbeReport } from '../analysis/probe';
import { ridgeProbeLayers, type RidgeReport } from '../analysis/ridgeProbe';
import type { Matrix } from '../data/types';
import { readMatrixFile } from './matrixFile';
import { CliError, onePositional, parseInteger, stringFlag, type ParsedArgs } from './args';
import { GLOBAL_HELP, startBackend, writeOutput, type CliIo, type Command } from './command';
import { displayPath } from './resolveModel';

export interface Layers {
  /** One name per layer: the file name without .npy. */
  names: string[];
  layers: Matrix[];
  /** DIR when the input was a directory (where meta.json may be), else null. */
  dir: string | null;
}

const LAYER_FILE = /^blocks\.(\d+)\.(.+)\.npy$/;

/** Layers from one 2-D .npy, or from DIR's blocks.N.SITE.npy files ordered by N (one site, or --hook SITE). */
export async function readLayers(input: string, hook: string | undefined, io: CliIo): Promise<Layers> {
  const info = await stat(input).catch(() => null);
  if (info === null) throw new CliError(`cannot find ${displayPath(input, io.cwd)}; give a .npy file or a directory written by repscope cache`);
  if (!info.isDirectory()) return { names: [path.basename(input, '.npy')], layers: [await readMatrixFile(input, io, probeNeedsMatrix)], dir: null };
  const files = (await readdir(input)).map((name) => ({ name, match: LAYER_FILE.exec(name) })).filter((f) => f.match !== null);
  const sites = [...new Set(files.map((f) => f.match![2]))].sort();
  const site = hook?.replace(/^blocks\.\*\./, '') ?? (sites.length === 1 ? sites[0] : undefined);
  if (site === undefined) {
    throw new CliError(sites.length === 0
      ? `${displayPath(input, io.cwd)} has no blocks.N.SITE.npy files; write them with repscope cache --hooks 'blocks.*.hook_resid_post' --position last`
      : `${displayPath(input, io.cwd)} holds several hook sites (${sites.join(', ')}); pick one with --hook SITE`, true);
  }
  const chosen = files.filter((f) => f.match![2] === site).sort((a, b) => Number(a.match![1]) - Number(b.match![1]));
  if (chosen.length === 0) throw new CliError(`${displayPath(input, io.cwd)} has no blocks.N.${site}.npy files; sites there: ${sites.join(', ') || 'none'}`);
  const layers = await Promise.all(chosen.map((f) => readMatrixFile(path.join(input, f.name), io, probeNeedsMatrix)));
  layers.forEach((x, l) => {
    if (x.rows !== layers[0].rows) throw new CliError(`${chosen[l].name} has ${x.rows} rows but ${chosen[0].name} has ${layers[0].rows}; use files from one cache run`);
  });
  return { names: chosen.map((f) => f.name.slice(0, -4)), layers, dir: input };
}

function probeNeedsMatrix(name: string, shape: string, rank: number): string {
  const hint = rank > 2 ? '; cache one row per prompt with --position last or mean' : '; cache several prompts with --prompts FILE';
  return `${name} has shape ${shape} but a probe needs [samples, features]${hint}`;
}

/**
 * One value per sample from FILE: a text file (one per line; a final empty line is ignored) or a
 * meta.json written by repscope cache (its prompts' `field`: label or group). Numeric text stays text.
 */
export async function readColumn(file: string, field: 'label' | 'group', io: CliIo): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch((err: Error) => {
    throw new CliError(`cannot read ${displayPath(file, io.cwd)}: ${err.message}`);
  });
  if (file.endsWith('.json')) return jsonColumn(text, field, displayPath(file, io.cwd));
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const empty = lines.findIndex((line) => line.trim() === '');
  if (empty >= 0) throw new CliError(`${displayPath(file, io.cwd)} line ${empty + 1} is empty; give one ${field} per line`);
  return lines.map((line) => line.trim());
}

function jsonColumn(text: string, field: string, shown: string): string[] {
  let meta: { prompts?: Record<string, unknown>[] };
  try {
    meta = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${shown} is not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(meta.prompts)) throw new CliError(`${shown} has no "prompts" list; give a meta.json from repscope cache or a text file`);
  return meta.prompts.map((p, i) => {
    const value = p?.[field];
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new CliError(`prompt ${i + 1} in ${shown} has no ${field}; label every prompt in the prompt file`);
    }
    return String(value);
  });
}

/** --labels FILE, or DIR/meta.json when DIR came from repscope cache. */
export async function readLabels(args: ParsedArgs, input: Layers, io: CliIo): Promise<string[]> {
  const given = stringFlag(args, 'labels');
  const file = given !== undefined ? path.resolve(io.cwd, given) : input.dir !== null ? path.join(input.dir, 'meta.json') : undefined;
  if (file === undefined) throw new CliError('missing --labels FILE (one label per line, or a meta.json from repscope cache)', true);
  const labels = await readColumn(file, 'label', io);
  if (labels.length !== input.layers[0].rows) {
    throw new CliError(`${displayPath(file, io.cwd)} has ${labels.length} labels but the activations have ${input.layers[0].rows} rows; give one label per row`);
  }
  return labels;
}

/** Numbers when every label is one (so classes sort numerically), else the text. */
function classLabels(labels: string[]): (string | number)[] {
  return labels.every((l) => l !== '' && Number.isFinite(Number(l))) ? labels.map(Number) : labels;
}

function numericOption(args: ParsedArgs, flag: string): number | undefined {
  const text = stringFlag(args, flag);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !(value > 0) || !Number.isFinite(value)) throw new CliError(`--${flag} must be a number > 0, got ${JSON.stringify(text)}`, true);
  return value;
}

function progressReporter(io: CliIo, names: string[]): (p: { layer: number }) => void {
  let shown = -1;
  return ({ layer }) => {
    if (layer !== shown && names.length > 1) io.stderr(`probe: layer ${layer + 1}/${names.length} (${names[layer]})\n`);
    shown = layer;
  };
}

const fmt = (v: number | null | undefined): string => (v == null ? '—' : v.toFixed(3));

function classifyTable(names: string[], report: ProbeReport): string {
  const width = Math.max(5, ...names.map((n) => n.length));
  const head = `${'layer'.padEnd(width)}  accuracy       majority  shuffled  control  selectivity\n`;
  return head + report.layers.map((r, l) => `${names[l].padEnd(width)}  ${fmt(r.accuracy.mean)} ± ${fmt(r.accuracy.std)}  ` +
    `${fmt(r.majority.mean).padEnd(8)}  ${fmt(r.shuffled?.mean).padEnd(8)}  ${fmt(r.control?.mean).padEnd(7)}  ${fmt(r.selectivity)}\n`).join('');
}

function regressTable(names: string[], report: RidgeReport): string {
  const width = Math.max(5, ...names.map((n) => n.length));
  return `${'layer'.padEnd(width)}  R²             correlation\n` +
    report.layers.map((r, l) => `${names[l].padEnd(width)}  ${fmt(r.r2.mean)} ± ${fmt(r.r2.std)}  ${fmt(r.correlation.mean)}\n`).join('');
}

/** JSON indented by one space, with arrays of numbers (fold ids, scores, confusion rows) kept on one line. */
function compactJson(value: unknown): string {
  return JSON.stringify(value, null, 1).replace(/\[\n[\d\s.,eE+-]*\]/g, (array) => array.replace(/\s+/g, ' ').replace('[ ', '[').replace(' ]', ']'));
}

export function printNotes(notes: string[], io: CliIo): void {
  for (const note of notes) io.stderr(`note: ${note}\n`);
}

function parseTargets(labels: string[]): number[] {
  return labels.map((l, i) => {
    if (l === '' || !Number.isFinite(Number(l))) throw new CliError(`label ${i + 1} is ${JSON.stringify(l)}; --task regress needs numeric labels`);
    return Number(l);
  });
}

/** Runs the probes, prints the table, and returns the JSON summary (layers named). */
async function runTask(task: string, args: ParsedArgs, input: Layers, labels: string[], io: CliIo): Promise<Record<string, unknown>> {
  const folds = stringFlag(args, 'folds') === undefined ? undefined : parseInteger(stringFlag(args, 'folds')!, '--folds');
  const seed = stringFlag(args, 'seed') === undefined ? 0 : parseInteger(stringFlag(args, 'seed')!, '--seed', true);
  const common = { folds, seed, onProgress: progressReporter(io, input.names) };
  const named = <T extends object>(layers: T[]) => layers.map((r, l) => ({ name: input.names[l], ...r }));
  if (task === 'regress') {
    const report = await ridgeProbeLayers(input.layers, parseTargets(labels), { ...common, alpha: numericOption(args, 'alpha') });
    io.stdout(regressTable(input.names, report));
    printNotes(report.notes, io);
    return { task, seed, ...report, layers: named(report.layers), foldIds: Array.from(report.foldIds) };
  }
  const groupsFile = stringFlag(args, 'groups');
  const groups = groupsFile === undefined ? undefined : await readColumn(path.resolve(io.cwd, groupsFile), 'group', io);
  const report = await probeLayers(input.layers, classLabels(labels), { ...common, C: numericOption(args, 'C'), groups });
  io.stdout(classifyTable(input.names, report));
  printNotes([...report.notes, ...report.layers.flatMap((r, l) => r.notes.map((n) => `${input.names[l]}: ${n}`))], io);
  return { task, seed, ...report, layers: named(report.layers), foldIds: Array.from(report.foldIds) };
}

async function runProbe(args: ParsedArgs, io: CliIo): Promise<void> {
  const task = stringFlag(args, 'task') ?? 'classify';
  if (task !== 'classify' && task !== 'regress') throw new CliError(`--task must be classify or regress, got ${JSON.stringify(task)}`, true);
  const input = await readLayers(path.resolve(io.cwd, onePositional(args, 'probe', 'X.npy or DIR')), stringFlag(args, 'hook'), io);
  const labels = await readLabels(args, input, io);
  await startBackend(args, io);
  const summary = await runTask(task, args, input, labels, io);
  const out = stringFlag(args, 'out');
  if (out === undefined) return;
  const file = path.resolve(io.cwd, out);
  const json = { samples: input.layers[0].rows, features: input.layers[0].cols, ...summary };
  await writeOutput(file, `${compactJson(json)}\n`, io);
  io.stdout(`wrote ${displayPath(file, io.cwd)}\n`);
}

export const probeCommand: Command = {
  name: 'probe',
  summary: 'cross-validated linear probes per layer, with baselines',
  help: `Usage: repscope probe X.npy|DIR [--labels FILE] [--task classify|regress] [--folds 5] [--seed 0]
                     [--C 1] [--alpha 1] [--groups FILE] [--hook SITE] [--out probe.json]

Trains a linear probe on every layer and scores it by stratified k-fold cross-validation (mean ± std
of held-out accuracy, population std). classify (default): multinomial logistic regression with an
L2 penalty, scikit-learn's objective (C as in its LogisticRegression), on features standardised by
each training fold, with baselines on the same folds: the majority class, the probe retrained on
shuffled labels, and a control task (each group gets a random label; selectivity = accuracy −
control accuracy). regress: ridge regression on numeric labels, k-fold R² (mean ± std).

Input: X.npy of shape [samples, features], or DIR with one blocks.N.SITE.npy per layer as written by
repscope cache --prompts … --position last|mean; layers are ordered by N. A DIR with several sites
needs --hook SITE (e.g. hook_resid_post).

Options:
  --labels FILE   one label per line, or a meta.json from repscope cache (default: DIR/meta.json)
  --task T        classify (default) or regress
  --folds N       folds (default 5; fewer, with a note, when a class has fewer samples)
  --seed N        seed of the folds, the shuffled labels and the control task (default 0)
  --C X           inverse L2 strength of the logistic probe (default 1)
  --alpha X       L2 strength of the ridge probe (default 1)
  --groups FILE   control-task groups, one per line (e.g. token or prompt ids); default: samples
                  with identical activations share a group, so all-distinct rows get random labels
  --hook SITE     the hook site to read from DIR, e.g. hook_resid_post
  --out FILE      write every number (per-fold scores, confusion matrices, fold ids) as JSON

${GLOBAL_HELP}`,
  flags: { labels: 'string', task: 'string', folds: 'string', seed: 'string', C: 'string', alpha: 'string', groups: 'string', hook: 'string', out: 'string' },
  run: runProbe,
};
