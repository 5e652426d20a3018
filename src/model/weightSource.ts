// Where a model's safetensors bytes come from: a buffer in memory, or a file read piece by piece (a user's
// 500 MB checkpoint). Only the header is read to validate; then each tensor is read, decoded and uploaded
// in turn, so the bytes of one tensor at most are held beside the backend's copy.
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config';
import { decodeTensor, MAX_HEADER_BYTES, parseSafetensorsHeader, type SafetensorsHeader, type TensorInfo } from './safetensors';
import { assembleWeights, type ModelWeights, type ResolvedWeights } from './weights';

/** Random access to a file's bytes. */
export interface ByteSource {
  readonly size: number;
  /** Bytes [begin, end) of the file; errors say which file could not be read and what to do. */
  read(begin: number, end: number): Promise<Uint8Array>;
}

/** Reports `done` of `total` weight bytes read and uploaded. */
export type OnBytes = (done: number, total: number) => void;

export function isByteSource(value: unknown): value is ByteSource {
  return typeof value === 'object' && value !== null && typeof (value as ByteSource).read === 'function' && typeof (value as ByteSource).size === 'number';
}

/** A source over bytes in memory: reads are views, never copies. */
export function bytesSource(bytes: Uint8Array | ArrayBuffer): ByteSource {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return { size: u8.length, read: async (begin, end) => u8.subarray(begin, end) };
}

/** Reads and validates the header (the length prefix, then the JSON), checking every offset against the file's size. */
export async function readHeader(source: ByteSource): Promise<SafetensorsHeader> {
  const prefix = await source.read(0, Math.min(8, source.size));
  if (prefix.length < 8) return parseSafetensorsHeader(prefix, source.size);
  const length = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  const end = length <= BigInt(MAX_HEADER_BYTES) ? Math.min(source.size, 8 + Number(length)) : 8;
  return parseSafetensorsHeader(await source.read(0, end), source.size);
}

/**
 * Reads every resolved tensor from `source`, one at a time, and uploads it to the current backend. On any
 * failure the tensors made so far are disposed. The caller owns the result (see disposeWeights).
 */
export async function uploadFromSource(source: ByteSource, dataOffset: number, resolved: ResolvedWeights<TensorInfo>, config: ModelConfig, onBytes: OnBytes = () => undefined): Promise<ModelWeights> {
  const entries = [...resolved.arrays];
  const total = entries.reduce((sum, [, t]) => sum + t.end - t.begin, 0);
  const uploaded = new Map<string, tf.Tensor>();
  let done = 0;
  onBytes(0, total);
  try {
    for (const [name, info] of entries) {
      const bytes = await source.read(dataOffset + info.begin, dataOffset + info.end);
      uploaded.set(name, tf.tensor(decodeTensor(bytes, 0, info), info.shape, 'float32'));
      done += info.end - info.begin;
      onBytes(done, total);
    }
  } catch (err) {
    for (const t of uploaded.values()) t.dispose();
    throw err;
  }
  return assembleWeights(uploaded, config);
}
