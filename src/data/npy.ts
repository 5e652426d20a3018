// Reads NumPy `.npy` files (format 1.0, 2.0, 3.0) and writes them (1.0), in plain TypeScript with no
// Node or tfjs APIs, so golden activations made by the Python reference scripts load anywhere.
// The header is a Python dict literal; it is parsed here by a small grammar, never evaluated.

/** The element types this module understands, spelled as numpy writes them on little-endian machines. */
export type NpyDtype = '<f2' | '<f4' | '<f8' | '|i1' | '|u1' | '|b1' | '<i2' | '<u2' | '<i4' | '<u4' | '<i8' | '<u8';

export type NpyData =
  | Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array
  | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

export interface NpyArray {
  /** Element type. For '<f2' the data holds the raw IEEE half-precision bits (no portable Float16Array). */
  dtype: NpyDtype;
  /** Dimensions; [] for a 0-d (scalar) array. */
  shape: number[];
  /** Elements in C order, in a fresh buffer of their own (aligned, not a view of the input). */
  data: NpyData;
}

type TypedArrayCtor = { new (buffer: ArrayBuffer): NpyData; readonly BYTES_PER_ELEMENT: number };

const ARRAY_TYPES: Record<NpyDtype, TypedArrayCtor> = {
  '<f2': Uint16Array, '<f4': Float32Array, '<f8': Float64Array,
  '|i1': Int8Array, '|u1': Uint8Array, '|b1': Uint8Array,
  '<i2': Int16Array, '<u2': Uint16Array, '<i4': Int32Array, '<u4': Uint32Array,
  '<i8': BigInt64Array, '<u8': BigUint64Array,
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
/** numpy aligns the data start to 64 bytes so files can be memory-mapped; we do the same. */
const ALIGN = 64;
/** A plain array's header is about 100 bytes; a huge one means a corrupt file or a structured dtype. */
const MAX_HEADER_BYTES = 100_000;

function fail(what: string): never {
  throw new Error(`npy: ${what}`);
}

// Typed arrays use the host's byte order, and .npy data here is little-endian.
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// ---------------------------------------------------------------------------------------------
// The header: a Python literal such as {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }

type PyValue = string | number | boolean | null | PySeq | Map<string, PyValue>;
interface PySeq { seq: 'tuple' | 'list'; items: PyValue[] }

class PyLiteralParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseWhole(): PyValue {
    const value = this.value();
    this.skipSpace();
    if (this.pos < this.text.length) this.error('unexpected text after the dict');
    return value;
  }

  private error(what: string): never {
    fail(`malformed header (${what} at character ${this.pos}): ${JSON.stringify(this.text.trimEnd())}`);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos])) this.pos++;
  }

  /** Whether `ch` comes next, after any spaces. */
  private peek(ch: string): boolean {
    this.skipSpace();
    return this.text[this.pos] === ch;
  }

  /** Consumes `ch` (after spaces) when it is next; says whether it did. */
  private eat(ch: string): boolean {
    if (!this.peek(ch)) return false;
    this.pos++;
    return true;
  }

  private value(): PyValue {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === '{') return this.dict();
    if (ch === '(') return this.sequence(')');
    if (ch === '[') return this.sequence(']');
    if (ch === "'" || ch === '"') return this.string();
    return this.atom();
  }

  private dict(): Map<string, PyValue> {
    this.pos++; // '{'
    const entries = new Map<string, PyValue>();
    while (!this.eat('}')) {
      this.skipSpace();
      const quote = this.text[this.pos];
      if (quote !== "'" && quote !== '"') this.error('expected a quoted key');
      const key = this.string();
      if (entries.has(key)) this.error(`duplicate key '${key}'`);
      if (!this.eat(':')) this.error("expected ':'");
      entries.set(key, this.value());
      if (!this.eat(',') && !this.peek('}')) this.error("expected ',' or '}'");
    }
    return entries;
  }

  /** A tuple or list; `(x)` without a comma is just x, as in Python. */
  private sequence(close: ')' | ']'): PyValue {
    this.pos++; // '(' or '['
    const items: PyValue[] = [];
    let sawComma = false;
    while (!this.eat(close)) {
      items.push(this.value());
      if (this.eat(',')) sawComma = true;
      else if (!this.peek(close)) this.error(`expected ',' or '${close}'`);
    }
    if (close === ')' && items.length === 1 && !sawComma) return items[0];
    return { seq: close === ')' ? 'tuple' : 'list', items };
  }

  private string(): string {
    const quote = this.text[this.pos++];
    let out = '';
    while (this.pos < this.text.length && this.text[this.pos] !== quote) {
      // Only the escapes a dtype name could need; anything fancier is not a valid header anyway.
      if (this.text[this.pos] === '\\') this.pos++;
      out += this.text[this.pos++];
    }
    if (this.pos >= this.text.length) this.error('unterminated string');
    this.pos++;
    return out;
  }

  private atom(): PyValue {
    // Python 2 era files may write long integers with an 'L' suffix, e.g. (3L, 4L).
    const m = /^(True|False|None|-?[0-9]+L?)/.exec(this.text.slice(this.pos));
    if (!m) this.error('expected a value');
    this.pos += m[0].length;
    if (m[0] === 'True' || m[0] === 'False') return m[0] === 'True';
    if (m[0] === 'None') return null;
    const n = Number(m[0].replace('L', ''));
    if (!Number.isSafeInteger(n)) this.error(`integer ${m[0]} is too large`);
    return n;
  }
}

