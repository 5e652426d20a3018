// Parsing and complete validation of a safetensors header (length prefix, JSON, every entry, the data
// layout) before any tensor byte is touched. Every rejection is a SafetensorsError naming what is wrong and where.
import { scanKeys } from './safetensorsJson';

export type SafetensorsDtype = 'F32' | 'F16' | 'BF16';

/** Every rejection of a file (or of tensors given to the writer) throws this. */
export class SafetensorsError extends Error {
  constructor(message: string) {
    super(`safetensors: ${message}`);
    this.name = 'SafetensorsError';
  }
}

/** One tensor's header entry; `begin`/`end` are byte offsets relative to the data section. */
export interface TensorInfo {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  /** Entries in data-section order (sorted by `begin`, ties in header order). */
  tensors: TensorInfo[];
  metadata: Map<string, string>;
  /** Where the data section starts in the file: 8 + header length. */
  dataOffset: number;
}

export const DTYPE_BYTES: Readonly<Record<SafetensorsDtype, number>> = { F32: 4, F16: 2, BF16: 2 };
/** The reference implementation's cap on the JSON header. */
export const MAX_HEADER_BYTES = 100_000_000;
export const MAX_RANK = 8;
/** Per-tensor cap, so a forged shape cannot ask for an absurd allocation. */
export const MAX_TENSOR_BYTES = 2 ** 31;
export const MAX_NAME_LENGTH = 1024;
/** Typed arrays use the platform's byte order; safetensors is little-endian, as nearly every platform is. */
export const PLATFORM_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const METADATA_KEY = '__metadata__';
const ENTRY_FIELDS = ['dtype', 'shape', 'data_offsets'] as const;

export function isSupportedDtype(dtype: unknown): dtype is SafetensorsDtype {
  return dtype === 'F32' || dtype === 'F16' || dtype === 'BF16';
}

/**
 * Reads and validates the header of a safetensors file of `fileLength` bytes. `bytes` holds the whole file,
 * or (for a file read piece by piece) at least its first 8 + header-length bytes.
 */
export function parseSafetensorsHeader(bytes: Uint8Array, fileLength = bytes.length): SafetensorsHeader {
  const headerLength = readHeaderLength(bytes, fileLength);
  const { root, keyOrder } = parseHeaderJson(bytes.subarray(8, 8 + headerLength));
  const dataLength = fileLength - 8 - headerLength;
  const tensors: TensorInfo[] = [];
  let metadata = new Map<string, string>();
  // Own-property lookups only, so `__proto__` or `constructor` are ordinary names; walking the keys in
  // written order keeps zero-size tensors that share an offset in file order.
  for (const name of keyOrder) {
    const entry = Object.getOwnPropertyDescriptor(root, name)?.value;
    if (name === METADATA_KEY) metadata = parseMetadata(entry);
    else tensors.push(parseEntry(name, entry, dataLength));
  }
  checkLayout(tensors, dataLength);
  return { tensors, metadata, dataOffset: 8 + headerLength };
}

function readHeaderLength(bytes: Uint8Array, fileLength: number): number {
  if (fileLength < 8) {
    throw new SafetensorsError(`file is ${fileLength} bytes, shorter than the 8-byte header-length prefix; is it truncated?`);
  }
  if (bytes.length < 8) throw new Error(`parseSafetensorsHeader needs the first 8 bytes of the file, got ${bytes.length}`);
  // Read the full u64 so a huge length is reported as itself rather than wrapped to a small number.
  const length = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(MAX_HEADER_BYTES)) {
    throw new SafetensorsError(`header length ${length} (bytes 0–7) exceeds the limit of ${MAX_HEADER_BYTES} bytes; this is not a safetensors file or it is corrupt`);
  }
  const n = Number(length);
  if (n > fileLength - 8) {
    throw new SafetensorsError(`header length ${n} runs past the end of the file (file is ${fileLength} bytes, leaving ${fileLength - 8} after the prefix); is it truncated?`);
  }
  if (n > bytes.length - 8) throw new Error(`parseSafetensorsHeader needs the first ${8 + n} bytes of the file, got ${bytes.length}`);
  return n;
}

