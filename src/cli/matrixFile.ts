// Reads a 2-D .npy (any numeric dtype) as a float32 matrix for the analysis commands, with one-line errors.
import { readFile } from 'node:fs/promises';
import { readNpyFloat32 } from '../data/npy';
import type { Matrix } from '../data/types';
import { CliError } from './args';
import { formatShape, type CliIo } from './command';
import { displayPath } from './resolveModel';

/** `notMatrix` words the error for an array that is not 2-D, given the file's name and shape. */
export async function readMatrixFile(file: string, io: CliIo, notMatrix: (name: string, shape: string, rank: number) => string): Promise<Matrix> {
  const name = displayPath(file, io.cwd);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (err) {
    throw new CliError(`cannot read ${name}: ${(err as Error).message}`);
  }
  let parsed: { shape: number[]; data: Float32Array };
  try {
    parsed = readNpyFloat32(bytes);
  } catch (err) {
    throw new CliError(`${name} is not a readable .npy file (${(err as Error).message})`);
  }
  const { shape, data } = parsed;
  if (shape.length !== 2) throw new CliError(notMatrix(name, formatShape(shape), shape.length));
  return { data, rows: shape[0], cols: shape[1] };
}
