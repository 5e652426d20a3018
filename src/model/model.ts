// Loading a model from its files — ours (config.json in our format) or a GPT-2-family checkpoint in the
// Hugging Face layout — validating everything before a byte is uploaded, and unloading it.
import { configFromHuggingFace, countParameters, validateConfig, type ModelConfig } from './config';
import type { TensorInfo } from './safetensors';
import { GPT2_VOCAB_SIZE, gpt2Tokenizer, loadTokenizer, type Tokenizer } from './tokenizer';
import { disposeWeights, resolveWeights, type ResolvedWeights } from './weights';
import { bytesSource, isByteSource, readHeader, uploadFromSource, type ByteSource, type OnBytes } from './weightSource';
import type { ModelCore } from './cache';

export interface ModelFiles {
  /** Parsed config.json: ours ({nLayers, dModel, …}) or Hugging Face's ({n_layer, n_embd, …}). */
  config: unknown;
  /** model.safetensors: its bytes, or a source that reads them piece by piece (a large file on disk). */
  weights: Uint8Array | ArrayBuffer | ByteSource;
  /** Parsed tokenizer.json in our format, if the model has one. */
  tokenizer?: unknown;
  /** Parsed card.json, shown to the user as the model's description. */
  card?: unknown;
}

export interface Model extends ModelCore {
  id: string;
  format: 'repscope' | 'huggingface';
  /** Null when the model has no tokenizer we can use: prompts must then be token ids. */
  tokenizer: Tokenizer | null;
  card: unknown;
  parameterCount: number;
  /** Tensors in the file that the model does not use (e.g. attention-mask buffers). */
  ignoredTensors: string[];
}

/** Reads config.json in either format. */
export function parseModelConfig(raw: unknown): { config: ModelConfig; format: Model['format'] } {
  const isHf = raw !== null && typeof raw === 'object' && 'n_layer' in raw;
  return isHf ? { config: configFromHuggingFace(raw), format: 'huggingface' } : { config: validateConfig(raw), format: 'repscope' };
}

async function chooseTokenizer(files: ModelFiles, config: ModelConfig, format: Model['format']): Promise<Tokenizer | null> {
  let tok: Tokenizer | null = null;
  if (files.tokenizer !== undefined) tok = await loadTokenizer(files.tokenizer);
  else if (format === 'huggingface' && config.dVocab === GPT2_VOCAB_SIZE) tok = await gpt2Tokenizer();
  if (tok && tok.vocabSize > config.dVocab) {
    throw new Error(`tokenizer has ${tok.vocabSize} tokens but the model's vocabulary has ${config.dVocab}; they do not belong together`);
  }
  return tok;
}

/** A model whose files passed every check, not yet on the backend: the result of `prepareModel`. */
export interface PreparedModel {
  id: string;
  config: ModelConfig;
  format: Model['format'];
  source: ByteSource;
  /** Where the data section starts in the file. */
  dataOffset: number;
  resolved: ResolvedWeights<TensorInfo>;
  tokenizer: Tokenizer | null;
  card: unknown;
}

/**
 * Validates config, weights (the whole safetensors header against the file's size, every name and shape)
 * and tokenizer, reading no tensor and touching no backend, so a caller can keep its current model until
 * the new one is known to be good.
 */
export async function prepareModel(files: ModelFiles, id: string): Promise<PreparedModel> {
  const { config, format } = parseModelConfig(files.config);
  const source = isByteSource(files.weights) ? files.weights : bytesSource(files.weights);
  const header = await readHeader(source);
  const resolved = resolveWeights(new Map(header.tensors.map((t) => [t.name, t])), config);
  const tokenizer = await chooseTokenizer(files, config, format);
  return { id, config, format, source, dataOffset: header.dataOffset, resolved, tokenizer, card: files.card ?? null };
}

/**
 * Reads the prepared model's tensors one at a time and uploads them to the current tfjs backend (`onBytes`
 * counts the weight bytes). Dispose the result with `disposeModel`.
 */
export async function uploadModel(prepared: PreparedModel, onBytes?: OnBytes): Promise<Model> {
  const { id, config, format, source, dataOffset, resolved, tokenizer, card } = prepared;
  const weights = await uploadFromSource(source, dataOffset, resolved, config, onBytes);
  return { id, config, weights, format, tokenizer, card, parameterCount: countParameters(config), ignoredTensors: resolved.ignored };
}

/**
 * Validates config, weights and tokenizer, then uploads the weights to the current tfjs backend.
 * Nothing is uploaded when any check fails. Dispose the result with `disposeModel`.
 */
export async function loadModel(files: ModelFiles, id: string): Promise<Model> {
  return uploadModel(await prepareModel(files, id));
}

/** Frees the model's tensors. */
export function disposeModel(model: Model): void {
  disposeWeights(model.weights);
}
