// Tells prompt files from binaries before any parsing: known magic numbers, NUL bytes, invalid UTF-8,
// and the size cap. The drop handler reads the bytes; everything after that is pure.
import { MAX_PROMPT_FILE_BYTES, formatCount } from './promptFileTypes';

const HINT = 'drop a .txt, .csv, .tsv or .jsonl file';
/** Only the head is checked: enough to see a binary, cheap for a 50 MB file. */
const SNIFF_BYTES = 64 * 1024;

interface Magic {
  bytes: (number | null)[];
  what: string;
}

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/** Signatures of files people drop by mistake; null matches any byte. */
const MAGICS: Magic[] = [
  { bytes: [0x89, ...ascii('PNG')], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: ascii('GIF8'), what: 'a GIF image' },
  { bytes: [...ascii('RIFF'), null, null, null, null, ...ascii('WEBP')], what: 'a WebP image' },
  { bytes: ascii('%PDF'), what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (or an Office document, which is one)' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file; decompress it first' },
  { bytes: ascii('BZh'), what: 'a bzip2-compressed file; decompress it first' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive' },
  { bytes: [0x93, ...ascii('NUMPY')], what: 'a NumPy .npy array' },
  { bytes: [0x00, ...ascii('asm')], what: 'a WebAssembly module' },
  { bytes: [0x7f, ...ascii('ELF')], what: 'an executable' },
  { bytes: ascii('PAR1'), what: 'a Parquet file; export it as CSV or JSONL' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old Office document; save it as CSV' },
  { bytes: ascii('SQLite format 3'), what: 'an SQLite database' },
];

function matches(bytes: Uint8Array, m: Magic): boolean {
  return bytes.length >= m.bytes.length && m.bytes.every((b, i) => b === null || bytes[i] === b);
}

/** safetensors: an 8-byte little-endian header length that fits the file, then a JSON object. */
function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 10 || bytes[8] !== 0x7b) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const length = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  return length >= 2 && length <= 100_000_000 && (bytes[9] === 0x22 || bytes[9] === 0x7d || bytes[9] === 0x20);
}

/** What kind of binary `bytes` look like, or null when they could be UTF-8 text. */
function describeBinary(head: Uint8Array): string | null {
  const magic = MAGICS.find((m) => matches(head, m));
  if (magic) return magic.what;
  if (looksLikeSafetensors(head)) return 'a safetensors weights file; load weights from the model picker';
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return 'UTF-16 text; save it as UTF-8';
  if (head.includes(0)) return 'binary data (it contains NUL bytes)';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return 'neither UTF-8 text nor a known format; save it as UTF-8';
  }
  return null;
}

/** Null when `bytes` can be a prompt file, else a message saying what it looks like and what to drop. */
export function sniffBinary(bytes: Uint8Array, name = 'this file'): string | null {
  const what = describeBinary(bytes.subarray(0, SNIFF_BYTES));
  return what === null ? null : `${name} is not a prompt file: it looks like ${what}; ${HINT}`;
}

/** Null when a file of `size` bytes may be read, else a message saying the limit. */
export function checkPromptFileSize(size: number, name = 'this file'): string | null {
  if (size <= MAX_PROMPT_FILE_BYTES) return null;
  const mb = (n: number): string => `${formatCount(Math.ceil(n / (1024 * 1024)))} MB`;
  return `${name} is ${mb(size)}, over the ${mb(MAX_PROMPT_FILE_BYTES)} limit for prompt files; split it or keep fewer rows`;
}

export type DecodedPromptFile = { ok: true; text: string } | { ok: false; error: string };

/** The text of a dropped file: size cap, binary sniff, then strict UTF-8 (a leading BOM is dropped). */
export function decodePromptBytes(bytes: Uint8Array, name = 'this file'): DecodedPromptFile {
  const error = checkPromptFileSize(bytes.length, name) ?? sniffBinary(bytes, name);
  if (error !== null) return { ok: false, error };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, error: `${name} is not a prompt file: it is not valid UTF-8 text; save it as UTF-8 and ${HINT}` };
  }
}
