// What the engine holds between jobs: the backend, the loaded model (and its files, to re-upload it
// after a backend change), and the activation cache. One session per worker (or per main-thread client).
import type { Matrix } from '../data/types';
import type { BackendOptions } from '../model/backend';
import { disposeModel, type Model } from '../model/model';
import { blockSites } from '../model/hooks';
import type { BackendInfo, ModelFilesPayload, ModelInfo } from './protocol';

/** Activations kept across jobs, in bytes; the least recently used go first. */
export const ACTIVATION_CACHE_BYTES = 512 * 1024 * 1024;

/** Sites whose activation is one vector per token; attention scores and patterns are per key, so ragged. */
const RAGGED_SITES = new Set(['attn.hook_attn_scores', 'attn.hook_pattern']);

/** A least-recently-used map of matrices with a byte budget. */
export class MatrixCache {
  private readonly entries = new Map<string, Matrix>();
  private size = 0;

  constructor(private readonly budget = ACTIVATION_CACHE_BYTES) {}

  get(key: string): Matrix | undefined {
    const m = this.entries.get(key);
    if (m !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, m);
    }
    return m;
  }

  set(key: string, m: Matrix): void {
    this.delete(key);
    this.entries.set(key, m);
    this.size += m.data.byteLength;
    for (const [k] of this.entries) {
      if (this.size <= this.budget || k === key) break;
      this.delete(k);
    }
  }

  clear(): void {
    this.entries.clear();
    this.size = 0;
  }

  get bytes(): number {
    return this.size;
  }

  private delete(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.size -= old.data.byteLength;
    this.entries.delete(key);
  }
}

export interface EngineSession {
  model: Model | null;
  files: ModelFilesPayload | null;
  backend: BackendInfo | null;
  readonly cache: MatrixCache;
  readonly backendOptions: BackendOptions;
  /** Prompts per forward pass when reading activations. */
  readonly batchSize: number;
}

export function createSession(backendOptions: BackendOptions = {}, batchSize = 32, cacheBytes = ACTIVATION_CACHE_BYTES): EngineSession {
  return { model: null, files: null, backend: null, cache: new MatrixCache(cacheBytes), backendOptions, batchSize };
}

/** Frees the model's tensors and forgets its activations. */
export function unloadModel(session: EngineSession): void {
  if (session.model) disposeModel(session.model);
  session.model = null;
  session.cache.clear();
}

export function requireModel(session: EngineSession): Model {
  if (!session.model) throw new Error('no model is loaded yet; pick one in the model menu first');
  return session.model;
}

export function modelInfo(model: Model): ModelInfo {
  const c = model.config;
  return {
    id: model.id, format: model.format, nLayers: c.nLayers, dModel: c.dModel, nHeads: c.nHeads, dHead: c.dHead,
    dMlp: c.dMlp, nCtx: c.nCtx, dVocab: c.dVocab, parameterCount: model.parameterCount,
    sites: blockSites(c).filter((s) => !RAGGED_SITES.has(s)),
    tokenizer: model.tokenizer?.kind ?? null, card: model.card,
  };
}
