// Tests for telling prompt files from binaries: magic numbers, NUL bytes, invalid UTF-8, the size cap,
// and the messages that say what the file looks like and what to drop instead.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPromptFileSize, decodePromptBytes, sniffBinary } from '../../src/data/promptFile';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/prompts/${name}`, import.meta.url)));
const bytes = (...values: (number | string)[]): Uint8Array =>
  new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? Array.from(v, (c) => c.charCodeAt(0)) : [v])));
const HINT = 'drop a .txt, .csv, .tsv or .jsonl file';

describe('sniffBinary', () => {
  it('names a PNG image and says what to drop instead', () => {
    expect(sniffBinary(fixture('not-prompts.png'), 'x.png')).toBe(`x.png is not a prompt file: it looks like a PNG image; ${HINT}`);
  });

  it.each([
    ['a JPEG image', bytes(0xff, 0xd8, 0xff, 0xe0)],
    ['a PDF document', bytes('%PDF-1.7\n')],
    ['a ZIP archive (or an Office document, which is one)', bytes(0x50, 0x4b, 0x03, 0x04, 20, 0)],
    ['a gzip-compressed file; decompress it first', bytes(0x1f, 0x8b, 8, 0)],
    ['a NumPy .npy array', bytes(0x93, 'NUMPY', 1, 0)],
    ['a WebP image', bytes('RIFF', 1, 2, 3, 4, 'WEBPVP8 ')],
    ['UTF-16 text; save it as UTF-8', bytes(0xff, 0xfe, 't', 0, 'e', 0)],
    ['binary data (it contains NUL bytes)', bytes('hello', 0, 'world')],
    ['neither UTF-8 text nor a known format; save it as UTF-8', fixture('latin1.txt')],
  ])('recognises %s', (what, data) => {
    expect(sniffBinary(data, 'f')).toBe(`f is not a prompt file: it looks like ${what}; ${HINT}`);
  });

  it('recognises a safetensors file by its header length and JSON header', () => {
    const header = '{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    const data = bytes(header.length, 0, 0, 0, 0, 0, 0, 0, header, 0, 0, 0x80, 0x3f);
    expect(sniffBinary(data, 'model.safetensors')).toBe(
      `model.safetensors is not a prompt file: it looks like a safetensors weights file; load weights from the model picker; ${HINT}`,
    );
  });

  it('accepts UTF-8 text, including a BOM and a multi-byte character cut by the 64 KB sniff window', () => {
    expect(sniffBinary(fixture('statements.csv'))).toBeNull();
    const text = new TextEncoder().encode('a'.repeat(64 * 1024 - 1) + 'é and more');
    expect(sniffBinary(text)).toBeNull();
    expect(sniffBinary(new Uint8Array())).toBeNull();
  });
});

describe('decodePromptBytes', () => {
  it('returns the text without its byte-order mark', () => {
    const r = decodePromptBytes(fixture('bom-crlf.txt'), 'bom-crlf.txt');
    expect(r).toEqual({ ok: true, text: 'First prompt\r\nSecond prompt\r\n\r\nThird prompt\r\n' });
  });

  it('refuses invalid UTF-8 past the sniffed head', () => {
    const data = new Uint8Array(70 * 1024).fill(0x61);
    data[69 * 1024] = 0xff;
    expect(decodePromptBytes(data, 'late.txt')).toEqual({
      ok: false, error: `late.txt is not a prompt file: it is not valid UTF-8 text; save it as UTF-8 and ${HINT}`,
    });
  });

  it('refuses a binary with the sniffer’s message', () => {
    expect(decodePromptBytes(fixture('not-prompts.png'), 'p.png')).toEqual({ ok: false, error: `p.png is not a prompt file: it looks like a PNG image; ${HINT}` });
  });
});

describe('checkPromptFileSize', () => {
  it('allows 50 MB and refuses more, saying the limit', () => {
    expect(checkPromptFileSize(50 * 1024 * 1024, 'a.csv')).toBeNull();
    expect(checkPromptFileSize(120 * 1024 * 1024, 'big.csv')).toBe('big.csv is 120 MB, over the 50 MB limit for prompt files; split it or keep fewer rows');
  });
});
