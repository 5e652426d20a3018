// Exact IEEE conversions between float32 and the two 16-bit float formats safetensors stores:
// float16 (binary16) and bfloat16. Encoding rounds to nearest, ties to even; subnormals, ±0, ±∞ and
// NaN are handled exactly. The `*Bits` variants work on raw float32 bit patterns so NaN payloads survive.

// One scratch word shared by the number-level helpers; JS is single-threaded per realm.
const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** float32 bit pattern → float16 bit pattern, rounding to nearest even. */
export function float32BitsToFloat16Bits(f32Bits: number): number {
  const bits = f32Bits >>> 0;
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  if (exp === 0xff) {
    // Keep NaN a NaN (quiet bit set, so no payload can collapse it to ∞) and keep its top payload bits.
    return mant === 0 ? sign | 0x7c00 : sign | 0x7e00 | (mant >>> 13);
  }
  const halfExp = exp - 127 + 15;
  if (halfExp >= 31) return sign | 0x7c00;
  if (halfExp >= 1) {
    // The carry of a round-up runs into the exponent, which is exactly right (1.11…1 → 10.0, max → ∞).
    return sign | roundShift((halfExp << 10) | (mant >>> 13), mant & 0x1fff, 13);
  }
  // Below 2^-25 (half of the smallest subnormal) everything rounds to zero; float32 subnormals do too.
  if (halfExp < -10) return sign;
  const significand = mant | 0x800000;
  const shift = 14 - halfExp; // 14…24: how far the 24-bit significand moves to count units of 2^-24
  return sign | roundShift(significand >>> shift, significand & ((1 << shift) - 1), shift);
}

/** Adds one to `kept` when the `shift` dropped bits (`dropped`) are above half, or exactly half and `kept` is odd. */
function roundShift(kept: number, dropped: number, shift: number): number {
  const half = 1 << (shift - 1);
  return dropped > half || (dropped === half && (kept & 1) === 1) ? kept + 1 : kept;
}

/** float16 bit pattern → float32 bit pattern (exact: every float16 is a float32). */
export function float16BitsToFloat32Bits(f16Bits: number): number {
  const sign = (f16Bits & 0x8000) << 16;
  const exp = (f16Bits >>> 10) & 0x1f;
  let mant = f16Bits & 0x3ff;
  if (exp === 0x1f) return (sign | 0x7f800000 | (mant << 13)) >>> 0;
  if (exp !== 0) return (sign | ((exp + 112) << 23) | (mant << 13)) >>> 0;
  if (mant === 0) return sign >>> 0;
  // A subnormal float16 is a normal float32: shift the leading one into the implicit position.
  let f32Exp = 113;
  while ((mant & 0x400) === 0) {
    mant <<= 1;
    f32Exp--;
  }
  return (sign | (f32Exp << 23) | ((mant & 0x3ff) << 13)) >>> 0;
}

/** float32 bit pattern → bfloat16 bit pattern (the top 16 bits, rounded to nearest even). */
export function float32BitsToBfloat16Bits(f32Bits: number): number {
  const bits = f32Bits >>> 0;
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0) {
    // Rounding could carry a NaN's payload into ∞ or drop it to zero bits: force the quiet bit instead.
    return (bits >>> 16) | 0x40;
  }
  // Adding 0x7fff plus the lowest kept bit rounds half to even; overflow carries into ∞ as it should.
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}

/** Rounds a number to float32, then to the nearest float16; returns the 16-bit pattern. */
export function float32ToFloat16Bits(value: number): number {
  scratchF32[0] = value;
  return float32BitsToFloat16Bits(scratchU32[0]);
}

/** The float16 with this 16-bit pattern, as a number. */
export function float16BitsToFloat32(bits: number): number {
  scratchU32[0] = float16BitsToFloat32Bits(bits & 0xffff);
  return scratchF32[0];
}

/** Rounds a number to float32, then to the nearest bfloat16; returns the 16-bit pattern. */
export function float32ToBfloat16Bits(value: number): number {
  scratchF32[0] = value;
  return float32BitsToBfloat16Bits(scratchU32[0]);
}

/** The bfloat16 with this 16-bit pattern, as a number. */
export function bfloat16BitsToFloat32(bits: number): number {
  scratchU32[0] = (bits & 0xffff) << 16;
  return scratchF32[0];
}

let float16Table: Uint32Array | null = null;

/** Decodes float16 patterns into float32 bit patterns (write them through a Uint32Array view of the output). */
export function decodeFloat16Array(src: Uint16Array, dst: Uint32Array): void {
  // A 256 KiB table built once beats per-element branching on multi-million-element weight tensors.
  if (float16Table === null) {
    float16Table = new Uint32Array(0x10000);
    for (let h = 0; h < 0x10000; h++) float16Table[h] = float16BitsToFloat32Bits(h);
  }
  const table = float16Table;
  for (let i = 0; i < src.length; i++) dst[i] = table[src[i]];
}

/** Decodes bfloat16 patterns into float32 bit patterns: bfloat16 is the top half of a float32. */
export function decodeBfloat16Array(src: Uint16Array, dst: Uint32Array): void {
  for (let i = 0; i < src.length; i++) dst[i] = src[i] << 16;
}
