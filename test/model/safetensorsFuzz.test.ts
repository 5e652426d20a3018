import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  bfloat16BitsToFloat32, float16BitsToFloat32, float32ToBfloat16Bits, float32ToFloat16Bits,
  parseSafetensorsHeader, readSafetensors, SafetensorsError, writeSafetensors, type TensorToWrite,
} from '../../src/model/safetensors';
import { prototypeKeys } from './safetensorsFixtures';

const DTYPE_BYTES = { F32: 4, F16: 2, BF16: 2 } as const;
const product = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

const nameArb = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '0', '17', 'h.0.attn.c_attn.weight', 'a"b\\'),
).filter((name) => name !== '__metadata__');

const tensorArb = fc
  .record({ dtype: fc.constantFrom('F32', 'F16', 'BF16'), shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }) })
  .chain(({ dtype, shape }) => {
    const n = product(shape);
    return fc.float32Array({ minLength: n, maxLength: n }).map((data) => ({ dtype, shape, data }));
  });

interface ValidFile {
  tensors: TensorToWrite[];
  metadata: Record<string, string>;
}

const validFileArb: fc.Arbitrary<ValidFile> = fc.record({
  tensors: fc
    .uniqueArray(fc.tuple(nameArb, tensorArb), { selector: ([name]) => name, maxLength: 5 })
    .map((pairs) => pairs.map(([name, t]) => ({ name, ...t }))),
  metadata: fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
});

type Mutation =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'flipTail'; back: number; xor: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'splice'; from: number; to: number; text: string; fixLength: boolean }
  | { kind: 'field'; tensor: number; field: string; value: unknown }
  | { kind: 'length'; value: bigint };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  // Mostly lands in the data section, so the file often stays valid and its decoded values get checked.
  fc.record({ kind: fc.constant('flipTail' as const), back: fc.integer({ min: 0, max: 63 }), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({
    kind: fc.constant('splice' as const), from: fc.nat(), to: fc.nat(), fixLength: fc.boolean(),
    text: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('"', '{', '}', '[', ']', ',', ':', '\\', '-1', '1e400', '0.5', '9007199254740993')),
  }),
  fc.record({
    kind: fc.constant('field' as const), tensor: fc.nat(),
    field: fc.constantFrom('dtype', 'shape', 'data_offsets', 'extra', '__proto__'),
    value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('I64', 'F16', [], [0, 0], [1], [-1, 2 ** 53])),
  }),
  fc.record({ kind: fc.constant('length' as const), value: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 300n })) }),
);

/** The header text as the prefix claims it (clamped to the file, since earlier mutations may have broken it). */
function headerOf(bytes: Uint8Array): { text: string; end: number } {
  const claimed = new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true);
  const length = Number(claimed < BigInt(bytes.length - 8) ? claimed : BigInt(bytes.length - 8));
  return { text: new TextDecoder().decode(bytes.subarray(8, 8 + length)), end: 8 + length };
}

/** A file with a new header text; the length prefix is either correct for it or left as it was. */
function withHeader(bytes: Uint8Array, text: string, fixLength: boolean): Uint8Array {
  const { end } = headerOf(bytes);
  const encoded = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + encoded.length + bytes.length - end);
  out.set(bytes.subarray(0, 8));
  if (fixLength) new DataView(out.buffer).setBigUint64(0, BigInt(encoded.length), true);
  out.set(encoded, 8);
  out.set(bytes.subarray(end), 8 + encoded.length);
  return out;
}

function setField(bytes: Uint8Array, m: Extract<Mutation, { kind: 'field' }>): Uint8Array {
  let root: unknown;
  try {
    root = JSON.parse(headerOf(bytes).text);
  } catch {
    return bytes; // an earlier mutation already broke the JSON
  }
  if (typeof root !== 'object' || root === null) return bytes;
  const entries = Object.values(root).filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
  if (entries.length === 0) return bytes;
  Object.defineProperty(entries[m.tensor % entries.length], m.field, { value: m.value, enumerable: true, writable: true, configurable: true });
  return withHeader(bytes, JSON.stringify(root), true);
}

