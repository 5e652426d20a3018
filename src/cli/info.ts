// `repscope info`: a model's config, parameter count, weights file, tokenizer and hook points.
// Validates the files as loading would, but uploads nothing, so it is quick even for large models.
import { countParameters, type ModelConfig } from '../model/config';
import { GLOBAL_POST_SITES, GLOBAL_PRE_SITES, blockSites, hookNames } from '../model/hooks';
import { parseModelConfig, type Model } from '../model/model';
import { parseSafetensorsHeader } from '../model/safetensors';
import { GPT2_VOCAB_SIZE, loadTokenizer } from '../model/tokenizer';
import { resolveWeights, type HostTensor } from '../model/weights';
import { booleanFlag, onePositional, CliError } from './args';
import { GLOBAL_HELP, MODEL_HELP, type Command } from './command';
import { displaySource, readModelFiles, resolveModelSource } from './resolveModel';

interface WeightsSummary {
  file: string;
  bytes: number;
  tensors: number;
  dtypes: string[];
  /** Tensors in the file that the model does not use. */
  ignored: string[];
}

export interface ModelInfo {
  id: string;
  builtin: boolean;
  /** The model's directory: relative to the repository root for built-ins, else to the working directory. */
  path: string;
  format: Model['format'];
  config: ModelConfig;
  parameterCount: number;
  /** The tokenizer's kind, or null when prompts must be given as ids. */
  tokenizer: string | null;
  weights: WeightsSummary;
  card: unknown;
  hooks: string[];
}

function checkWeights(bytes: Uint8Array, config: ModelConfig, file: string): WeightsSummary {
  const header = parseSafetensorsHeader(bytes);
  // Shapes are all resolveWeights checks, so the tensors need not be decoded here.
  const named = new Map<string, HostTensor>(header.tensors.map((t) => [t.name, { shape: t.shape, data: new Float32Array(0) }]));
  const { ignored } = resolveWeights(named, config);
  const dtypes = [...new Set(header.tensors.map((t) => t.dtype))];
  return { file, bytes: bytes.length, tensors: header.tensors.length, dtypes, ignored };
}

async function tokenizerKind(json: unknown, format: Model['format'], config: ModelConfig): Promise<string | null> {
  if (json !== undefined) return (await loadTokenizer(json)).kind;
  // As loadModel does: a Hugging Face checkpoint with GPT-2's vocabulary size gets GPT-2's BPE.
  return format === 'huggingface' && config.dVocab === GPT2_VOCAB_SIZE ? 'gpt2' : null;
}

/** Reads and checks a model's files without uploading any weights. */
export async function modelInfo(spec: string, cwd: string): Promise<ModelInfo> {
  const source = await resolveModelSource(spec, cwd);
  const files = await readModelFiles(source, cwd);
  try {
    const { config, format } = parseModelConfig(files.config);
    const weights = checkWeights(files.weights as Uint8Array, config, displaySource(source, source.weightsPath, cwd));
    const tokenizer = await tokenizerKind(files.tokenizer, format, config);
    return {
      id: source.id, builtin: source.builtin, path: displaySource(source, source.dir, cwd), format, config, parameterCount: countParameters(config),
      tokenizer, weights, card: files.card ?? null, hooks: hookNames(config),
    };
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot load model ${JSON.stringify(spec)}: ${(err as Error).message}`);
  }
}

function describeConfig(c: ModelConfig): string[] {
  return [
    `${c.nLayers} layers, d_model ${c.dModel}, ${c.nHeads} heads × d_head ${c.dHead}` + (c.attnOnly ? ', attention only' : `, d_mlp ${c.dMlp}`),
    `n_ctx ${c.nCtx}, vocab ${c.dVocab}, act ${c.act}, norm eps ${c.normEps < 1e-3 ? c.normEps.toExponential() : c.normEps}, ${c.tiedEmbed ? 'tied' : 'separate'} unembedding`,
  ];
}

function formatBytes(n: number): string {
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Hook points with block sites listed once, as blocks.<L>.site, rather than once per layer. */
function describeHooks(c: ModelConfig): string[] {
  const layers = c.nLayers === 1 ? 'L = 0' : `L = 0–${c.nLayers - 1}`;
  const sites = blockSites(c).map((s) => `blocks.<L>.${s}`);
  const width = Math.max(...sites.map((s) => s.length));
  return [...GLOBAL_PRE_SITES, ...sites.map((s) => `${s.padEnd(width)}  (${layers})`), ...GLOBAL_POST_SITES];
}

/** The human-readable report. */
export function formatInfo(info: ModelInfo): string {
  const [config1, config2] = describeConfig(info.config);
  const w = info.weights;
  const ignored = w.ignored.length > 0 ? `; ${w.ignored.length} unused (${w.ignored.slice(0, 3).join(', ')}${w.ignored.length > 3 ? ', …' : ''})` : '';
  const lines = [
    `model        ${info.id} (${info.builtin ? 'built-in, ' : ''}${info.path})`,
    `format       ${info.format === 'huggingface' ? 'Hugging Face GPT-2 config.json' : 'Repscope config.json'}`,
    `config       ${config1}`,
    `             ${config2}`,
    `parameters   ${info.parameterCount.toLocaleString('en-US')}`,
    `weights      ${w.file}: ${w.tensors} tensors, ${w.dtypes.join('/')}, ${formatBytes(w.bytes)}${ignored}`,
    `tokenizer    ${info.tokenizer ?? 'none (give prompts as --ids)'}`,
    `hook points  ${info.hooks.length} (${blockSites(info.config).length} per block; --hooks accepts * for L)`,
    ...describeHooks(info.config).map((line) => `  ${line}`),
  ];
  return lines.join('\n') + '\n';
}

export const infoCommand: Command = {
  name: 'info',
  summary: "show a model's config, parameter count and hook points",
  help: `Usage: repscope info MODEL [--json]

Checks the model's files (config, weights, tokenizer) without loading the weights onto a
backend, and prints its config, parameter count, tokenizer and hook point names.

Options:
  --json    print one JSON object instead (the hook list is then written out in full)

${MODEL_HELP}

${GLOBAL_HELP}`,
  flags: { json: 'boolean' },
  async run(args, io) {
    const info = await modelInfo(onePositional(args, 'info'), io.cwd);
    io.stdout(booleanFlag(args, 'json') ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info));
  },
};
