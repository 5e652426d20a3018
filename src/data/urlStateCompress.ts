// Bytes ⇄ link text: raw DEFLATE (fflate) and unpadded base64url. Inflation is streamed in small
// pieces and stopped at a byte cap, so a tiny hostile link cannot expand into gigabytes.
import { Inflate, deflateSync } from 'fflate';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Int16Array(128).fill(-1);
for (let k = 0; k < ALPHABET.length; k++) INDEX[ALPHABET.charCodeAt(k)] = k;

/** Base64url without padding (RFC 4648 §5), safe in a URL fragment as it is. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

/** Decodes unpadded base64url; null for any character outside the alphabet or an impossible length. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? INDEX[c] : -1;
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

export function deflate(bytes: Uint8Array): Uint8Array {
  return deflateSync(bytes, { level: 9 });
}

export type Inflated = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'too-large' | 'corrupt' };

/** Input is fed this many bytes at a time, so one step yields at most ~1 MB (DEFLATE expands ≤ 1032×). */
const STEP = 1024;

class TooLarge extends Error {}

/** Inflates raw DEFLATE data, giving up as soon as the output would pass `maxBytes`. */
export function inflateCapped(data: Uint8Array, maxBytes: number): Inflated {
  if (data.length === 0) return { ok: false, reason: 'corrupt' };
  const chunks: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  const stream = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) throw new TooLarge();
    chunks.push(chunk);
    finished ||= final;
  });
  try {
    for (let at = 0; at < data.length; at += STEP) stream.push(data.subarray(at, at + STEP), at + STEP >= data.length);
  } catch (e) {
    return { ok: false, reason: e instanceof TooLarge ? 'too-large' : 'corrupt' };
  }
  if (!finished) return { ok: false, reason: 'corrupt' };
  const bytes = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    bytes.set(c, o);
    o += c.length;
  }
  return { ok: true, bytes };
}
