// Loading a model from its files — ours (config.json in our format) or a GPT-2-family checkpoint in the
// Hugging Face layout — validating everything before a byte is uploaded, and unloading it.
import { configFromHuggingFace, countParameters, validateConfig, type ModelConfig } from './config';
import { readSafetensors } from './safetensors';
import { GPT2_VOCAB_SIZE, gpt2Tokenizer, loadTokenizer, type Tokenizer } from './tokenizer';
import { disposeWeights, resolveWeights, uploadWeights, type HostTensor } from './weights';
import type { ModelCore } from './cache';


export interface ModelFiles {
  /** Parsed config.json: ours ({nLayers, dModel, …}) or Hugging Face's ({n_layer, n_embd, …}). */
  config: unknown;
  /** The bytes of model.safetensors. */
  weights: Uint8Array | ArrayBuffer;
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

/**
 * Validates config, weights and tokenizer, then uploads the weights to the current tfjs backend.
 * Nothing is uploaded when any check fails. Dispose the result with `disposeModel`.
 */
export async function loadModel(files: ModelFiles, id: string): Promise<Model> {
  const { config, format } = parseModelConfig(files.config);
  const file = readSafetensors(files.weights);
  const named = new Map<string, HostTensor>();
  for (const [name, t] of file.tensors) named.set(name, { shape: t.shape, data: t.data });
  const resolved = resolveWeights(named, config);
  const tokenizer = await chooseTokenizer(files, config, format);
  const weights = uploadWeights(resolved, config);
  return {
    id, config, weights, format, tokenizer, card: files.card ?? null,
    parameterCount: countParameters(config), ignoredTensors: resolved.ignored,
  };
}

/** Frees the model's tensors. */
export function disposeModel(model: Model): void {
  disposeWeights(model.weights);
}
