import { describe, it, expect } from 'vitest';
import {
  bfloat16BitsToFloat32, float16BitsToFloat32, float32ToBfloat16Bits, float32ToFloat16Bits,
  parseSafetensorsHeader, readSafetensors, SafetensorsError, writeSafetensors, type TensorToWrite,
} from '../../src/model/safetensors';
import { assemble, entry, prototypeKeys } from './safetensorsFixtures';

const HEADER_54 = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

/** The bytes of a file holding "a" = F32 [1, -2.5], written out one by one. */
function knownFileBytes(padding: number): Uint8Array {
  return new Uint8Array([
    54 + padding, 0, 0, 0, 0, 0, 0, 0,
    ...ascii(HEADER_54), ...Array<number>(padding).fill(0x20),
    0x00, 0x00, 0x80, 0x3f, // 1.0
    0x00, 0x00, 0x20, 0xc0, // -2.5
  ]);
}

function roundTrip(tensors: TensorToWrite[], metadata?: Record<string, string>) {
  return readSafetensors(writeSafetensors(tensors, metadata));
}

describe('readSafetensors on hand-assembled bytes', () => {
  it('reads a tiny F32 file whose data section is unaligned by copying it', () => {
    const bytes = knownFileBytes(0);
    const file = readSafetensors(bytes);
    const a = file.tensors.get('a');
    expect(a?.dtype).toBe('F32');
    expect(a?.shape).toEqual([2]);
    expect(Array.from(a?.data ?? [])).toEqual([1, -2.5]);
    expect(a?.data.buffer).not.toBe(bytes.buffer);
    expect(file.metadata.size).toBe(0);
  });

  it('returns a zero-copy view for an aligned F32 tensor', () => {
    const bytes = knownFileBytes(2);
    const a = readSafetensors(bytes).tensors.get('a');
    expect(Array.from(a?.data ?? [])).toEqual([1, -2.5]);
    expect(a?.data.buffer).toBe(bytes.buffer);
  });

  it('accepts an ArrayBuffer and a Uint8Array that starts at an odd offset of a larger buffer', () => {
    const bytes = knownFileBytes(2);
    expect(Array.from(readSafetensors(bytes.slice().buffer).tensors.get('a')?.data ?? [])).toEqual([1, -2.5]);
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    expect(Array.from(readSafetensors(big.subarray(3)).tensors.get('a')?.data ?? [])).toEqual([1, -2.5]);
  });

  it('reports the header with offsets relative to the data section', () => {
    expect(parseSafetensorsHeader(knownFileBytes(0))).toEqual({
      tensors: [{ name: 'a', dtype: 'F32', shape: [2], begin: 0, end: 8 }],
      metadata: new Map(),
      dataOffset: 62,
    });
  });

  it('decodes F16 and BF16 bytes, metadata and a scalar', () => {
    const header = `{"__metadata__":{"format":"pt"},"h":${entry('F16', [3], 0, 6)},"b":${entry('BF16', [], 6, 8)}}`;
    const data = new Uint8Array([0x00, 0x3c, 0x00, 0xc0, 0xff, 0x7b, 0x80, 0x3f]);
    const file = readSafetensors(assemble(header, data));
    expect(Array.from(file.tensors.get('h')?.data ?? [])).toEqual([1, -2, 65504]);
    expect(file.tensors.get('b')).toEqual({ dtype: 'BF16', shape: [], data: new Float32Array([1]) });
    expect(file.metadata).toEqual(new Map([['format', 'pt']]));
  });

  it('does not mistake quotes, brackets or escapes inside names for structure when looking for duplicates', () => {
    const rawKeys = [String.raw`a\",\"b`, 'b', String.raw`{[\\`, String.raw`c\\\"}`, String.raw`\u0062x`];
    const header = `{${rawKeys.map((k, i) => `"${k}":${entry('F32', [1], i * 4, i * 4 + 4)}`).join(',')}}`;
    const file = readSafetensors(assemble(header, 20));
    expect([...file.tensors.keys()]).toEqual(['a","b', 'b', '{[\\', 'c\\"}', 'bx']);
    const duplicated = `${header.slice(0, -1)},"${String.raw`\u0062`}":${entry('F32', [1], 20, 24)}}`;
    expect(() => readSafetensors(assemble(duplicated, 24))).toThrow(/duplicate tensor name "b"/);
  });

  it('reads tensors in data-section order whatever the header order', () => {
    const header = `{"second":${entry('F32', [1], 4, 8)},"first":${entry('F32', [1], 0, 4)}}`;
    const file = readSafetensors(assemble(header, 8));
    expect([...file.tensors.keys()]).toEqual(['first', 'second']);
  });
});

