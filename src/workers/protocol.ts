// The messages between the app and the engine worker, imported by both sides: requests (`run`, `cancel`)
// and responses (`progress`, `result`, `error`, plus unsolicited `event`s), each a discriminated union.
import type { Position } from '../data/types';
import type { BackendPreference, PcaParams, UmapParams } from '../data/urlState';
import type { CausalJobMap } from './protocolCausal';
import type { ModelConfig } from '../model/config';

/** A model's files as read from the server or the user's disk (config.json and tokenizer.json parsed). */
export interface ModelFilesPayload {
  config: unknown;
  /**
   * model.safetensors: the bytes (transfer the buffer), or the user's File, which crosses to the worker as a
   * handle and is read there with progress in bytes, so the page never holds the weights.
   */
  weights: ArrayBuffer | Uint8Array | Blob;
  tokenizer?: unknown;
  card?: unknown;
}

export interface BackendInfo {
  requested: BackendPreference;
  chosen: string;
  /** One sentence on why `chosen` runs, including any fallback. */
  reason: string;
  /** Set when auto measured every candidate just now: the timings, which the page remembers for later visits. */
  timings?: string;
}

/** An auto choice the page remembers from an earlier full measurement; auto then re-tests only it. */
export interface RememberedBackend {
  chosen: 'webgpu' | 'webgl' | 'wasm' | 'cpu';
  timings: string;
}

/** What the app needs to know of a loaded model; no tensors, so it crosses the worker boundary. */
export interface ModelInfo extends Pick<ModelConfig, 'nLayers' | 'dModel' | 'nHeads' | 'dHead' | 'dMlp' | 'nCtx' | 'dVocab'> {
  id: string;
  format: 'repscope' | 'huggingface';
  parameterCount: number;
  /** Block sites with one feature vector per token, which the explorer can project and probe. */
  sites: string[];
  /** Tokenizer kind, or null when the model cannot read text. */
  tokenizer: string | null;
  card: unknown;
}

/** Which activations a job reads: the same spec always names the same cached matrices. */
export interface ActivationSpec {
  /** Identifies `prompts` (dataset hash, prompt column, run cap) in the worker's cache key. */
  datasetKey: string;
  prompts: string[];
  /** Block site without its layer, e.g. 'hook_resid_post'. */
  site: string;
  position: Position;
  layers: number[];
  /** With position 'all': the most token rows to read (whole prompts in order); default TOKEN_ROW_CAP. */
  tokenCap?: number;
}

/** With position 'all', which token of which prompt each row is (rows in order, padding left out). */
export interface TokenRowIndex {
  prompt: Int32Array;
  token: Int32Array;
}

export interface Score {
  mean: number;
  std: number;
}

export interface EncodedPrompt {
  ids: number[];
  /** Display text of each token. */
  tokens: string[];
  /** Indices into `tokens` that fell back to the unknown token. */
  unknown: number[];
  /** Tokens before this index were added by the tokenizer (a <bos>), not read from the text. */
  textStart: number;
  /** [start, end) characters of each token in the prompt text, null where it cannot be found (a <bos>). */
  spans: ([number, number] | null)[];
  /** The token read at the requested position; null for 'mean' and 'all', or when it is outside the prompt. */
  readIndex: number | null;
  /** [start, end) characters of the read token in the prompt text, when it can be found there. */
  readSpan: [number, number] | null;
}

export interface LayerMatrix {
  layer: number;
  data: Float32Array;
  rows: number;
  cols: number;
}

export interface LayerProjection {
  layer: number;
  /** Interleaved [x0, y0, x1, y1, …], one point per prompt. */
  points: Float32Array;
  axes: [string, string];
  notes: string[];
}

export interface ProbeLayerSummary {
  layer: number;
  accuracy: Score;
  majority: Score;
  shuffled: Score | null;
  control: Score | null;
  selectivity: number | null;
  converged: boolean;
}

export interface ProbeSummary {
  classes: string[];
  /** Prompts with a label, which the probe used. */
  rows: number;
  folds: number;
  layers: ProbeLayerSummary[];
  notes: string[];
}

export interface DirectionsSummary {
  layers: number[];
  pairs: number;
  /** Held-out pair reading accuracy per layer, by method; null without at least two pairs. */
  reading: { meandiff: Score[]; pcadiff: Score[] } | null;
  /** Cosine of each method's directions across layers, row-major L×L. */
  cosine: { meandiff: number[]; pcadiff: number[] } | null;
  /** Linear CKA between layers, row-major L×L. */
  cka: number[];
  notes: string[];
}

export interface TopToken {
  id: number;
  text: string;
  prob: number;
}

export interface Prediction {
  tokens: { id: number; text: string }[];
  unknown: number[];
  top: TopToken[];
}

/** Each job kind: what the app sends and what comes back. */
export interface JobMap extends CausalJobMap {
  loadModel: { job: { id: string; files: ModelFilesPayload; backend: BackendPreference; remembered?: RememberedBackend | null }; result: { model: ModelInfo; backend: BackendInfo } };
  backend: { job: { choice: BackendPreference }; result: { backend: BackendInfo; model: ModelInfo | null } };
  encode: { job: { prompts: string[]; position: Position }; result: { prompts: EncodedPrompt[] } };
  activations: { job: { data: ActivationSpec }; result: { layers: LayerMatrix[]; tokens?: TokenRowIndex } };
  project: { job: { data: ActivationSpec; method: 'pca' | 'umap'; pca: PcaParams; umap: UmapParams }; result: { layers: LayerProjection[] } };
  probe: { job: { data: ActivationSpec; labels: (string | null)[]; folds: number; seed: number; C: number }; result: ProbeSummary };
  directions: { job: { data: ActivationSpec; pairs: [number, number][]; folds: number; seed: number }; result: DirectionsSummary };
  predict: { job: { text: string; k: number }; result: Prediction };
  memory: { job: object; result: { numTensors: number; numBytes: number } };
}

export type JobKind = keyof JobMap;
export type Job<K extends JobKind = JobKind> = K extends JobKind ? { kind: K } & JobMap[K]['job'] : never;
export type JobResult<K extends JobKind> = JobMap[K]['result'];

export type EngineRequest =
  /** Higher `priority` runs first among queued jobs (default 0); jobs run one at a time. */
  | { type: 'run'; id: number; job: Job; priority?: number }
  | { type: 'cancel'; id: number };

export type EngineEvent = { kind: 'backendLost'; backend: BackendInfo; model: ModelInfo | null };

export type EngineResponse =
  | { type: 'progress'; id: number; what: string; done: number; total: number; etaMs: number | null }
  | { type: 'result'; id: number; result: JobResult<JobKind> }
  | { type: 'error'; id: number; message: string; cancelled: boolean }
  | { type: 'event'; event: EngineEvent };

/** The distinct buffers of every typed array in `value` (results are fresh copies, so they can move). */
export function transferablesOf(value: unknown, found: Set<ArrayBuffer> = new Set(), depth = 0): ArrayBuffer[] {
  if (depth > 8 || value === null || typeof value !== 'object') return [...found];
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const v of value) transferablesOf(v, found, depth + 1);
  } else {
    for (const v of Object.values(value)) transferablesOf(v, found, depth + 1);
  }
  return [...found];
}
