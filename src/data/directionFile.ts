// Reads a direction the user uploads: a .npy of float32 or float64, or JSON (a list of numbers or a list
// of lists), shaped [d_model] (one vector for every layer) or [n_layers, d_model] (one per layer).
// Errors say what was found and what to save instead; nothing here touches the app's state.
import { sha256Hex } from './hash';
import { readNpy } from './npy';

/** Larger files cannot be a direction of any model the app runs. */
export const MAX_DIRECTION_FILE_BYTES = 16 * 1024 * 1024;

export interface DirectionFile {
  name: string;
  /** SHA-256 (hex) of the file's bytes: the link names the file by it. */
  hash: string;
  /** [d_model] or [n_layers, d_model]. */
  shape: number[];
  /** Row-major values. */
  data: Float32Array;
}

export type ParsedDirection = { ok: true; direction: DirectionFile } | { ok: false; error: string };

/** The model the vector must fit. */
export interface DirectionShape {
  dModel: number;
  nLayers: number;
}

const fail = (name: string, why: string): ParsedDirection => ({ ok: false, error: `${name}: ${why}` });

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function checkShape(name: string, shape: number[], want: DirectionShape): string | null {
  const ok1 = shape.length === 1 && shape[0] === want.dModel;
  const ok2 = shape.length === 2 && shape[0] === want.nLayers && shape[1] === want.dModel;
  if (ok1 || ok2) return null;
  return `${name}: the vector has shape ${shapeText(shape)}, but this model needs [${want.dModel}] (one direction for every layer) or [${want.nLayers}, ${want.dModel}] (one per layer)`;
}

function fromNpy(bytes: Uint8Array, name: string): { shape: number[]; data: Float32Array } | string {
  let array;
  try {
    array = readNpy(bytes);
  } catch (error) {
    return `${name}: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (array.dtype !== '<f4' && array.dtype !== '<f8') {
    return `${name}: the array's dtype is ${array.dtype}; save the direction as float32 or float64, e.g. np.save(path, v.astype(np.float32))`;
  }
  return { shape: array.shape, data: array.data instanceof Float32Array ? array.data : Float32Array.from(array.data as Float64Array) };
}

function fromJson(bytes: Uint8Array, name: string): { shape: number[]; data: Float32Array } | string {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return `${name}: this is neither a .npy file nor JSON; upload a .npy array or a JSON list of numbers`;
  }
  if (!Array.isArray(raw) || raw.length === 0) return `${name}: expected a JSON list of numbers, or a list of such lists (one per layer)`;
  const rows = raw.every((r) => Array.isArray(r)) ? (raw as unknown[][]) : null;
  const flat = rows ? rows.flat() : raw;
  if (rows && new Set(rows.map((r) => r.length)).size !== 1) return `${name}: the lists have different lengths (${rows.map((r) => r.length).slice(0, 4).join(', ')}…); every layer needs d_model numbers`;
  const bad = flat.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) return `${name}: value ${bad} is ${JSON.stringify(flat[bad]) ?? String(flat[bad])}, not a finite number`;
  return { shape: rows ? [rows.length, rows[0].length] : [raw.length], data: Float32Array.from(flat as number[]) };
}

/** Parses an uploaded direction and checks it fits the model; never throws. */
export function parseDirectionFile(bytes: Uint8Array, name: string, want: DirectionShape): ParsedDirection {
  if (bytes.length > MAX_DIRECTION_FILE_BYTES) return fail(name, `the file is ${bytes.length} bytes; a direction file holds at most ${MAX_DIRECTION_FILE_BYTES}`);
  const isNpy = bytes.length >= 6 && bytes[0] === 0x93 && String.fromCharCode(...bytes.subarray(1, 6)) === 'NUMPY';
  const read = isNpy ? fromNpy(bytes, name) : fromJson(bytes, name);
  if (typeof read === 'string') return { ok: false, error: read };
  const shapeError = checkShape(name, read.shape, want);
  if (shapeError) return { ok: false, error: shapeError };
  const bad = read.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) return fail(name, `value ${bad} is ${read.data[bad]}; a direction needs finite numbers`);
  if (read.data.every((v) => v === 0)) return fail(name, 'every value is 0, which points nowhere; upload a non-zero vector');
  return { ok: true, direction: { name, hash: sha256Hex(bytes), shape: read.shape, data: read.data } };
}
