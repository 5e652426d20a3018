import { describe, it, expect } from 'vitest';
import { parseSafetensorsHeader, readSafetensors, SafetensorsError } from '../../src/model/safetensors';
import { assemble, entry, prototypeKeys, smallValidFile } from './safetensorsFixtures';

interface Case {
  what: string;
  bytes: () => Uint8Array;
  error: RegExp;
}

/** A file whose only tensor is `name` with the given entry JSON and `dataLength` zero bytes of data. */
const one = (entryJson: string, dataLength: number, name = 'w') => assemble(`{${JSON.stringify(name)}:${entryJson}}`, dataLength);
const utf8 = (...bytes: number[]) => assemble(new Uint8Array(bytes));

const PREFIX_AND_ENCODING: Case[] = [
  { what: 'an empty buffer', bytes: () => new Uint8Array(0), error: /file is 0 bytes, shorter than the 8-byte header-length prefix/ },
  { what: 'a 7-byte buffer', bytes: () => new Uint8Array(7), error: /file is 7 bytes, shorter than the 8-byte/ },
  { what: 'a header length just over 100,000,000', bytes: () => assemble('{}', 0, 100_000_001n), error: /header length 100000001 \(bytes 0–7\) exceeds the limit of 100000000 bytes/ },
  { what: 'a header length of 2^53 + 1, unrounded', bytes: () => assemble('{}', 0, 2n ** 53n + 1n), error: /header length 9007199254740993 .*exceeds/ },
  { what: 'a header length of 2^64 - 1', bytes: () => assemble('{}', 0, 2n ** 64n - 1n), error: /header length 18446744073709551615 .*exceeds/ },
  { what: 'a header length of 2^32, which a 32-bit read would wrap to 0', bytes: () => assemble('{}', 0, 2n ** 32n), error: /header length 4294967296 .*exceeds/ },
  { what: 'a header length past the end of the file', bytes: () => assemble('{}', 0, 3n), error: /header length 3 runs past the end of the file \(file is 10 bytes, leaving 2/ },
  { what: 'a header length that cuts the JSON short', bytes: () => assemble(`{"w":${entry('F32', [], 0, 4)}}`, 4, 20n), error: /header is not valid JSON/ },
  { what: 'a header length that swallows data bytes', bytes: () => assemble(`{"w":${entry('F32', [], 0, 4)}}  `, 4, 51n), error: /not valid JSON/ },
  { what: 'a header with a 0xff byte', bytes: () => utf8(0x7b, 0xff, 0x7d), error: /header \(bytes 8–11\) is not valid UTF-8/ },
  { what: 'a header with an overlong UTF-8 encoding', bytes: () => utf8(0x22, 0xc0, 0xaf, 0x22), error: /not valid UTF-8/ },
  { what: 'a header with a UTF-8-encoded surrogate', bytes: () => utf8(0x22, 0xed, 0xa0, 0x80, 0x22), error: /not valid UTF-8/ },
  { what: 'a header ending inside a multi-byte character', bytes: () => utf8(0x7b, 0x22, 0xc3), error: /not valid UTF-8/ },
  { what: 'a header starting with a byte-order mark', bytes: () => utf8(0xef, 0xbb, 0xbf, 0x7b, 0x7d), error: /not valid JSON/ },
  { what: 'an unfinished JSON header', bytes: () => assemble('{"a":'), error: /header is not valid JSON \(/ },
  { what: 'an empty header', bytes: () => assemble(''), error: /not valid JSON/ },
  { what: 'JSON followed by garbage', bytes: () => assemble('{} x'), error: /not valid JSON/ },
  { what: 'a JSON array header', bytes: () => assemble('[]'), error: /header must be a JSON object of tensor entries, found \[\]/ },
  { what: 'a JSON null header', bytes: () => assemble('null'), error: /JSON object of tensor entries, found null/ },
  { what: 'a JSON string header', bytes: () => assemble('"w"'), error: /JSON object of tensor entries, found "w"/ },
  { what: 'a JSON number header', bytes: () => assemble('42'), error: /JSON object of tensor entries, found 42/ },
];

const ENTRIES: Case[] = [
  { what: 'an entry that is a number', bytes: () => one('5', 0), error: /tensor "w" must be an object with dtype, shape and data_offsets, found 5/ },
  { what: 'an entry that is an array', bytes: () => one('[1,2]', 0), error: /tensor "w" must be an object .*found \[1, 2\]/ },
  { what: 'an entry that is null', bytes: () => one('null', 0), error: /tensor "w" must be an object .*found null/ },
  { what: 'an entry without dtype', bytes: () => one('{"shape":[],"data_offsets":[0,4]}', 4), error: /tensor "w" lacks field "dtype"/ },
  { what: 'an entry without shape', bytes: () => one('{"dtype":"F32","data_offsets":[0,4]}', 4), error: /tensor "w" lacks field "shape"/ },
  { what: 'an entry without data_offsets', bytes: () => one('{"dtype":"F32","shape":[]}', 4), error: /tensor "w" lacks field "data_offsets"/ },
  { what: 'an entry with an unknown field', bytes: () => one('{"dtype":"F32","shape":[],"data_offsets":[0,4],"offsets":1}', 4), error: /tensor "w" has unknown field "offsets" \(allowed: dtype, shape, data_offsets\)/ },
  { what: 'a dtype that is not a string', bytes: () => one('{"dtype":4,"shape":[],"data_offsets":[0,4]}', 4), error: /tensor "w" has dtype 4; it must be a string/ },
  ...['I64', 'F64', 'U8', 'BOOL', 'I32', 'F8_E4M3', 'f32', 'F31', ''].map((dtype) => ({
    what: `dtype "${dtype}"`,
    bytes: () => one(entry(dtype, [], 0, 4), 4, 'h.0.attn.c_attn.weight'),
    error: new RegExp(`tensor "h\\.0\\.attn\\.c_attn\\.weight" has dtype ${dtype}, which is unsupported \\(supported: F32, F16, BF16\\)`),
  })),
  { what: 'a shape that is not an array', bytes: () => one('{"dtype":"F32","shape":2,"data_offsets":[0,8]}', 8), error: /tensor "w" has shape 2; it must be an array of dimensions/ },
  { what: 'a string dimension', bytes: () => one(entry('F32', ['2'], 0, 8), 8), error: /tensor "w" has shape dimension 0 = "2"; dimensions must be non-negative safe integers/ },
  { what: 'a negative dimension', bytes: () => one(entry('F32', [2, -1], 0, 0), 0), error: /shape dimension 1 = -1; dimensions must be non-negative/ },
  { what: 'a fractional dimension', bytes: () => one(entry('F32', [1.5], 0, 6), 6), error: /shape dimension 0 = 1\.5/ },
  { what: 'a dimension above 2^53', bytes: () => one('{"dtype":"F32","shape":[9007199254740993],"data_offsets":[0,4]}', 4), error: /shape dimension 0 = 9007199254740992/ },
  { what: 'a null dimension', bytes: () => one(entry('F32', [null], 0, 4), 4), error: /shape dimension 0 = null/ },
  { what: 'a nested-array dimension', bytes: () => one(entry('F32', [[[[[1]]]]], 0, 4), 4), error: /shape dimension 0 = \[\[an array of 1 items\]\]/ },
  { what: 'a rank-9 shape', bytes: () => one(entry('F32', Array(9).fill(1), 0, 4), 4), error: /tensor "w" has shape of rank 9; at most 8 dimensions/ },
  { what: 'a shape whose size overflows', bytes: () => one(entry('F32', [2 ** 40, 2 ** 40], 0, 4), 4), error: /shape \[1099511627776, 1099511627776\], which is too large: more than the 2147483648-byte limit per tensor/ },
  { what: 'a huge shape hidden behind a zero dimension', bytes: () => one(entry('F32', [0, 2 ** 40, 2 ** 40], 0, 0), 0), error: /shape \[0, 1099511627776, 1099511627776\], which is too large/ },
  { what: 'a tensor just over the size cap', bytes: () => one(entry('F32', [2 ** 29 + 1], 0, 4), 4), error: /shape \[536870913\], which is too large/ },
  { what: 'data_offsets that are not an array', bytes: () => one('{"dtype":"F32","shape":[],"data_offsets":0}', 4), error: /tensor "w" has data_offsets 0; it must be \[begin, end\]/ },
  { what: 'three data_offsets', bytes: () => one(entry('F32', [], '0,4', 8), 8), error: /data_offsets \[0, 4, 8\]; it must be \[begin, end\]/ },
  { what: 'a negative offset', bytes: () => one(entry('F32', [], -4, 0), 0), error: /data_offsets \[-4, 0\]; both must be non-negative safe integers/ },
  { what: 'a fractional offset', bytes: () => one(entry('F32', [], 0, 4.5), 4), error: /data_offsets \[0, 4\.5\]; both must be/ },
  { what: 'a string offset', bytes: () => one(entry('F32', [], '"0"', 4), 4), error: /data_offsets \["0", 4\]; both must be/ },
  { what: 'begin after end', bytes: () => one(entry('F32', [], 8, 4), 8), error: /tensor "w" has data_offsets \[8, 4\] with begin 8 > end 4/ },
  { what: 'an F32 span shorter than its shape', bytes: () => one(entry('F32', [2], 0, 4), 4), error: /tensor "w" has data_offsets \[0, 4\] spanning 4 bytes, but dtype F32 × shape \[2\] needs 8 bytes/ },
  { what: 'an F16 span longer than its shape', bytes: () => one(entry('F16', [3], 0, 8), 8), error: /spanning 8 bytes, but dtype F16 × shape \[3\] needs 6 bytes/ },
  { what: 'a BF16 scalar with four bytes', bytes: () => one(entry('BF16', [], 0, 4), 4), error: /dtype BF16 × shape \[\] needs 2 bytes/ },
];

const LAYOUT_AND_NAMES: Case[] = [
  { what: 'offsets past the end of the data section', bytes: () => one(entry('F32', [2], 0, 8), 4), error: /tensor "w" has data_offsets \[0, 8\] running past the end of the data section \(4 bytes\)/ },
  { what: 'offsets far beyond the file', bytes: () => one(entry('F32', [1], 2 ** 50, 2 ** 50 + 4), 4), error: /data_offsets \[1125899906842624, 1125899906842628\] running past the end/ },
  { what: 'overlapping tensors', bytes: () => assemble(`{"a":${entry('F32', [2], 0, 8)},"b":${entry('F32', [2], 4, 12)}}`, 12), error: /tensor "b" at data_offsets \[4, 12\] overlaps tensor "a" at \[0, 8\]/ },
  { what: 'two tensors on the same bytes', bytes: () => assemble(`{"a":${entry('F32', [1], 0, 4)},"b":${entry('F32', [1], 0, 4)}}`, 4), error: /at data_offsets \[0, 4\] overlaps tensor "a" at \[0, 4\]/ },
  { what: 'a gap between tensors', bytes: () => assemble(`{"a":${entry('F32', [1], 0, 4)},"b":${entry('F32', [1], 8, 12)}}`, 12), error: /data section bytes \[4, 8\) belong to no tensor \(a gap before tensor "b" at \[8, 12\]\)/ },
  { what: 'data that does not start at offset 0', bytes: () => one(entry('F32', [1], 4, 8), 8), error: /data section bytes \[0, 4\) belong to no tensor/ },
  { what: 'a trailing byte after the last tensor', bytes: () => one(entry('F32', [1], 0, 4), 5), error: /the data section is 5 bytes but tensors cover only 4: 1 trailing byte after the last tensor/ },
  { what: 'data bytes in a file without tensors', bytes: () => assemble('{}', 4), error: /the data section is 4 bytes but tensors cover only 0: 4 trailing bytes/ },
  { what: 'a duplicated tensor name', bytes: () => assemble(`{"a":${entry('F32', [1], 0, 4)},"a":${entry('F32', [1], 4, 8)}}`, 8), error: /duplicate tensor name "a" in the header/ },
  { what: 'a tensor name duplicated through an escape', bytes: () => assemble(`{"a":${entry('F32', [1], 0, 4)},"\\u0061":${entry('F32', [1], 4, 8)}}`, 8), error: /duplicate tensor name "a"/ },
  { what: 'a duplicated __proto__ name', bytes: () => assemble(`{"__proto__":${entry('F32', [1], 0, 4)},"__proto__":${entry('F32', [1], 4, 8)}}`, 8), error: /duplicate tensor name "__proto__"/ },
  { what: 'a duplicated __metadata__', bytes: () => assemble('{"__metadata__":{},"__metadata__":{"a":"b"}}'), error: /__metadata__ appears twice in the header/ },
  { what: 'a field given twice in one entry', bytes: () => one('{"dtype":"F32","dtype":"I64","shape":[],"data_offsets":[0,4]}', 4), error: /tensor "w" has key "dtype" twice/ },
  { what: 'a metadata key given twice', bytes: () => assemble('{"__metadata__":{"k":"1","k":"2"}}'), error: /__metadata__ has key "k" twice/ },
  { what: 'metadata that is a string', bytes: () => assemble('{"__metadata__":"x"}'), error: /__metadata__ must be an object of string → string, found "x"/ },
  { what: 'metadata that is an array', bytes: () => assemble('{"__metadata__":["x"]}'), error: /__metadata__ must be an object .*found \["x"\]/ },
  { what: 'a metadata value that is a number', bytes: () => assemble('{"__metadata__":{"k":1}}'), error: /__metadata__ value for key "k" must be a string, found 1/ },
  { what: 'a metadata value that is null', bytes: () => assemble('{"__metadata__":{"k":null}}'), error: /value for key "k" must be a string, found null/ },
  { what: 'a metadata value that is an object', bytes: () => assemble('{"__metadata__":{"k":{"polluted":"yes"}}}'), error: /value for key "k" must be a string, found an object/ },
  { what: 'an empty tensor name', bytes: () => one(entry('F32', [1], 0, 4), 4, ''), error: /tensor names must be non-empty strings, found ""/ },
  { what: 'a 1025-character tensor name', bytes: () => one(entry('F32', [1], 0, 4), 4, 'n'.repeat(1025)), error: /tensor name "n{40}"… is 1025 characters long; the limit is 1024/ },
  { what: 'a __proto__ entry carrying an extra field', bytes: () => one('{"dtype":"F32","shape":[],"data_offsets":[0,4],"polluted":"yes"}', 4, '__proto__'), error: /tensor "__proto__" has unknown field "polluted"/ },
  { what: 'a __proto__ entry that is not a tensor', bytes: () => one('{"polluted":"yes"}', 0, '__proto__'), error: /tensor "__proto__" has unknown field "polluted"/ },
  { what: 'a constructor entry with a bad dtype', bytes: () => one(entry('I8', [], 0, 1), 1, 'constructor'), error: /tensor "constructor" has dtype I8, which is unsupported/ },
];

const CASES = [...PREFIX_AND_ENCODING, ...ENTRIES, ...LAYOUT_AND_NAMES];

function expectRejected(bytes: Uint8Array, error: RegExp): void {
  expect(() => readSafetensors(bytes)).toThrow(SafetensorsError);
  expect(() => readSafetensors(bytes)).toThrow(error);
  expect(() => parseSafetensorsHeader(bytes)).toThrow(error);
}

describe('readSafetensors rejects malformed files', () => {
  it('has many distinct cases, each with its own message', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(70);
    expect(new Set(CASES.map((c) => c.what)).size).toBe(CASES.length);
  });

  it.each(CASES)('rejects $what', ({ bytes, error }) => {
    const before = prototypeKeys();
    expectRejected(bytes(), error);
    expect(prototypeKeys()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects every truncated prefix of a valid file, saying where it ends', () => {
    const full = smallValidFile();
    const dataOffset = parseSafetensorsHeader(full).dataOffset;
    expect(readSafetensors(full).tensors.size).toBe(2);
    for (let length = 0; length < full.length; length++) {
      const prefix = full.slice(0, length);
      const error = length < 8 ? /shorter than the 8-byte header-length prefix/
        : length < dataOffset ? /runs past the end of the file/
          : /running past the end of the data section/;
      expectRejected(prefix, error);
    }
  });

  it('rejects input that is neither a Uint8Array nor an ArrayBuffer', () => {
    expect(() => readSafetensors('{}' as never)).toThrow(/expected the file as a Uint8Array or ArrayBuffer, found "\{\}"/);
    expect(() => readSafetensors(new Float32Array(4) as never)).toThrow(SafetensorsError);
    expect(() => readSafetensors(null as never)).toThrow(/found null/);
  });

  it('quotes hostile tensor names in messages instead of printing them raw', () => {
    expectRejected(one(entry('I64', [], 0, 8), 8, 'line\nbreak "quoted"'), /tensor "line\\nbreak \\"quoted\\"" has dtype I64/);
  });
});