function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = (extra: number) => ('at' in m ? m.at % (bytes.length + extra) : 0);
  switch (m.kind) {
    case 'flip': {
      const out = bytes.slice();
      if (out.length > 0) out[at(0)] ^= m.xor;
      return out;
    }
    case 'flipTail': {
      const out = bytes.slice();
      if (out.length > 0) out[Math.max(0, out.length - 1 - m.back)] ^= m.xor;
      return out;
    }
    case 'truncate':
      return bytes.slice(0, at(1));
    case 'insert':
      return new Uint8Array([...bytes.subarray(0, at(1)), ...m.bytes, ...bytes.subarray(at(1))]);
    case 'delete':
      return new Uint8Array([...bytes.subarray(0, at(1)), ...bytes.subarray(at(1) + m.count)]);
    case 'length': {
      const out = bytes.slice();
      if (out.length >= 8) new DataView(out.buffer).setBigUint64(0, m.value, true);
      return out;
    }
    case 'field':
      return bytes.length >= 8 ? setField(bytes, m) : bytes;
    case 'splice': {
      if (bytes.length < 8) return bytes;
      const { text } = headerOf(bytes);
      const [from, to] = [m.from % (text.length + 1), m.to % (text.length + 1)].sort((a, b) => a - b);
      return withHeader(bytes, text.slice(0, from) + m.text + text.slice(to), m.fixLength);
    }
  }
}

/** Values read straight from the bytes with a DataView, without the reader's views and tables. */
function decodeIndependently(bytes: Uint8Array, start: number, dtype: keyof typeof DTYPE_BYTES, count: number): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset + start);
  return Array.from({ length: count }, (_, i) =>
    dtype === 'F32' ? view.getFloat32(i * 4, true)
      : dtype === 'F16' ? float16BitsToFloat32(view.getUint16(i * 2, true)) : bfloat16BitsToFloat32(view.getUint16(i * 2, true)));
}

/** Reading either fails with SafetensorsError, or gives tensors that agree with the header and tile the data. */
function checkReadIsConsistent(bytes: Uint8Array): void {
  let file;
  const started = performance.now();
  try {
    file = readSafetensors(bytes);
  } catch (err) {
    if (!(err instanceof SafetensorsError)) throw err;
    expect(err.message).toMatch(/^safetensors: /);
    return;
  } finally {
    expect(performance.now() - started).toBeLessThan(2000);
  }
  const header = parseSafetensorsHeader(bytes);
  expect([...file.tensors.keys()]).toEqual(header.tensors.map((t) => t.name));
  let expectedBegin = 0;
  for (const info of header.tensors) {
    const tensor = file.tensors.get(info.name);
    expect(tensor?.dtype).toBe(info.dtype);
    expect(tensor?.shape).toEqual(info.shape);
    expect(tensor?.data.length).toBe(product(info.shape));
    expect(info.end - info.begin).toBe(product(info.shape) * DTYPE_BYTES[info.dtype]);
    expect(info.begin).toBe(expectedBegin);
    expect(Array.from(tensor?.data ?? [])).toEqual(decodeIndependently(bytes, header.dataOffset + info.begin, info.dtype, product(info.shape)));
    expectedBegin = info.end;
  }
  expect(header.dataOffset + expectedBegin).toBe(bytes.length);
}

const rounded = (dtype: string, x: number) =>
  dtype === 'F16' ? float16BitsToFloat32(float32ToFloat16Bits(x))
    : dtype === 'BF16' ? bfloat16BitsToFloat32(float32ToBfloat16Bits(x)) : x;

describe('safetensors under random input', () => {
  it('either reads a mutated file consistently with its header or throws SafetensorsError', () => {
    const before = prototypeKeys();
    fc.assert(fc.property(validFileArb, fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (valid, mutations) => {
      const bytes = mutations.reduce(mutate, writeSafetensors(valid.tensors, valid.metadata));
      checkReadIsConsistent(bytes);
    }), { numRuns: 3000 });
    expect(prototypeKeys()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('round-trips random tensors: F32 bit for bit, F16 and BF16 as their rounded values', () => {
    fc.assert(fc.property(validFileArb, (valid) => {
      const file = readSafetensors(writeSafetensors(valid.tensors, valid.metadata));
      expect([...file.tensors.keys()]).toEqual(valid.tensors.map((t) => t.name));
      expect(Object.fromEntries(file.metadata)).toEqual({ ...valid.metadata });
      for (const t of valid.tensors) {
        const back = file.tensors.get(t.name);
        expect(back?.shape).toEqual(t.shape);
        expect(back?.dtype).toBe(t.dtype);
        if (t.dtype === 'F32') {
          expect(new Uint32Array(back?.data.slice().buffer ?? new ArrayBuffer(0))).toEqual(new Uint32Array(t.data.slice().buffer));
        } else {
          expect(Array.from(back?.data ?? [])).toEqual(Array.from(t.data, (x) => rounded(t.dtype ?? 'F32', x)));
        }
      }
    }), { numRuns: 500 });
  });
});
