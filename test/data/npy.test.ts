// Tests for the .npy reader and writer: exact bytes, round trips, files written by numpy, and the
// messages for malformed input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readNpy, readNpyFloat32, writeNpy } from '../../src/data/npy';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/npy/${name}`, import.meta.url)));
const ascii = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));
const PREAMBLE_V1 = [0x93, ...ascii('NUMPY'), 1, 0];

/** A version-1.0 file (or 2.0/3.0) with the given header text and raw data bytes, no padding. */
function npyFile(header: string, data: number[] = [], major = 1): Uint8Array {
  const head = new TextEncoder().encode(header);
  const length = major === 1 ? [head.length & 0xff, head.length >> 8] : [head.length & 0xff, head.length >> 8, 0, 0];
  return new Uint8Array([0x93, ...ascii('NUMPY'), major, 0, ...length, ...head, ...data]);
}
const f4Header = (shape: string): string => `{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }\n`;

describe('writeNpy', () => {
  it('writes exactly the bytes numpy writes for a float32 vector', () => {
    const expected = [
      ...PREAMBLE_V1, 0x76, 0x00, // header length 118, so the data starts at byte 128
      ...ascii("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"), ...ascii(' '.repeat(60)), 0x0a,
      0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x40, 0x40, // 1, 2, 3
    ];
    expect(Array.from(writeNpy(new Float32Array([1, 2, 3]), [3]))).toEqual(expected);
  });

  it('writes a 0-d int32 scalar with an empty shape tuple', () => {
    const expected = [
      ...PREAMBLE_V1, 0x76, 0x00,
      ...ascii("{'descr': '<i4', 'fortran_order': False, 'shape': (), }"), ...ascii(' '.repeat(62)), 0x0a,
      0xf9, 0xff, 0xff, 0xff, // -7
    ];
    expect(Array.from(writeNpy(new Int32Array([-7]), []))).toEqual(expected);
  });

  it('spells float64 and multi-dimensional shapes as numpy does', () => {
    const bytes = writeNpy(new Float64Array(24), [2, 3, 4]);
    const header = String.fromCharCode(...bytes.subarray(10, 128));
    expect(header.trimEnd()).toBe("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, 4), }");
    expect(bytes.length).toBe(128 + 24 * 8);
  });

  it('pads the header with spaces and a newline so the data starts at a multiple of 64', () => {
    for (const shape of [[], [0], [5], [2, 3, 4], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [123456789, 0]]) {
      const bytes = writeNpy(new Float32Array(shape.reduce((a, b) => a * b, 1)), shape);
      const headerLength = bytes[8] | (bytes[9] << 8);
      expect((10 + headerLength) % 64).toBe(0);
      expect(bytes[10 + headerLength - 1]).toBe(0x0a);
      expect(readNpy(bytes).shape).toEqual(shape);
    }
  });

  it('writes only the viewed part of a subarray', () => {
    const whole = new Float32Array([9, 1, 2, 9]);
    expect(readNpy(writeNpy(whole.subarray(1, 3), [2])).data).toEqual(new Float32Array([1, 2]));
  });

  it('rejects a shape that does not match the data, with both counts in the message', () => {
    expect(() => writeNpy(new Float32Array(5), [2, 3])).toThrow('shape [2, 3] holds 6 elements but the data has 5');
    expect(() => writeNpy(new Float32Array(0), [-1])).toThrow('invalid dimension -1');
    expect(() => writeNpy(new Float32Array(2), [1.5])).toThrow('invalid dimension 1.5');
  });
});

describe('round trips through readNpy', () => {
  it('keeps shapes (), (0,) and (2,3,4) and every bit of f4, f8 and i4 data', () => {
    const f4 = new Float32Array(24).map((_, i) => (i - 11.5) / 3);
    f4[0] = -Infinity;
    f4[1] = NaN;
    f4[2] = -0;
    const cases: [Float32Array | Float64Array | Int32Array, number[], string][] = [
      [f4, [2, 3, 4], '<f4'],
      [new Float64Array([Math.PI]), [], '<f8'],
      [new Int32Array(0), [0], '<i4'],
      [new Int32Array([-2147483648, 2147483647, 0]), [3], '<i4'],
    ];
    for (const [data, shape, dtype] of cases) {
      const back = readNpy(writeNpy(data, shape));
      expect(back.dtype).toBe(dtype);
      expect(back.shape).toEqual(shape);
      expect(new Uint8Array(back.data.buffer)).toEqual(new Uint8Array(data.buffer));
    }
  });

  it('round-trips random float32 arrays of random shapes', () => {
    const shapes = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 });
    fc.assert(fc.property(shapes, fc.integer(), (shape, seed) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = new Float32Array(n).map((_, i) => Math.sin(seed + i) * 1e3);
      const back = readNpyFloat32(writeNpy(data, shape));
      return back.shape.join() === shape.join() && back.data.every((v, i) => v === data[i]);
    }));
  });
});

