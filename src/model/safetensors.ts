// Reading safetensors files into float32 tensors, plus the public face of the format: the header parser,
// the writer and the 16-bit float conversions are re-exported here. Pure TypeScript for browser, worker and Node.
import { decodeBfloat16Array, decodeFloat16Array } from './halfFloat';
import { parseSafetensorsHeader, PLATFORM_LITTLE_ENDIAN, SafetensorsError, describe, type SafetensorsDtype, type TensorInfo } from './safetensorsHeader';

export { parseSafetensorsHeader, SafetensorsError, MAX_HEADER_BYTES, MAX_NAME_LENGTH, MAX_RANK, MAX_TENSOR_BYTES } from './safetensorsHeader';
export type { SafetensorsDtype, SafetensorsHeader, TensorInfo } from './safetensorsHeader';
export { writeSafetensors, type TensorToWrite } from './safetensorsWriter';
export { bfloat16BitsToFloat32, float16BitsToFloat32, float32ToBfloat16Bits, float32ToFloat16Bits } from './halfFloat';

export interface DecodedTensor {
  /** The dtype stored in the file; `data` is always float32. */
  dtype: SafetensorsDtype;
  shape: number[];
  data: Float32Array;
}

export interface SafetensorsFile {
  /** In data-section order. */
  tensors: Map<string, DecodedTensor>;
  metadata: Map<string, string>;
}

/**
 * Validates the whole file, then decodes every tensor to float32. An aligned F32 tensor is a view into
 * `bytes` (zero-copy: it shares memory with the input, so copy it before mutating either); all else is copied.
 */
export function readSafetensors(bytes: Uint8Array | ArrayBuffer): SafetensorsFile {
  const u8 = toUint8Array(bytes);
  const header = parseSafetensorsHeader(u8);
  const tensors = new Map<string, DecodedTensor>();
  for (const info of header.tensors) {
    const start = header.dataOffset + info.begin;
    tensors.set(info.name, { dtype: info.dtype, shape: info.shape, data: decodeTensor(u8, start, info) });
  }
  return { tensors, metadata: header.metadata };
}

function toUint8Array(bytes: unknown): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  // The tag check also accepts ArrayBuffers from another realm (an iframe, a worker's structured clone).
  if (bytes instanceof ArrayBuffer || Object.prototype.toString.call(bytes) === '[object ArrayBuffer]') {
    return new Uint8Array(bytes as ArrayBuffer);
  }
  throw new SafetensorsError(`expected the file as a Uint8Array or ArrayBuffer, found ${describe(bytes)}`);
}

/** One tensor's values as float32, its bytes starting at `start` in `u8`: a view when F32 and aligned, else a copy. */
export function decodeTensor(u8: Uint8Array, start: number, info: TensorInfo): Float32Array {
  const byteLength = info.end - info.begin;
  if (info.dtype === 'F32') return readFloat32(u8, start, byteLength / 4);
  const count = byteLength / 2;
  const halves = readUint16(u8, start, count);
  const out = new Float32Array(count);
  const outBits = new Uint32Array(out.buffer);
  if (info.dtype === 'F16') decodeFloat16Array(halves, outBits);
  else decodeBfloat16Array(halves, outBits);
  return out;
}

function readFloat32(u8: Uint8Array, start: number, count: number): Float32Array {
  const absolute = u8.byteOffset + start;
  if (PLATFORM_LITTLE_ENDIAN && absolute % 4 === 0) return new Float32Array(u8.buffer, absolute, count);
  const out = new Float32Array(count);
  if (PLATFORM_LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(u8.subarray(start, start + count * 4));
  } else {
    const view = new DataView(u8.buffer, absolute, count * 4);
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
  }
  return out;
}

/** Little-endian u16 values at `start`; a view when aligned, else a copy. */
function readUint16(u8: Uint8Array, start: number, count: number): Uint16Array {
  const absolute = u8.byteOffset + start;
  if (PLATFORM_LITTLE_ENDIAN && absolute % 2 === 0) return new Uint16Array(u8.buffer, absolute, count);
  const out = new Uint16Array(count);
  if (PLATFORM_LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(u8.subarray(start, start + count * 2));
  } else {
    const view = new DataView(u8.buffer, absolute, count * 2);
    for (let i = 0; i < count; i++) out[i] = view.getUint16(i * 2, true);
  }
  return out;
}