describe('writeSafetensors', () => {
  it('writes exactly the known bytes, padding the header with spaces to an 8-byte boundary', () => {
    const written = writeSafetensors([{ name: 'a', shape: [2], data: new Float32Array([1, -2.5]) }]);
    expect(Array.from(written)).toEqual(Array.from(knownFileBytes(2)));
  });

  it('aligns the data section to 8 bytes for every header length', () => {
    for (let n = 1; n <= 16; n++) {
      const bytes = writeSafetensors([{ name: 'x'.repeat(n), shape: [1], data: new Float32Array([n]) }]);
      const header = parseSafetensorsHeader(bytes);
      expect(header.dataOffset % 8).toBe(0);
      expect(readSafetensors(bytes).tensors.get('x'.repeat(n))?.data[0]).toBe(n);
    }
  });

  it('lays tensors out in the given order, contiguously', () => {
    const bytes = writeSafetensors([
      { name: 'z', shape: [3], data: new Float32Array(3), dtype: 'F16' },
      { name: '10', shape: [2], data: new Float32Array(2) },
      { name: 'a', shape: [1], data: new Float32Array(1), dtype: 'BF16' },
      { name: '2', shape: [0], data: new Float32Array(0) },
    ]);
    const spans = parseSafetensorsHeader(bytes).tensors.map((t) => [t.name, t.begin, t.end]);
    expect(spans).toEqual([['z', 0, 6], ['10', 6, 14], ['a', 14, 16], ['2', 16, 16]]);
  });

  it('rejects tensors it could not write faithfully, saying which and why', () => {
    const data = new Float32Array(2);
    expect(() => writeSafetensors([{ name: 'a', shape: [3], data }])).toThrow(/tensor "a" has shape \[3\] \(3 elements\) but its data holds 2/);
    expect(() => writeSafetensors([{ name: 'a', shape: [2], data }, { name: 'a', shape: [2], data }])).toThrow(/duplicate tensor name "a" \(tensor #1\)/);
    expect(() => writeSafetensors([{ name: '__metadata__', shape: [2], data }])).toThrow(/reserves/);
    expect(() => writeSafetensors([{ name: '', shape: [2], data }])).toThrow(/non-empty/);
    expect(() => writeSafetensors([{ name: 'a', shape: [2], data, dtype: 'I64' as never }])).toThrow(/dtype "I64", which is unsupported/);
    expect(() => writeSafetensors([{ name: 'a', shape: [-2], data }])).toThrow(/dimension 0 = -2/);
    expect(() => writeSafetensors([{ name: 'a', shape: [2], data: [1, 2] as never }])).toThrow(/Float32Array/);
    expect(() => writeSafetensors([], { k: 5 as never })).toThrow(/metadata value for key "k" must be a string, found 5/);
    expect(() => writeSafetensors([], { k: 5 as never })).toThrow(SafetensorsError);
    expect(() => writeSafetensors([], new Map([['k', 'v']]) as never)).toThrow(/not a Map; pass Object\.fromEntries\(map\)/);
  });
});

describe('write then read', () => {
  it('round-trips F32 exactly, including -0, infinities, subnormals and NaN payloads', () => {
    const data = new Float32Array([0, -0, Infinity, -Infinity, 1e-45, 3.4028234663852886e38, Math.PI]);
    const bits = new Uint32Array(8);
    new Float32Array(bits.buffer).set(data);
    bits[7] = 0x7fa00001; // a signalling NaN with a payload
    const values = new Float32Array(bits.buffer);
    const back = roundTrip([{ name: 'v', shape: [2, 4], data: values }]).tensors.get('v');
    expect(back?.shape).toEqual([2, 4]);
    expect(Array.from(new Uint32Array(back?.data.slice().buffer ?? new ArrayBuffer(0)))).toEqual(Array.from(bits));
  });

  it('round-trips F16 and BF16 as the rounded values', () => {
    const data = new Float32Array([1, -2, 0.1, 65504, 65520, 1e-8, -0, NaN, 1 / 3]);
    const file = roundTrip([
      { name: 'h', shape: [9], data, dtype: 'F16' },
      { name: 'b', shape: [3, 3], data, dtype: 'BF16' },
    ]);
    const h = Array.from(data, (x) => float16BitsToFloat32(float32ToFloat16Bits(x)));
    const b = Array.from(data, (x) => bfloat16BitsToFloat32(float32ToBfloat16Bits(x)));
    expect(Array.from(file.tensors.get('h')?.data ?? [])).toEqual(h);
    expect(Array.from(file.tensors.get('b')?.data ?? [])).toEqual(b);
    expect(file.tensors.get('b')?.shape).toEqual([3, 3]);
    expect(h.slice(0, 4)).toEqual([1, -2, 0.0999755859375, 65504]);
  });

  it('round-trips scalars and zero-size tensors of every dtype', () => {
    const tensors: TensorToWrite[] = [];
    for (const dtype of ['F32', 'F16', 'BF16'] as const) {
      tensors.push({ name: `${dtype}.scalar`, shape: [], data: new Float32Array([-3]), dtype });
      tensors.push({ name: `${dtype}.empty`, shape: [0], data: new Float32Array(0), dtype });
      tensors.push({ name: `${dtype}.empty2d`, shape: [3, 0, 2], data: new Float32Array(0), dtype });
    }
    const file = roundTrip(tensors);
    for (const t of tensors) {
      expect(file.tensors.get(t.name)).toEqual({ dtype: t.dtype, shape: t.shape, data: t.data });
    }
  });

  it('round-trips metadata and an empty file', () => {
    const file = roundTrip([], { format: 'pt', 'note "quoted"': 'línea\nnueva', __proto__x: '' });
    expect(file.tensors.size).toBe(0);
    expect(Object.fromEntries(file.metadata)).toEqual({ format: 'pt', 'note "quoted"': 'línea\nnueva', __proto__x: '' });
    expect(roundTrip([]).metadata.size).toBe(0);
  });

  it('treats __proto__, constructor, toString and unusual characters as ordinary names', () => {
    const before = prototypeKeys();
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '0', 'a"b\\c\n', 'héllo/世界', '\ud800lone', '🙂'];
    const metadata = JSON.parse('{"__proto__":"meta"}') as Record<string, string>; // an own key, unlike a literal's
    const file = roundTrip(names.map((name, i) => ({ name, shape: [1], data: new Float32Array([i]) })), metadata);
    expect([...file.tensors.keys()]).toEqual(names);
    expect(file.metadata.get('__proto__')).toBe('meta');
    names.forEach((name, i) => expect(file.tensors.get(name)?.data[0]).toBe(i));
    expect(prototypeKeys()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads a file with a tensor named __proto__ without touching Object.prototype', () => {
    const before = prototypeKeys();
    const header = `{"__proto__":${entry('F32', [1], 0, 4)},"__metadata__":{"__proto__":"polluted","polluted":"yes"}}`;
    const file = readSafetensors(assemble(header, new Uint8Array([0, 0, 0x80, 0x3f])));
    expect(file.tensors.get('__proto__')?.data[0]).toBe(1);
    expect(file.metadata.get('__proto__')).toBe('polluted');
    expect(prototypeKeys()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
