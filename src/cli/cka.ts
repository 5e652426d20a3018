// `repscope cka`: linear CKA between two representations of the same samples, printed as one number.
import path from 'node:path';
import { assertFinite, assertShape } from '../analysis/matrix';
import { linearCka } from '../analysis/similarity';
import type { Matrix } from '../data/types';
import { CliError } from './args';
import { GLOBAL_HELP, startBackend, type Command } from './command';
import { readMatrixFile } from './matrixFile';
import { matrixNeeded } from './pca';
import { displayPath } from './resolveModel';

export const ckaCommand: Command = {
  name: 'cka',
  summary: 'linear CKA between two 2-D .npy files of the same samples',
  help: `Usage: repscope cka A.npy B.npy

Prints the linear CKA (centred kernel alignment, Kornblith et al. 2019) between the rows of
A.npy [samples, features_a] and B.npy [samples, features_b]: a number from 0 (unrelated) to 1
(the same up to rotation and scale). Both files must hold the same samples in the same order.

${GLOBAL_HELP}`,
  flags: {},
  async run(args, io) {
    if (args.positionals.length !== 2) {
      throw new CliError(`"repscope cka" takes two files, A.npy and B.npy; got ${args.positionals.length}`, true);
    }
    const [fileA, fileB] = args.positionals.map((p) => path.resolve(io.cwd, p));
    const a = await readMatrixFile(fileA, io, matrixNeeded('CKA'));
    const b = await readMatrixFile(fileB, io, matrixNeeded('CKA'));
    for (const [file, x] of [[fileA, a], [fileB, b]] as const) {
      assertShape(x, 2, displayPath(file, io.cwd), 'CKA');
      assertFinite(x, displayPath(file, io.cwd));
    }
    if (a.rows !== b.rows) {
      throw new CliError(`${displayPath(fileA, io.cwd)} has ${a.rows} rows but ${displayPath(fileB, io.cwd)} has ${b.rows}; CKA compares the same samples`);
    }
    await startBackend(args, io);
    const value = linearCka(a, b);
    if (Number.isNaN(value)) {
      const constant = [fileA, fileB].filter((_, i) => isConstant(i === 0 ? a : b)).map((f) => displayPath(f, io.cwd));
      throw new CliError(`CKA is undefined because ${constant.join(' and ')} ${constant.length > 1 ? 'have' : 'has'} no variance (every row is the same)`);
    }
    io.stdout(`${value.toFixed(6)}\n`);
  },
};

function isConstant(x: Matrix): boolean {
  for (let i = x.cols; i < x.data.length; i++) if (x.data[i] !== x.data[i % x.cols]) return false;
  return true;
}