describe('readNpy on files written by numpy', () => {
  it('reads a (2, 3) float32 array', () => {
    const a = readNpy(fixture('small_f4.npy'));
    expect(a).toMatchObject({ dtype: '<f4', shape: [2, 3] });
    expect(a.data).toEqual(new Float32Array([-0.625, -0.375, -0.125, 0.125, 0.375, 0.625]));
  });

  it('reads float64 including infinities exactly', () => {
    const a = readNpy(fixture('small_f8.npy'));
    expect(a.dtype).toBe('<f8');
    expect(a.data).toEqual(new Float64Array([1 / 3, -2.0e300, -Infinity, 0]));
  });

  it('reads int64 as a BigInt64Array and converts it to float32 on request', () => {
    const a = readNpy(fixture('small_i8.npy'));
    expect(a.data).toBeInstanceOf(BigInt64Array);
    expect(a.data).toEqual(new BigInt64Array([-7n, 0n, 2n ** 40n, 42n]));
    expect(Array.from(readNpyFloat32(fixture('small_i8.npy')).data)).toEqual([-7, 0, 2 ** 40, 42]);
  });

  it('converts float16 (normal, largest and subnormal values) and uint8 to float32', () => {
    expect(Array.from(readNpyFloat32(fixture('small_f2.npy')).data)).toEqual([1.5, -0.0999755859375, 65504, 2 ** -24]);
    expect(readNpy(fixture('small_u1.npy'))).toMatchObject({ dtype: '|u1', shape: [3] });
    expect(Array.from(readNpyFloat32(fixture('small_u1.npy')).data)).toEqual([0, 1, 255]);
  });

  it('reads a 0-d scalar and an empty vector', () => {
    expect(readNpy(fixture('scalar_f8.npy'))).toMatchObject({ shape: [], data: new Float64Array([2.75]) });
    expect(readNpy(fixture('empty_f4.npy'))).toMatchObject({ shape: [0], data: new Float32Array(0) });
  });

  it('reads format versions 2.0 and 3.0', () => {
    const v2 = readNpyFloat32(fixture('v2_f4.npy'));
    expect(v2.shape).toEqual([2, 3, 4]);
    expect(Array.from(v2.data)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(readNpy(fixture('v3_i4.npy'))).toMatchObject({ dtype: '<i4', shape: [2, 2], data: new Int32Array([1, -2, 3, -4]) });
  });

  it('rejects a Fortran-order file and says how to re-save it', () => {
    expect(() => readNpy(fixture('fortran_f4.npy'))).toThrow('Fortran-order (column-major) arrays are not supported; save np.ascontiguousarray(a) instead');
  });
});

describe('readNpy details', () => {
  it('copies the data, so the result is aligned and independent of an unaligned input view', () => {
    const file = writeNpy(new Float32Array([1, 2]), [2]);
    const shifted = new Uint8Array(file.length + 1);
    shifted.set(file, 1);
    const a = readNpy(shifted.subarray(1));
    shifted.fill(0);
    expect(a.data).toEqual(new Float32Array([1, 2]));
  });

  it('accepts double quotes, Python 2 long integers, no trailing comma and one-byte types spelled <u1', () => {
    expect(readNpy(npyFile(`{"descr": "<f4", "fortran_order": False, "shape": (1L, 2L)}`, [0, 0, 0x80, 0x3f, 0, 0, 0, 0x40])))
      .toMatchObject({ shape: [1, 2], data: new Float32Array([1, 2]) });
    expect(readNpy(npyFile(`{'shape': (2,), 'fortran_order': False, 'descr': '<u1'}`, [3, 4]))).toMatchObject({ dtype: '|u1', shape: [2] });
  });
});

describe('readNpy rejects malformed input with a message that says what is wrong', () => {
  const body = [0, 0, 0x80, 0x3f];
  const cases: [string, Uint8Array, string][] = [
    ['an empty buffer', new Uint8Array(0), 'not a .npy file (the magic string "\\x93NUMPY" is missing)'],
    ['the wrong magic', new Uint8Array([0x93, ...ascii('NUMPZ'), 1, 0, 0, 0]), 'magic string'],
    ['an unknown version', npyFile(f4Header('(1,)'), body, 4), 'unsupported format version 4.0; expected 1.0, 2.0 or 3.0'],
    ['a version 2.0 file cut inside the length', new Uint8Array([0x93, ...ascii('NUMPY'), 2, 0, 5, 0]), 'file ends inside the header length'],
    ['a header longer than the file', new Uint8Array([...PREAMBLE_V1, 200, 0, ...ascii('{}')]), 'header claims 200 bytes but the file ends after 2'],
    ['truncated data', npyFile(f4Header('(2,)'), body), "shape (2) of <f4 needs 8 data bytes but the file has 4 (truncated?)"],
    ['trailing bytes', npyFile(f4Header('(1,)'), [...body, 0]), 'needs 4 data bytes but the file has 5'],
    ['a big-endian dtype', npyFile(`{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }`, body), "dtype '>f4' is big-endian"],
    ['an unsupported dtype', npyFile(`{'descr': '<c8', 'fortran_order': False, 'shape': (), }`, body), "unsupported dtype '<c8'; supported: <f2, <f4"],
    ['a structured dtype', npyFile(`{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }`, body), 'structured (record) dtypes are not supported'],
    ['a missing key', npyFile(`{'descr': '<f4', 'shape': (1,), }`, body), "header has no 'fortran_order' key"],
    ['an extra key', npyFile(`{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}`, body), "header has an unexpected key 'x'"],
    ['a duplicate key', npyFile(`{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}`, body), "duplicate key 'descr'"],
    ['a non-boolean fortran_order', npyFile(`{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}`, body), "'fortran_order' must be True or False"],
    ['a shape that is an int in parentheses', npyFile(f4Header('(1)'), body), "'shape' must be a tuple of non-negative integers"],
    ['a shape given as a list', npyFile(f4Header('[1]'), body), "'shape' must be a tuple"],
    ['a negative dimension', npyFile(f4Header('(-1,)'), body), "'shape' has an entry -1"],
    ['a huge dimension', npyFile(f4Header('(99999999999999999999,)'), body), 'integer 99999999999999999999 is too large'],
    ['too many elements', npyFile(f4Header('(9007199254740991, 4)'), body), 'has too many elements'],
    ['an unterminated string', npyFile(`{'descr': '<f4`, body), 'unterminated string'],
    ['a missing colon', npyFile(`{'descr' '<f4'}`, body), "malformed header (expected ':' at character 9)"],
    ['an unquoted key', npyFile(`{descr: '<f4'}`, body), 'expected a quoted key'],
    ['text after the dict', npyFile(`${f4Header('(1,)')} x`, body), 'unexpected text after the dict'],
    ['a header that is not a dict', npyFile(`('<f4', False, (1,))`, body), 'header is not a dict'],
    ['an unclosed dict', npyFile(`{'descr': '<f4'`, body), "expected ',' or '}'"],
    ['bad UTF-8 in a version 3.0 header', npyFile('{}', [], 3).map((b, i) => (i === 12 ? 0xff : b)), 'header is not valid UTF-8'],
  ];
  it.each(cases)('rejects %s', (_, bytes, message) => {
    expect(() => readNpy(bytes)).toThrow(message);
  });

  it('prefixes every message with "npy:"', () => {
    expect(() => readNpy(new Uint8Array(3))).toThrow(/^npy: /);
  });
});

describe('readNpy on a Node Buffer', () => {
  it('copies the data even though Buffer#slice would share memory', async () => {
    const { Buffer } = await import('node:buffer');
    const bytes = writeNpy(Float32Array.from([1.5, -2, 3]), [3]);
    const padded = Buffer.concat([Buffer.from([9, 9, 9]), Buffer.from(bytes)]).subarray(3);
    expect(Array.from(readNpyFloat32(padded).data)).toEqual([1.5, -2, 3]);
  });
});
