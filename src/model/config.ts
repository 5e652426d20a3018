// The transformer's configuration as plain data, its validation, and conversion from a Hugging Face
// GPT-2 `config.json`. Every field has a documented meaning; `validateConfig` says what to fix.

/** Activation of the MLP: GPT-2's tanh approximation (`gelu_new`), exact erf GELU, or ReLU. */
export type Activation = 'gelu_new' | 'gelu' | 'relu';

export interface ModelConfig {
  /** Number of transformer blocks. */
  nLayers: number;
  /** Width of the residual stream. */
  dModel: number;
  /** Attention heads per block. */
  nHeads: number;
  /** Width of one head; nHeads × dHead is the attention's inner width (usually dModel). */
  dHead: number;
  /** Hidden width of the MLP (GPT-2: 4 × dModel). Ignored when `attnOnly`. */
  dMlp: number;
  /** Context length: the number of learned position embeddings. */
  nCtx: number;
  /** Vocabulary size. */
  dVocab: number;
  /** MLP activation (default `gelu_new`). */
  act: Activation;
  /** LayerNorm epsilon (GPT-2: 1e-5). */
  normEps: number;
  /** The unembedding is the transposed token embedding (GPT-2: true). */
  tiedEmbed: boolean;
  /** Blocks have attention only, no MLP and no second LayerNorm (default false). */
  attnOnly: boolean;
}

export const DEFAULT_CONFIG: Readonly<Omit<ModelConfig, 'nLayers' | 'dModel' | 'nHeads' | 'dHead' | 'dMlp' | 'nCtx' | 'dVocab'>> = {
  act: 'gelu_new',
  normEps: 1e-5,
  tiedEmbed: true,
  attnOnly: false,
};

/** Caps that keep a hostile or mistaken config from asking for absurd allocations. */
export const CONFIG_LIMITS = { nLayers: 256, dModel: 16384, nHeads: 256, dMlp: 65536, nCtx: 32768, dVocab: 1_000_000 } as const;

const ACTIVATIONS: readonly Activation[] = ['gelu_new', 'gelu', 'relu'];

function positiveInt(v: unknown, name: string, max: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1 || v > max) {
    throw new Error(`config: ${name} must be an integer from 1 to ${max}, found ${JSON.stringify(v)}`);
  }
  return v;
}

/** Checks a config (ours, as plain data) and fills defaults; throws an error naming the bad field. */
export function validateConfig(raw: unknown): ModelConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('config: expected a JSON object');
  const r = raw as Record<string, unknown>;
  const nLayers = positiveInt(r.nLayers, 'nLayers', CONFIG_LIMITS.nLayers);
  const dModel = positiveInt(r.dModel, 'dModel', CONFIG_LIMITS.dModel);
  const nHeads = positiveInt(r.nHeads, 'nHeads', CONFIG_LIMITS.nHeads);
  const dHead = r.dHead === undefined ? Math.floor(dModel / nHeads) : positiveInt(r.dHead, 'dHead', CONFIG_LIMITS.dModel);
  if (r.dHead === undefined && dModel % nHeads !== 0) {
    throw new Error(`config: dModel ${dModel} is not divisible by nHeads ${nHeads}; give dHead explicitly`);
  }
  const attnOnly = r.attnOnly === undefined ? DEFAULT_CONFIG.attnOnly : r.attnOnly === true;
  const dMlp = r.dMlp === undefined && attnOnly ? 1 : positiveInt(r.dMlp ?? 4 * dModel, 'dMlp', CONFIG_LIMITS.dMlp);
  const nCtx = positiveInt(r.nCtx, 'nCtx', CONFIG_LIMITS.nCtx);
  const dVocab = positiveInt(r.dVocab, 'dVocab', CONFIG_LIMITS.dVocab);
  const act = (r.act ?? DEFAULT_CONFIG.act) as Activation;
  if (!ACTIVATIONS.includes(act)) throw new Error(`config: act must be one of ${ACTIVATIONS.join(', ')}, found ${JSON.stringify(r.act)}`);
  const normEps = r.normEps === undefined ? DEFAULT_CONFIG.normEps : Number(r.normEps);
  if (!(normEps > 0 && normEps < 1)) throw new Error(`config: normEps must be a small positive number, found ${JSON.stringify(r.normEps)}`);
  const tiedEmbed = r.tiedEmbed === undefined ? DEFAULT_CONFIG.tiedEmbed : r.tiedEmbed === true;
  return { nLayers, dModel, nHeads, dHead, dMlp, nCtx, dVocab, act, normEps, tiedEmbed, attnOnly };
}

/** Maps Hugging Face's GPT-2 activation names onto ours; other names are unsupported. */
const HF_ACTIVATIONS: Record<string, Activation> = { gelu_new: 'gelu_new', gelu_pytorch_tanh: 'gelu_new', gelu: 'gelu', relu: 'relu' };

/** Converts a Hugging Face GPT-2 `config.json` (n_layer, n_head, n_embd, …) into our config. */
export function configFromHuggingFace(raw: unknown): ModelConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('config.json: expected a JSON object');
  const r = raw as Record<string, unknown>;
  const missing = ['n_layer', 'n_head', 'n_embd', 'vocab_size'].filter((k) => r[k] === undefined);
  if (missing.length > 0) throw new Error(`config.json: missing ${missing.join(', ')} (is this a GPT-2-family config?)`);
  const actName = String(r.activation_function ?? 'gelu_new');
  const act = Object.prototype.hasOwnProperty.call(HF_ACTIVATIONS, actName) ? HF_ACTIVATIONS[actName] : undefined;
  if (act === undefined) {
    throw new Error(`config.json: activation_function "${actName}" is unsupported; use one of ${Object.keys(HF_ACTIVATIONS).join(', ')}`);
  }
  const nEmbd = r.n_embd;
  return validateConfig({
    nLayers: r.n_layer,
    dModel: nEmbd,
    nHeads: r.n_head,
    dMlp: r.n_inner ?? (typeof nEmbd === 'number' ? 4 * nEmbd : undefined),
    nCtx: r.n_positions ?? r.n_ctx,
    dVocab: r.vocab_size,
    act,
    normEps: r.layer_norm_epsilon ?? 1e-5,
    tiedEmbed: r.tie_word_embeddings === undefined ? true : r.tie_word_embeddings === true,
    attnOnly: false,
  });
}

/** Parameter count of a model with this config. */
export function countParameters(c: ModelConfig): number {
  const inner = c.nHeads * c.dHead;
  const attn = c.dModel * 3 * inner + 3 * inner + inner * c.dModel + c.dModel;
  const mlp = c.attnOnly ? 0 : c.dModel * c.dMlp + c.dMlp + c.dMlp * c.dModel + c.dModel;
  const norms = (c.attnOnly ? 2 : 4) * c.dModel;
  const embed = c.dVocab * c.dModel + c.nCtx * c.dModel;
  const unembed = c.tiedEmbed ? 0 : c.dVocab * c.dModel;
  return embed + c.nLayers * (attn + mlp + norms) + 2 * c.dModel + unembed;
}