// ---------------------------------------------------------------------------------------------
// Validating the header dict

function dtypeOf(descr: PyValue): NpyDtype {
  if (typeof descr !== 'string') fail("'descr' is not a simple type string; structured (record) dtypes are not supported");
  // numpy writes one-byte types as '|u1', but '<u1' and '=u1' mean the same.
  const normal = /^[<=|][iub]1$/.test(descr) ? `|${descr.slice(1)}` : descr;
  if (normal in ARRAY_TYPES) return normal as NpyDtype;
  if (descr.startsWith('>')) fail(`dtype '${descr}' is big-endian; re-save it with a.astype(a.dtype.newbyteorder('<'))`);
  return fail(`unsupported dtype '${descr}'; supported: ${Object.keys(ARRAY_TYPES).join(', ')}`);
}

function shapeOf(shape: PyValue): number[] {
  if (shape === null || typeof shape !== 'object' || shape instanceof Map || shape.seq !== 'tuple') {
    fail("'shape' must be a tuple of non-negative integers, like (2, 3) or (3,) or ()");
  }
  return shape.items.map((d) => {
    if (typeof d !== 'number' || d < 0) fail(`'shape' has an entry ${JSON.stringify(d)}; every dimension must be a non-negative integer`);
    return d;
  });
}

function checkHeaderDict(dict: PyValue): { dtype: NpyDtype; shape: number[] } {
  if (!(dict instanceof Map)) fail('header is not a dict');
  for (const key of dict.keys()) {
    if (key !== 'descr' && key !== 'fortran_order' && key !== 'shape') fail(`header has an unexpected key '${key}'`);
  }
  for (const key of ['descr', 'fortran_order', 'shape']) {
    if (!dict.has(key)) fail(`header has no '${key}' key`);
  }
  const fortran = dict.get('fortran_order');
  if (typeof fortran !== 'boolean') fail("'fortran_order' must be True or False");
  if (fortran) fail('Fortran-order (column-major) arrays are not supported; save np.ascontiguousarray(a) instead');
  return { dtype: dtypeOf(dict.get('descr') as PyValue), shape: shapeOf(dict.get('shape') as PyValue) };
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Finds the header text and where the data starts, checking magic, version and lengths. */
function splitHeader(bytes: Uint8Array): { header: string; dataStart: number } {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail('not a .npy file (the magic string "\\x93NUMPY" is missing)');
  const [major, minor] = [bytes[6], bytes[7]];
  if (![1, 2, 3].includes(major) || minor !== 0) fail(`unsupported format version ${major}.${minor}; expected 1.0, 2.0 or 3.0`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) fail('file ends inside the header length');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthBytes + headerLength;
  if (dataStart > bytes.length) fail(`header claims ${headerLength} bytes but the file ends after ${bytes.length - 8 - lengthBytes}`);
  if (headerLength > MAX_HEADER_BYTES) fail(`header of ${headerLength} bytes is over the ${MAX_HEADER_BYTES}-byte limit; is this really a plain array?`);
  const raw = bytes.subarray(8 + lengthBytes, dataStart);
  // Versions 1 and 2 are latin-1; version 3 allows UTF-8.
  const header = major === 3 ? decodeUtf8(raw) : Array.from(raw, (b) => String.fromCharCode(b)).join('');
  return { header, dataStart };
}

function decodeUtf8(raw: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return fail('header is not valid UTF-8');
  }
}

