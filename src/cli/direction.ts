// `repscope direction`: a concept direction (difference of means, PCA of paired differences, or a
// probe's weights) from labelled activations, saved as float32 .npy ([features], or [layers, features] for a DIR).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  consecutivePairs, directionSimilarity, meanDifference, probeDirection, type Direction, type DirectionMethod, type Pair,
} from '../analysis/directions';
import { fitOnPairs } from '../analysis/directionsCv';
import type { Matrix } from '../data/types';
import { CliError, onePositional, requiredFlag, stringFlag, type ParsedArgs } from './args';
import { GLOBAL_HELP, formatShape, startBackend, writeNpyFile, type CliIo, type Command } from './command';
import { printNotes, readColumn, readLayers, type Layers } from './probe';
import { displayPath } from './resolveModel';

const METHODS: readonly DirectionMethod[] = ['meandiff', 'pcadiff', 'probe'];

/** Which rows are positive: --positive LABEL, else the second of exactly two labels in sorted order. */
function positiveMask(labels: string[], chosen: string | undefined): boolean[] {
  const distinct = [...new Set(labels)].sort((a, b) => (Number.isFinite(Number(a)) && Number.isFinite(Number(b)) ? Number(a) - Number(b) : a < b ? -1 : 1));
  if (chosen !== undefined && !distinct.includes(chosen)) {
    throw new CliError(`--positive ${JSON.stringify(chosen)} is not among the labels (${distinct.slice(0, 5).join(', ')})`);
  }
  if (chosen === undefined && distinct.length !== 2) {
    throw new CliError(`a direction needs two labels (positive and negative) but there are ${distinct.length}; name the positive one with --positive LABEL`);
  }
  const positive = chosen ?? distinct[1];
  return labels.map((l) => l === positive);
}

/** --pairs FILE: one "POSITIVE NEGATIVE" pair of 0-based row indices per line (space or comma). */
async function readPairs(file: string, rows: number, io: CliIo): Promise<Pair[]> {
  const text = await readFile(file, 'utf8').catch((err: Error) => {
    throw new CliError(`cannot read ${displayPath(file, io.cwd)}: ${err.message}`);
  });
  return text.split(/\r?\n/).filter((line) => line.trim() !== '').map((line, i): Pair => {
    const parts = line.trim().split(/[\s,]+/).map(Number);
    if (parts.length !== 2 || !parts.every((r) => Number.isInteger(r) && r >= 0 && r < rows)) {
      throw new CliError(`${displayPath(file, io.cwd)} pair ${i + 1} is ${JSON.stringify(line.trim())}; write two row indices 0 … ${rows - 1}, positive first`);
    }
    return [parts[0], parts[1]];
  });
}

async function labelsIfAny(args: ParsedArgs, input: Layers, io: CliIo): Promise<string[] | undefined> {
  const given = stringFlag(args, 'labels');
  const file = given !== undefined ? path.resolve(io.cwd, given) : input.dir !== null ? path.join(input.dir, 'meta.json') : undefined;
  if (file === undefined) return undefined;
  const labels = await readColumn(file, 'label', io);
  if (labels.length !== input.layers[0].rows) throw new CliError(`${displayPath(file, io.cwd)} has ${labels.length} labels for ${input.layers[0].rows} rows; give one label per row`);
  return labels;
}

/** The fitter for one layer, from --pairs, or labels, or (pcadiff only) consecutive rows. */
async function directionFitter(args: ParsedArgs, method: DirectionMethod, input: Layers, io: CliIo): Promise<(x: Matrix) => Direction> {
  const rows = input.layers[0].rows;
  const pairsFile = stringFlag(args, 'pairs');
  if (pairsFile !== undefined) {
    const pairs = await readPairs(path.resolve(io.cwd, pairsFile), rows, io);
    return (x) => fitOnPairs(x, pairs, method);
  }
  const labels = await labelsIfAny(args, input, io);
  const positive = labels === undefined ? undefined : positiveMask(labels, stringFlag(args, 'positive'));
  if (method === 'pcadiff') {
    const pairs = consecutivePairs(rows, positive);
    return (x) => fitOnPairs(x, pairs, method);
  }
  if (positive === undefined) throw new CliError(`--method ${method} needs --labels FILE (or --pairs FILE)`, true);
  return method === 'meandiff' ? (x) => meanDifference(x, positive) : (x) => probeDirection(x, positive);
}

