// Writing safetensors files: tensors in the given order, contiguous, after a space-padded JSON header that
// puts the data section on an 8-byte boundary. Everything is validated first, so the output always reads back.
import { float32BitsToBfloat16Bits, float32BitsToFloat16Bits } from './halfFloat';
import {
  checkedByteSize, checkName, checkShape, describe, isPlainObject, isSupportedDtype, quote,
  MAX_HEADER_BYTES, PLATFORM_LITTLE_ENDIAN, SafetensorsError, type SafetensorsDtype,
} from './safetensorsHeader';

export interface TensorToWrite {
  name: string;
  shape: number[];
  data: Float32Array;
  /** Stored dtype (default F32); F16 and BF16 round to nearest, ties to even. */
  dtype?: SafetensorsDtype;
}

interface PlannedTensor {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  data: Float32Array;
  begin: number;
  end: number;
}

/** Serialises tensors (and optional string metadata) into the bytes of a safetensors file. */
export function writeSafetensors(tensors: TensorToWrite[], metadata?: Record<string, string>): Uint8Array {
  const planned = planLayout(tensors);
  const headerBytes = new TextEncoder().encode(headerJson(planned, metadata));
  // Spaces are JSON whitespace, so padding keeps the header valid while aligning the data for zero-copy reads.
  const headerLength = headerBytes.length + ((8 - ((8 + headerBytes.length) % 8)) % 8);
  if (headerLength > MAX_HEADER_BYTES) {
    throw new SafetensorsError(`header would be ${headerLength} bytes, above the ${MAX_HEADER_BYTES}-byte limit readers enforce; use shorter names or fewer tensors`);
  }
  const dataOffset = 8 + headerLength;
  const dataLength = planned.length === 0 ? 0 : planned[planned.length - 1].end;
  const out = new Uint8Array(dataOffset + dataLength);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  out.set(headerBytes, 8);
  out.fill(0x20, 8 + headerBytes.length, dataOffset);
  for (const t of planned) writeTensorData(view, dataOffset + t.begin, t);
  return out;
}

function planLayout(tensors: TensorToWrite[]): PlannedTensor[] {
  if (!Array.isArray(tensors)) throw new SafetensorsError(`writeSafetensors expects an array of tensors, found ${describe(tensors)}`);
  const seen = new Set<string>();
  const planned: PlannedTensor[] = [];
  let offset = 0;
  for (const [index, t] of tensors.entries()) {
    const name: unknown = t?.name;
    checkName(name);
    const where = `tensor ${quote(name)}`;
    if (name === '__metadata__') throw new SafetensorsError(`tensor #${index} is named "__metadata__", which the format reserves for metadata; rename it`);
    if (seen.has(name)) throw new SafetensorsError(`duplicate tensor name ${quote(name)} (tensor #${index}); names must be unique`);
    seen.add(name);
    const dtype: unknown = t.dtype ?? 'F32';
    if (!isSupportedDtype(dtype)) throw new SafetensorsError(`${where} has dtype ${describe(dtype)}, which is unsupported (supported: F32, F16, BF16)`);
    const shape = checkShape(t.shape, where);
    const byteSize = checkedByteSize(shape, dtype, where);
    if (!(t.data instanceof Float32Array)) throw new SafetensorsError(`${where} must have data as a Float32Array, found ${describe(t.data)}`);
    const count = byteSize / (dtype === 'F32' ? 4 : 2);
    if (t.data.length !== count) {
      throw new SafetensorsError(`${where} has shape [${shape.join(', ')}] (${count} elements) but its data holds ${t.data.length} elements`);
    }
    planned.push({ name, dtype, shape, data: t.data, begin: offset, end: offset + byteSize });
    offset += byteSize;
  }
  return planned;
}

/** Builds the JSON by hand so key order follows the tensors (an object would hoist integer-like names). */
function headerJson(planned: PlannedTensor[], metadata: Record<string, string> | undefined): string {
  const parts: string[] = [];
  if (metadata !== undefined) {
    if (metadata instanceof Map) throw new SafetensorsError('metadata must be a plain object of string → string, not a Map; pass Object.fromEntries(map)');
    if (!isPlainObject(metadata)) throw new SafetensorsError(`metadata must be an object of string → string, found ${describe(metadata)}`);
    const entries = Object.entries(metadata);
    for (const [key, value] of entries) {
      if (typeof value !== 'string') throw new SafetensorsError(`metadata value for key ${quote(key)} must be a string, found ${describe(value)}`);
    }
    if (entries.length > 0) parts.push(`"__metadata__":{${entries.map(([k, v]) => `${quote(k)}:${quote(v)}`).join(',')}}`);
  }
  for (const t of planned) {
    parts.push(`${quote(t.name)}:{"dtype":"${t.dtype}","shape":[${t.shape.join(',')}],"data_offsets":[${t.begin},${t.end}]}`);
  }
  return `{${parts.join(',')}}`;
}

function writeTensorData(view: DataView, start: number, t: PlannedTensor): void {
  // Reading the float32 bit patterns (not numbers) keeps NaN payloads and -0 exactly.
  const bits = new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length);
  if (t.dtype === 'F32' && PLATFORM_LITTLE_ENDIAN) {
    new Uint8Array(view.buffer).set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), start);
  } else if (t.dtype === 'F32') {
    for (let i = 0; i < bits.length; i++) view.setUint32(start + i * 4, bits[i], true);
  } else {
    const toHalf = t.dtype === 'F16' ? float32BitsToFloat16Bits : float32BitsToBfloat16Bits;
    for (let i = 0; i < bits.length; i++) view.setUint16(start + i * 2, toHalf(bits[i]), true);
  }
}