function elementCount(shape: number[]): number {
  const count = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(count)) fail(`shape (${shape.join(', ')}) has too many elements`);
  return count;
}

/** Parses a `.npy` file. Throws an Error that says what is wrong for anything malformed or unsupported. */
export function readNpy(bytes: Uint8Array): NpyArray {
  const { header, dataStart } = splitHeader(bytes);
  const { dtype, shape } = checkHeaderDict(new PyLiteralParser(header).parseWhole());
  const ctor = ARRAY_TYPES[dtype];
  const byteLength = elementCount(shape) * ctor.BYTES_PER_ELEMENT;
  const available = bytes.length - dataStart;
  if (available !== byteLength) {
    fail(`shape (${shape.join(', ')}) of ${dtype} needs ${byteLength} data bytes but the file has ${available}` +
      (available < byteLength ? ' (truncated?)' : ''));
  }
  if (!HOST_IS_LITTLE_ENDIAN) fail('this reader needs a little-endian host');
  // Copy into a fresh buffer (Node's Buffer#slice would share memory), so the result is aligned and independent.
  const data = new ctor(Uint8Array.prototype.slice.call(bytes, dataStart, dataStart + byteLength).buffer);
  return { dtype, shape, data };
}

/** IEEE 754 half-precision bits to a number. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero or subnormal
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Parses a `.npy` file of any supported numeric dtype and converts its elements to float32. */
export function readNpyFloat32(bytes: Uint8Array): { shape: number[]; data: Float32Array } {
  const { dtype, shape, data } = readNpy(bytes);
  if (data instanceof Float32Array) return { shape, data };
  const out = new Float32Array(data.length);
  if (dtype === '<f2') {
    for (let i = 0; i < data.length; i++) out[i] = halfToNumber(data[i] as number);
  } else if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
  } else {
    out.set(data);
  }
  return { shape, data: out };
}

// ---------------------------------------------------------------------------------------------
// Writing

function descrOf(data: Float32Array | Int32Array | Float64Array): NpyDtype {
  if (data instanceof Float32Array) return '<f4';
  if (data instanceof Float64Array) return '<f8';
  if (data instanceof Int32Array) return '<i4';
  return fail('writeNpy takes a Float32Array, Float64Array or Int32Array');
}

/** The header as numpy writes it: a dict literal, spaces, '\n', so that the data starts at a multiple of 64. */
function headerText(dtype: NpyDtype, shape: number[]): string {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + dict.length + 1; // magic, version, length, dict, '\n'
  const padding = (ALIGN - (unpadded % ALIGN)) % ALIGN;
  return dict + ' '.repeat(padding) + '\n';
}

/** Serialises a C-order array as a version 1.0 `.npy` file ('<f4', '<f8' or '<i4'). */
export function writeNpy(data: Float32Array | Int32Array | Float64Array, shape: number[]): Uint8Array {
  const dtype = descrOf(data);
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) fail(`shape [${shape.join(', ')}] has an invalid dimension ${d}; use non-negative integers`);
  }
  const count = elementCount(shape);
  if (count !== data.length) fail(`shape [${shape.join(', ')}] holds ${count} elements but the data has ${data.length}`);
  if (!HOST_IS_LITTLE_ENDIAN) fail('this writer needs a little-endian host');
  const header = headerText(dtype, shape);
  if (header.length > 0xffff) fail('header too long for format 1.0 (too many dimensions)');
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out.set([1, 0, header.length & 0xff, header.length >> 8], 6);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}