async function runDirection(args: ParsedArgs, io: CliIo): Promise<void> {
  const method = (stringFlag(args, 'method') ?? 'meandiff') as DirectionMethod;
  if (!METHODS.includes(method)) throw new CliError(`--method must be ${METHODS.join(', ')}; got ${JSON.stringify(method)}`, true);
  const out = path.resolve(io.cwd, requiredFlag(args, 'out', 'FILE.npy (where to write the direction)'));
  const input = await readLayers(path.resolve(io.cwd, onePositional(args, 'direction', 'X.npy or DIR')), stringFlag(args, 'hook'), io);
  const fit = await directionFitter(args, method, input, io);
  await startBackend(args, io);
  const directions = input.layers.map((x) => fit(x));
  const similarity = directionSimilarity(directions.map((d) => d.vector));
  const L = directions.length;
  directions.forEach((d, l) => {
    const extra = d.explainedRatio === undefined ? '' : `  explained ${d.explainedRatio.toFixed(3)}`;
    const previous = l === 0 ? '' : `  cos(previous) ${similarity.data[l * L + l - 1].toFixed(3)}`;
    io.stdout(`${input.names[l]}  norm ${d.norm.toPrecision(4)}${extra}${previous}\n`);
    printNotes(d.notes.map((n) => `${input.names[l]}: ${n}`), io);
  });
  const d = input.layers[0].cols;
  const data = new Float32Array(L * d);
  directions.forEach((dir, l) => data.set(dir.vector, l * d));
  const shape = input.dir === null ? [d] : [L, d];
  await writeNpyFile(out, data, shape, io);
  io.stdout(`wrote ${displayPath(out, io.cwd)} float32 ${formatShape(shape)}\n`);
}

export const directionCommand: Command = {
  name: 'direction',
  summary: 'a concept direction (meandiff, pcadiff or probe) saved as .npy',
  help: `Usage: repscope direction X.npy|DIR --out V.npy [--method meandiff|pcadiff|probe]
                         [--labels FILE] [--positive LABEL] [--pairs FILE] [--hook SITE]

Finds a unit direction along which positive samples project higher, and writes it as float32 .npy:
shape [features] for X.npy, [layers, features] for DIR (one blocks.N.SITE.npy per layer, as written
by repscope cache; layers ordered by N). Prints each direction's length before normalising and, for
a DIR, its cosine similarity with the previous layer's.

Methods:
  meandiff   mean of the positive rows minus mean of the negative rows (default)
  pcadiff    Representation Engineering reading vector: first principal component of the paired
             differences (positive − negative, taken around zero), signed so that the positive
             member projects higher in most pairs
  probe      weights of an L2 logistic probe (C = 1, standardised features), in activation units

Labels and pairs:
  --labels FILE     one label per line, or a meta.json from repscope cache (default: DIR/meta.json);
                    exactly two distinct labels, unless --positive names one
  --positive LABEL  the label of the positive side (default: the second label in sorted order,
                    e.g. 1 over 0, true over false)
  --pairs FILE      one pair per line: two 0-based row indices, positive first ("4 5" or "4,5").
                    Without it, pcadiff pairs rows (0, 1), (2, 3), …; with --labels the positive
                    member of each pair is the one labelled positive, else the first row.
                    With --pairs, meandiff and probe use the paired rows only.
  --hook SITE       the hook site to read from DIR, e.g. hook_resid_post
  --out FILE        the .npy file to write

${GLOBAL_HELP}`,
  flags: { out: 'string', method: 'string', labels: 'string', positive: 'string', pairs: 'string', hook: 'string' },
  run: runDirection,
};
