import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  bfloat16BitsToFloat32, float16BitsToFloat32, float32ToBfloat16Bits, float32ToFloat16Bits,
} from '../../src/model/safetensors';

const f32FromBits = (bits: number) => new Float32Array(new Uint32Array([bits]).buffer)[0];
/** Uniform over bit patterns, so subnormals and huge exponents are as likely as everyday values. */
const float32FromRandomBits = fc.integer({ min: 0, max: 0xffffffff }).map(f32FromBits).filter((x) => !Number.isNaN(x));

/** Nearest value with `mantBits` stored mantissa bits, by plain arithmetic (ties to even); an independent reference. Keeps the sign of zero. */
function referenceRound(x: number, mantBits: number, minExp: number, maxFinite: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const mag = Math.abs(x);
  let e = Math.floor(Math.log2(mag));
  while (2 ** e > mag) e--;
  while (2 ** (e + 1) <= mag) e++;
  const ulp = 2 ** (Math.max(e, minExp) - mantBits);
  const q = mag / ulp;
  const floor = Math.floor(q);
  const r = q - floor > 0.5 || (q - floor === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  const rounded = r * ulp;
  return Math.sign(x) * (rounded > maxFinite ? Infinity : rounded);
}

describe('float16 conversion', () => {
  it('encodes hand-computed bit patterns', () => {
    const cases: [number, number][] = [
      [1, 0x3c00], [-2, 0xc000], [65504, 0x7bff], [0.5, 0x3800], [0.1, 0x2e66], [1 / 3, 0x3555],
      [0, 0x0000], [-0, 0x8000], [Infinity, 0x7c00], [-Infinity, 0xfc00], [NaN, 0x7e00],
      [2 ** -14, 0x0400], // smallest normal
      [2 ** -24, 0x0001], // smallest subnormal
      [1023 * 2 ** -24, 0x03ff], // largest subnormal
      [-(2 ** -24), 0x8001],
      [1e-10, 0x0000], // far below half the smallest subnormal
      [65519, 0x7bff], // below the midpoint to ∞
      [65520, 0x7c00], // the midpoint 65504…65536 ties to even: ∞
      [1e6, 0x7c00],
    ];
    for (const [x, bits] of cases) expect(float32ToFloat16Bits(x), `f16(${x})`).toBe(bits);
  });

  it('rounds ties to even, for normals and subnormals alike', () => {
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // between 0x3c00 and 0x3c01: even wins
    expect(float32ToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // between 0x3c01 and 0x3c02: even wins
    expect(float32ToFloat16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // just above the tie
    expect(float32ToFloat16Bits(2 ** -25)).toBe(0x0000); // half the smallest subnormal: ties to 0
    expect(float32ToFloat16Bits(2 ** -25 + 2 ** -40)).toBe(0x0001);
    expect(float32ToFloat16Bits(3 * 2 ** -25)).toBe(0x0002); // 1.5 units
    expect(float32ToFloat16Bits(5 * 2 ** -25)).toBe(0x0002); // 2.5 units
    expect(float32ToFloat16Bits(2047 * 2 ** -25)).toBe(0x0400); // rounds up out of the subnormals
  });

  it('decodes hand-computed bit patterns', () => {
    expect(float16BitsToFloat32(0x3c00)).toBe(1);
    expect(float16BitsToFloat32(0xc000)).toBe(-2);
    expect(float16BitsToFloat32(0x7bff)).toBe(65504);
    expect(float16BitsToFloat32(0x0001)).toBe(2 ** -24);
    expect(float16BitsToFloat32(0x03ff)).toBe(1023 * 2 ** -24);
    expect(float16BitsToFloat32(0x3555)).toBe(0.333251953125);
    expect(float16BitsToFloat32(0x7c00)).toBe(Infinity);
    expect(float16BitsToFloat32(0xfc00)).toBe(-Infinity);
    expect(float16BitsToFloat32(0x7e00)).toBeNaN();
    expect(float16BitsToFloat32(0x7c01)).toBeNaN();
    expect(Object.is(float16BitsToFloat32(0x8000), -0)).toBe(true);
  });

  it('maps every one of the 65536 non-NaN patterns back to itself', () => {
    for (let h = 0; h < 0x10000; h++) {
      const x = float16BitsToFloat32(h);
      if (Number.isNaN(x)) expect((h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0).toBe(true);
      else if (float32ToFloat16Bits(x) !== h) expect(float32ToFloat16Bits(x)).toBe(h);
    }
  });

  it('sends every midpoint between neighbouring float16 values to the even one', () => {
    for (let h = 0; h < 0x7c00; h++) {
      const next = h === 0x7bff ? 65536 : float16BitsToFloat32(h + 1); // past the max, the next step is ∞
      const mid = (float16BitsToFloat32(h) + next) / 2;
      const even = h % 2 === 0 ? h : h + 1;
      if (float32ToFloat16Bits(mid) !== even) expect(float32ToFloat16Bits(mid), `midpoint above 0x${h.toString(16)}`).toBe(even);
      if (float32ToFloat16Bits(-mid) !== (even | 0x8000)) expect(float32ToFloat16Bits(-mid)).toBe(even | 0x8000);
    }
  });

  it('keeps every NaN a NaN, with its sign', () => {
    for (const bits of [0x7f800001, 0x7fc00000, 0xff800001, 0x7fffffff, 0x7f801fff]) {
      const h = float32ToFloat16Bits(f32FromBits(bits));
      expect(h & 0x7c00).toBe(0x7c00);
      expect(h & 0x3ff).not.toBe(0);
    }
  });

  it('agrees with an arithmetic reference on random float32 values and bit patterns', () => {
    fc.assert(fc.property(fc.oneof(fc.float({ noNaN: true }), float32FromRandomBits), (x) => {
      expect(float16BitsToFloat32(float32ToFloat16Bits(x))).toBe(referenceRound(x, 10, -14, 65504));
    }), { numRuns: 5000 });
  });
});

describe('bfloat16 conversion', () => {
  it('encodes hand-computed bit patterns', () => {
    const cases: [number, number][] = [
      [1, 0x3f80], [-2, 0xc000], [0.5, 0x3f00], [1 / 3, 0x3eab], [0, 0x0000], [-0, 0x8000],
      [Infinity, 0x7f80], [-Infinity, 0xff80], [NaN, 0x7fc0],
      [3.4028234663852886e38, 0x7f80], // float32 max rounds up to ∞
      [3.3895313892515355e38, 0x7f7f], // bfloat16 max
      [2 ** -126, 0x0080], // smallest normal
      [2 ** -133, 0x0001], // smallest bfloat16 subnormal
      [2 ** -149, 0x0000], // smallest float32 subnormal rounds to 0
    ];
    for (const [x, bits] of cases) expect(float32ToBfloat16Bits(x), `bf16(${x})`).toBe(bits);
  });

  it('rounds ties to even, including between subnormals', () => {
    expect(float32ToBfloat16Bits(f32FromBits(0x3f808000))).toBe(0x3f80); // 1 + 2^-8: tie, even is down
    expect(float32ToBfloat16Bits(f32FromBits(0x3f818000))).toBe(0x3f82); // tie, even is up
    expect(float32ToBfloat16Bits(f32FromBits(0x3f808001))).toBe(0x3f81);
    expect(float32ToBfloat16Bits(f32FromBits(0x00008000))).toBe(0x0000);
    expect(float32ToBfloat16Bits(f32FromBits(0x00018000))).toBe(0x0002);
    expect(float32ToBfloat16Bits(f32FromBits(0x807fffff))).toBe(0x8080); // largest negative subnormal → -smallest normal
  });

  it('sends every midpoint between neighbouring bfloat16 values to the even one', () => {
    for (let b = 0; b < 0x7f80; b++) {
      const next = b === 0x7f7f ? 2 ** 128 : bfloat16BitsToFloat32(b + 1);
      const mid = Math.fround((bfloat16BitsToFloat32(b) + next) / 2);
      const even = b % 2 === 0 ? b : b + 1;
      if (float32ToBfloat16Bits(mid) !== even) expect(float32ToBfloat16Bits(mid), `midpoint above 0x${b.toString(16)}`).toBe(even);
    }
  });

  it('decodes hand-computed bit patterns and keeps NaN a NaN', () => {
    expect(bfloat16BitsToFloat32(0x3f80)).toBe(1);
    expect(bfloat16BitsToFloat32(0xc000)).toBe(-2);
    expect(bfloat16BitsToFloat32(0x0001)).toBe(2 ** -133);
    expect(bfloat16BitsToFloat32(0x7f80)).toBe(Infinity);
    expect(bfloat16BitsToFloat32(0xff80)).toBe(-Infinity);
    expect(bfloat16BitsToFloat32(0x7fc0)).toBeNaN();
    expect(Object.is(bfloat16BitsToFloat32(0x8000), -0)).toBe(true);
    for (const bits of [0x7f800001, 0x7f80ffff, 0xffffffff]) {
      expect(bfloat16BitsToFloat32(float32ToBfloat16Bits(f32FromBits(bits)))).toBeNaN();
    }
  });

  it('maps every one of the 65536 non-NaN patterns back to itself', () => {
    for (let b = 0; b < 0x10000; b++) {
      const x = bfloat16BitsToFloat32(b);
      if (!Number.isNaN(x) && float32ToBfloat16Bits(x) !== b) expect(float32ToBfloat16Bits(x)).toBe(b);
    }
  });

  it('agrees with an arithmetic reference on random float32 values and bit patterns', () => {
    fc.assert(fc.property(fc.oneof(fc.float({ noNaN: true }), float32FromRandomBits), (x) => {
      expect(bfloat16BitsToFloat32(float32ToBfloat16Bits(x))).toBe(referenceRound(x, 7, -126, 3.3895313892515355e38));
    }), { numRuns: 5000 });
  });
});
