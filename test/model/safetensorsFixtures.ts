// Hand assembly of safetensors bytes for tests, independent of the writer under test.

/** Header-length prefix + UTF-8 header text (or raw header bytes) + data bytes (or that many zero bytes). */
export function assemble(header: string | Uint8Array, data: Uint8Array | number = 0, headerLength?: bigint): Uint8Array {
  const headerBytes = typeof header === 'string' ? new TextEncoder().encode(header) : header;
  const dataBytes = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + headerBytes.length + dataBytes.length);
  new DataView(out.buffer).setBigUint64(0, headerLength ?? BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  out.set(dataBytes, 8 + headerBytes.length);
  return out;
}

/** The JSON text of one tensor entry. */
export function entry(dtype: string, shape: unknown[], begin: unknown, end: unknown): string {
  return `{"dtype":"${dtype}","shape":${JSON.stringify(shape)},"data_offsets":[${String(begin)},${String(end)}]}`;
}

/** Little-endian float32 bytes of the given values. */
export function f32Bytes(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

/** A valid two-tensor file: "a" F32 [2] = [1, -2.5] and "b" F16 [1] = [1]. */
export function smallValidFile(): Uint8Array {
  const header = `{"a":${entry('F32', [2], 0, 8)},"b":${entry('F16', [1], 8, 10)}}`;
  const data = new Uint8Array([...f32Bytes(1, -2.5), 0x00, 0x3c]);
  return assemble(header, data);
}

/** Own keys that Object.prototype should never gain; tests compare before and after. */
export function prototypeKeys(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}
