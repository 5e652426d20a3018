// A user's own model from dropped or picked files: which file is which, the small JSON files read here,
// and a URL-safe id. The weights stay a File: the engine reads it (with progress in bytes), so the page
// never holds a copy of them.
import type { ModelFilesPayload } from '../workers/protocol';

/** Weight formats people download from model hubs; only safetensors is read. */
const WEIGHT_FILE = /\.(safetensors|bin|pt|pth|ckpt|h5|msgpack|onnx|gguf)$/i;
/** A config, tokenizer or card bigger than this is not one (GPT-2's tokenizer.json is 1.4 MB). */
export const MAX_MODEL_JSON_BYTES = 20 * 1024 * 1024;
/** Files the hub ships beside a model that Repscope does not need. */
const KNOWN_EXTRAS = new Set(['generation_config.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.json', 'merges.txt', 'readme.md', '.gitattributes']);

export type UserModelFiles =
  | { ok: true; files: ModelFilesPayload; baseId: string; notes: string[] }
  | { ok: false; error: string };

const lower = (f: File) => f.name.toLowerCase();

/** True when the files are (part of) a model rather than prompts: weights, or a config.json. */
export function isModelDrop(files: readonly File[]): boolean {
  return files.some((f) => WEIGHT_FILE.test(f.name) || lower(f) === 'config.json');
}

async function readJson(file: File): Promise<unknown> {
  if (file.size > MAX_MODEL_JSON_BYTES) throw new Error(`${file.name} is ${(file.size / 1e6).toFixed(0)} MB, too large for a ${file.name}; is it the right file?`);
  const text = await file.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file.name} is not valid JSON (${error instanceof Error ? error.message : String(error)}); download it again`, { cause: error });
  }
}

/** Which file holds the weights, or why none can be used. */
function pickWeights(files: readonly File[]): File | string {
  const tensors = files.filter((f) => /\.safetensors$/i.test(f.name));
  if (tensors.length > 1) return `drop one .safetensors file at a time (got ${tensors.map((f) => f.name).join(', ')}); checkpoints split into several files are not supported`;
  if (tensors.length === 1) return tensors[0];
  const other = files.find((f) => WEIGHT_FILE.test(f.name));
  if (other) return `${other.name} is not a safetensors file, the only weight format Repscope reads; download model.safetensors from the same Hugging Face page (Files tab) and drop it with config.json`;
  return 'config.json needs its weights: drop model.safetensors together with config.json';
}

/** The model's name from its config (`_name_or_path`, `model_type`) or its file, made URL-safe. */
export function baseModelId(config: unknown, weightsName: string): string {
  const c = (config ?? {}) as Record<string, unknown>;
  const path = typeof c._name_or_path === 'string' ? c._name_or_path.split(/[\\/]/).filter(Boolean).at(-1) : undefined;
  const stem = weightsName.replace(/\.safetensors$/i, '');
  const candidates = [path, typeof c.model_type === 'string' ? c.model_type : undefined, stem === 'model' ? undefined : stem];
  for (const name of candidates) {
    const id = (name ?? '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 100);
    if (id !== '') return id;
  }
  return 'my-model';
}

/** `base`, or `base-2`, `base-3`, … when taken. */
export function uniqueModelId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Reads a model's small files; errors say which file is missing or broken and what to drop. */
export async function readUserModelFiles(dropped: readonly File[]): Promise<UserModelFiles> {
  const weights = pickWeights(dropped);
  if (typeof weights === 'string') return { ok: false, error: weights };
  const byName = (name: string) => dropped.find((f) => lower(f) === name);
  const configFile = byName('config.json');
  if (!configFile) return { ok: false, error: `${weights.name} needs its config.json: drop both files together (both are on the model's Hugging Face page, Files tab)` };
  const notes: string[] = [];
  try {
    const config = await readJson(configFile);
    const files: ModelFilesPayload = { config, weights };
    const tokenizerFile = byName('tokenizer.json');
    const tokenizer = tokenizerFile ? await readJson(tokenizerFile) : undefined;
    if (tokenizer !== null && typeof tokenizer === 'object' && 'model' in tokenizer) {
      notes.push('tokenizer.json is in the Hugging Face tokenizers format, which Repscope does not read; a GPT-2 vocabulary (50,257 tokens) gets GPT-2\'s own BPE');
    } else if (tokenizer !== undefined) files.tokenizer = tokenizer;
    const cardFile = byName('card.json');
    if (cardFile) files.card = await readJson(cardFile);
    const used = new Set([weights, configFile, tokenizerFile, cardFile]);
    const unused = dropped.filter((f) => !used.has(f) && !KNOWN_EXTRAS.has(lower(f)));
    if (unused.length > 0) notes.push(`not used: ${unused.map((f) => f.name).join(', ')}`);
    return { ok: true, files, baseId: baseModelId(config, weights.name), notes };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
