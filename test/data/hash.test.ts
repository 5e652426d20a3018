// Tests for the pure SHA-256: the FIPS 180-4 examples, every padding boundary against Node's crypto,
// and UTF-8 text hashing.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256Hex, sha256Text } from '../../src/data/hash';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const nodeSha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(sha256Hex(ascii(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex(ascii('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    expect(sha256Hex(new Uint8Array(1_000_000).fill(0x61))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('agrees with Node at every length around the 64-byte block and 56-byte padding boundaries', () => {
    for (let n = 0; n <= 200; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 0xff);
      expect(sha256Hex(bytes), `length ${n}`).toBe(nodeSha256(bytes));
    }
  });

  it('agrees with Node on random bytes, including views into larger buffers', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat({ max: 16 }), (bytes, offset) => {
        const padded = new Uint8Array(bytes.length + offset);
        padded.set(bytes, offset);
        expect(sha256Hex(padded.subarray(offset))).toBe(nodeSha256(bytes));
      }),
      { numRuns: 200 },
    );
  });
});

describe('sha256Text', () => {
  it('hashes the UTF-8 bytes of the text', () => {
    expect(sha256Text('café 🙂')).toBe(nodeSha256(Buffer.from('café 🙂', 'utf8')));
  });
});
