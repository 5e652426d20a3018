// `repscope pca`: principal components of the rows of a 2-D .npy, written as DIR/components.npy [k, d],
// DIR/projected.npy [n, k] and DIR/explained_variance_ratio.json.
import path from 'node:path';
import { applyPca, fitPca, PCA_DEFAULT_COMPONENTS } from '../analysis/pca';
import { booleanFlag, CliError, onePositional, parseInteger, stringFlag, type ParsedArgs } from './args';
import { GLOBAL_HELP, formatShape, startBackend, writeNpyFile, writeOutput, type CliIo, type Command } from './command';
import { readMatrixFile } from './matrixFile';
import { displayPath } from './resolveModel';

const DEFAULT_OUT = 'pca';

export const pcaCommand: Command = {
  name: 'pca',
  summary: 'principal components of the rows of a 2-D .npy',
  help: `Usage: repscope pca X.npy [--k K] [--standardize] [--out DIR]

Fits PCA to the rows of X.npy (any numeric dtype, shape [samples, features]; rows are centred)
and writes, in DIR:
  components.npy                 float32 [k, features], orthonormal rows by decreasing variance;
                                 each row's largest-magnitude entry is positive
  projected.npy                  float32 [samples, k], the rows projected onto the components
  explained_variance_ratio.json  a JSON array of k fractions of the total variance
When the data's rank is below K, only rank many components are written, with a note on stderr.

Options:
  --k K           components to keep (default ${PCA_DEFAULT_COMPONENTS}, or the rank if lower)
  --standardize   divide each feature by its standard deviation first (constant features stay 0)
  --out DIR       output directory (default ./${DEFAULT_OUT})

${GLOBAL_HELP}`,
  flags: { k: 'string', standardize: 'boolean', out: 'string' },
  async run(args, io) {
    const input = path.resolve(io.cwd, onePositional(args, 'pca', 'X.npy'));
    const k = componentsFlag(args);
    const dir = path.resolve(io.cwd, stringFlag(args, 'out') ?? DEFAULT_OUT);
    const x = await readMatrixFile(input, io, matrixNeeded('PCA'));
    await startBackend(args, io);
    const fit = withFileContext(input, io, () => fitPca(x, { k, standardize: booleanFlag(args, 'standardize') }));
    for (const note of fit.notes) io.stderr(`note: ${note}\n`);
    const projected = applyPca(fit, x);
    const { components } = fit;
    await writeNpyFile(path.join(dir, 'components.npy'), components.data, [components.rows, components.cols], io);
    await writeNpyFile(path.join(dir, 'projected.npy'), projected.data, [projected.rows, projected.cols], io);
    await writeOutput(path.join(dir, 'explained_variance_ratio.json'), `${JSON.stringify(Array.from(fit.explainedVarianceRatio))}\n`, io);
    const shown = (name: string) => displayPath(path.join(dir, name), io.cwd);
    const explained = fit.explainedVarianceRatio.reduce((a, b) => a + b, 0);
    io.stdout(`wrote ${shown('components.npy')} float32 ${formatShape([components.rows, components.cols])}\n`);
    io.stdout(`wrote ${shown('projected.npy')} float32 ${formatShape([projected.rows, projected.cols])}\n`);
    io.stdout(`wrote ${shown('explained_variance_ratio.json')} (${components.rows} components, ${(100 * explained).toFixed(1)}% of the variance)\n`);
  },
};

function componentsFlag(args: ParsedArgs): number | undefined {
  const text = stringFlag(args, 'k');
  if (text === undefined) return undefined;
  const k = parseInteger(text, '--k');
  if (k < 1) throw new CliError('--k must be at least 1', true);
  return k;
}

/** Runs an analysis, prefixing its errors (bad values, too few rows) with the file they came from. */
export function withFileContext<T>(file: string, io: CliIo, run: () => T): T {
  try {
    return run();
  } catch (err) {
    throw new CliError(`${displayPath(file, io.cwd)}: ${(err as Error).message}`);
  }
}

/** The error for a non-2-D input to `what` (shared with cka). */
export function matrixNeeded(what: string): (name: string, shape: string) => string {
  return (name, shape) => `${name} has shape ${shape}; ${what} needs a 2-D array [samples, features]`;
}