function parseHeaderJson(headerBytes: Uint8Array): { root: Record<string, unknown>; keyOrder: string[] } {
  let text: string;
  try {
    // ignoreBOM keeps a byte-order mark in the text, so JSON.parse rejects it as the reference does.
    // TextDecoder refuses views of shared memory, so those are copied first.
    const own = headerBytes.buffer instanceof ArrayBuffer ? headerBytes : headerBytes.slice();
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(own);
  } catch {
    throw new SafetensorsError(`header (bytes 8–${8 + headerBytes.length}) is not valid UTF-8`);
  }
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (err) {
    throw new SafetensorsError(`header is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isPlainObject(root)) {
    throw new SafetensorsError(`header must be a JSON object of tensor entries, found ${describe(root)}`);
  }
  // JSON.parse silently keeps the last of duplicate keys; the raw text still shows them.
  const { topLevelKeys, duplicate: dup } = scanKeys(text);
  if (dup !== null) {
    if (dup.path.length === 0) {
      throw new SafetensorsError(dup.key === METADATA_KEY ? `${METADATA_KEY} appears twice in the header` : `duplicate tensor name ${quote(dup.key)} in the header`);
    }
    const owner = dup.path[0] === METADATA_KEY ? METADATA_KEY : `tensor ${quote(dup.path[0])}`;
    throw new SafetensorsError(`${owner} has key ${quote(dup.key)} twice`);
  }
  return { root, keyOrder: topLevelKeys };
}

function parseMetadata(entry: unknown): Map<string, string> {
  if (!isPlainObject(entry)) throw new SafetensorsError(`${METADATA_KEY} must be an object of string → string, found ${describe(entry)}`);
  const metadata = new Map<string, string>();
  for (const [key, value] of Object.entries(entry)) {
    if (typeof value !== 'string') throw new SafetensorsError(`${METADATA_KEY} value for key ${quote(key)} must be a string, found ${describe(value)}`);
    metadata.set(key, value);
  }
  return metadata;
}

function parseEntry(name: string, entry: unknown, dataLength: number): TensorInfo {
  checkName(name);
  const where = `tensor ${quote(name)}`;
  if (!isPlainObject(entry)) throw new SafetensorsError(`${where} must be an object with dtype, shape and data_offsets, found ${describe(entry)}`);
  for (const key of Object.keys(entry)) {
    if (!(ENTRY_FIELDS as readonly string[]).includes(key)) throw new SafetensorsError(`${where} has unknown field ${quote(key)} (allowed: ${ENTRY_FIELDS.join(', ')})`);
  }
  for (const key of ENTRY_FIELDS) {
    if (!Object.hasOwn(entry, key)) throw new SafetensorsError(`${where} lacks field "${key}"`);
  }
  const { dtype, shape, data_offsets: offsets } = entry;
  if (typeof dtype !== 'string') throw new SafetensorsError(`${where} has dtype ${describe(dtype)}; it must be a string such as "F32"`);
  if (!isSupportedDtype(dtype)) throw new SafetensorsError(`${where} has dtype ${dtype}, which is unsupported (supported: F32, F16, BF16)`);
  const dims = checkShape(shape, where);
  const byteSize = checkedByteSize(dims, dtype, where);
  const [begin, end] = checkOffsets(offsets, where);
  if (end - begin !== byteSize) {
    throw new SafetensorsError(`${where} has data_offsets [${begin}, ${end}] spanning ${end - begin} bytes, but dtype ${dtype} × shape [${dims.join(', ')}] needs ${byteSize} bytes`);
  }
  if (end > dataLength) {
    throw new SafetensorsError(`${where} has data_offsets [${begin}, ${end}] running past the end of the data section (${dataLength} bytes); is the file truncated?`);
  }
  return { name, dtype, shape: dims, begin, end };
}

export function checkName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) throw new SafetensorsError(`tensor names must be non-empty strings, found ${describe(name)}`);
  if (name.length > MAX_NAME_LENGTH) {
    throw new SafetensorsError(`tensor name ${quote(name.slice(0, 40))}… is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH}`);
  }
}

/** Validates a shape and returns a copy with -0 normalised to 0. */
export function checkShape(shape: unknown, where: string): number[] {
  if (!Array.isArray(shape)) throw new SafetensorsError(`${where} has shape ${describe(shape)}; it must be an array of dimensions`);
  if (shape.length > MAX_RANK) throw new SafetensorsError(`${where} has shape of rank ${shape.length}; at most ${MAX_RANK} dimensions are supported`);
  return shape.map((dim: unknown, axis) => {
    if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 0) {
      throw new SafetensorsError(`${where} has shape dimension ${axis} = ${describe(dim)}; dimensions must be non-negative safe integers`);
    }
    return dim === 0 ? 0 : dim;
  });
}

/** Byte size of a tensor; rejects sizes past MAX_TENSOR_BYTES with order-independent, non-overflowing checks. */
export function checkedByteSize(dims: number[], dtype: SafetensorsDtype, where: string): number {
  // Zero dims count as 1 here, so the partial product only grows and a huge shape with a zero in it is
  // rejected whatever the order of its dims; the check runs before the product can leave the safe range.
  let nominal = DTYPE_BYTES[dtype];
  let hasZero = false;
  for (const dim of dims) {
    if (dim === 0) hasZero = true;
    nominal *= Math.max(dim, 1);
    if (nominal > MAX_TENSOR_BYTES) {
      throw new SafetensorsError(`${where} has shape [${dims.join(', ')}], which is too large: more than the ${MAX_TENSOR_BYTES}-byte limit per tensor (size overflow)`);
    }
  }
  return hasZero ? 0 : nominal;
}

function checkOffsets(offsets: unknown, where: string): [number, number] {
  if (!Array.isArray(offsets) || offsets.length !== 2) throw new SafetensorsError(`${where} has data_offsets ${describe(offsets)}; it must be [begin, end]`);
  for (const value of offsets) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new SafetensorsError(`${where} has data_offsets [${offsets.map((v) => describe(v)).join(', ')}]; both must be non-negative safe integers`);
    }
  }
  const begin = offsets[0] === 0 ? 0 : (offsets[0] as number);
  const end = offsets[1] === 0 ? 0 : (offsets[1] as number);
  if (begin > end) throw new SafetensorsError(`${where} has data_offsets [${begin}, ${end}] with begin ${begin} > end ${end}`);
  return [begin, end];
}

/** Tensors sorted by begin must tile the data section exactly: from 0, no gaps, no overlaps, no trailing bytes. */
function checkLayout(tensors: TensorInfo[], dataLength: number): void {
  tensors.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  let previous: TensorInfo | null = null;
  for (const t of tensors) {
    if (t.begin < expected) {
      throw new SafetensorsError(`tensor ${quote(t.name)} at data_offsets [${t.begin}, ${t.end}] overlaps tensor ${quote(previous?.name ?? '')} at [${previous?.begin}, ${previous?.end}]`);
    }
    if (t.begin > expected) {
      throw new SafetensorsError(`data section bytes [${expected}, ${t.begin}) belong to no tensor (a gap before tensor ${quote(t.name)} at [${t.begin}, ${t.end}]); offsets must be contiguous from 0`);
    }
    expected = t.end;
    previous = t;
  }
  if (expected !== dataLength) {
    const extra = dataLength - expected;
    throw new SafetensorsError(`the data section is ${dataLength} bytes but tensors cover only ${expected}: ${extra} trailing byte${extra === 1 ? '' : 's'} after the last tensor`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short, safe rendering of a JSON value for messages (bounded depth: headers may nest arbitrarily). */
export function describe(value: unknown, depth = 0): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    if (depth >= 2 || value.length > 10) return `an array of ${value.length} items`;
    return `[${value.map((item) => describe(item, depth + 1)).join(', ')}]`;
  }
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return quote(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

/** Quotes a name with JSON escaping, so control characters or quotes in it cannot garble a message. */
export function quote(text: string): string {
  return JSON.stringify(text);
}
