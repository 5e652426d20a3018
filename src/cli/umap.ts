// `repscope umap`: a UMAP embedding of the rows of a 2-D .npy, saved as float32 [rows, components];
// progress goes to stderr, so stdout carries only the one "wrote" line.
import path from 'node:path';
import { initUmap, UMAP_MAX_ROWS, type UmapInit, type UmapMetric, type UmapOptions } from '../analysis/umap';
import type { Matrix } from '../data/types';
import { CliError, onePositional, parseInteger, parseNonNegative, requiredFlag, stringFlag, type ParsedArgs } from './args';
import { GLOBAL_HELP, formatShape, startBackend, writeNpyFile, type CliIo, type Command } from './command';
import { readMatrixFile } from './matrixFile';
import { displayPath } from './resolveModel';

const METRICS: readonly UmapMetric[] = ['euclidean', 'cosine'];
const INITS: readonly UmapInit[] = ['spectral', 'random', 'pca'];
/** Progress lines per run (one per tenth of the epochs). */
const PROGRESS_STEPS = 10;

export const umapCommand: Command = {
  name: 'umap',
  summary: 'embed the rows of a 2-D .npy with UMAP, saved as .npy [rows, 2]',
  help: `Usage: repscope umap X.npy --out Y.npy [options]

Embeds the rows of X.npy (any numeric dtype, shape [rows, features], at most ${UMAP_MAX_ROWS} rows)
with UMAP and writes the embedding to Y.npy (float32, C order, shape [rows, components]).
Progress goes to stderr. A fixed --seed gives the same bytes on the same backend.

Options:
  --out FILE            the .npy file to write
  --neighbors N         neighbourhood size, counting the point itself (default 15)
  --min-dist D          smallest distance between embedded points, 0 to 1 (default 0.1)
  --metric NAME         euclidean or cosine (default euclidean)
  --epochs N            optimisation epochs (default 500; 200 above 10000 rows)
  --components N        output dimension (default 2)
  --init NAME           spectral, random or pca (default spectral)
  --seed N              seed of every random choice (default 0)

${GLOBAL_HELP}`,
  flags: {
    out: 'string', neighbors: 'string', 'min-dist': 'string', metric: 'string', epochs: 'string',
    components: 'string', init: 'string', seed: 'string',
  },
  async run(args, io) {
    const input = path.resolve(io.cwd, onePositional(args, 'umap', 'X.npy'));
    const out = path.resolve(io.cwd, requiredFlag(args, 'out', 'FILE.npy (where to write the embedding)'));
    const options = umapOptions(args);
    const x = await readMatrixFile(input, io, (name, shape) => `${name} has shape ${shape}; UMAP needs a 2-D array [rows, features]`);
    await startBackend(args, io);
    const embedding = await runWithProgress(x, options, io);
    const shape = [embedding.rows, embedding.cols];
    await writeNpyFile(out, embedding.data, shape, io);
    io.stdout(`wrote ${displayPath(out, io.cwd)} float32 ${formatShape(shape)}\n`);
  },
};

function umapOptions(args: ParsedArgs): UmapOptions {
  const options: UmapOptions = {};
  const integer = (flag: string): number | undefined => {
    const text = stringFlag(args, flag);
    return text === undefined ? undefined : parseInteger(text, `--${flag}`, flag === 'seed');
  };
  options.nNeighbors = integer('neighbors');
  options.nEpochs = integer('epochs');
  options.nComponents = integer('components');
  options.seed = integer('seed');
  const minDist = stringFlag(args, 'min-dist');
  if (minDist !== undefined) options.minDist = parseNonNegative(minDist, '--min-dist');
  options.metric = oneOf(args, 'metric', METRICS);
  options.init = oneOf(args, 'init', INITS);
  return options;
}

function oneOf<T extends string>(args: ParsedArgs, flag: string, allowed: readonly T[]): T | undefined {
  const value = stringFlag(args, flag);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CliError(`--${flag} must be ${allowed.join(', ')}; got ${JSON.stringify(value)}`, true);
  }
  return value as T;
}


async function runWithProgress(x: Matrix, options: UmapOptions, io: CliIo): Promise<Matrix> {
  const start = performance.now();
  const run = await initUmap(x, options);
  const elapsed = (): string => `${((performance.now() - start) / 1000).toFixed(1)} s`;
  for (const note of run.notes) io.stderr(`note: ${note}\n`);
  const { nEpochs } = run.options;
  io.stderr(`umap: ${x.rows}×${x.cols}, neighbour graph and ${run.init} layout ready after ${elapsed()}; ${nEpochs} epochs\n`);
  const chunk = Math.max(1, Math.ceil(nEpochs / PROGRESS_STEPS));
  let progress = run.progress();
  while (!progress.done) {
    progress = run.step(chunk);
    io.stderr(`umap: epoch ${progress.epoch}/${nEpochs} (${elapsed()})\n`);
  }
  return run.result();
}
