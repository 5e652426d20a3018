// A checkpoint with GPT-2 small's exact names, shapes and config (Hugging Face layout, F32, ~548 MB with
// the causal-mask buffers the real file carries), filled with seeded random values. It is built in the
// browser as a File, tensor by tensor, so nothing large is committed; any tensor can be regenerated later.

/** Hugging Face's config.json for gpt2 (the fields it ships with). */
export const GPT2_SMALL_CONFIG = {
  activation_function: 'gelu_new', architectures: ['GPT2LMHeadModel'], attn_pdrop: 0.1, bos_token_id: 50256,
  embd_pdrop: 0.1, eos_token_id: 50256, initializer_range: 0.02, layer_norm_epsilon: 1e-5, model_type: 'gpt2',
  n_ctx: 1024, n_embd: 768, n_head: 12, n_layer: 12, n_positions: 1024, resid_pdrop: 0.1, summary_activation: null,
  summary_first_dropout: 0.1, summary_proj_to_labels: true, summary_type: 'cls_index', summary_use_proj: true,
  task_specific_params: { 'text-generation': { do_sample: true, max_length: 50 } }, vocab_size: 50257,
};

export const D = 768, LAYERS = 12, HEADS = 12, VOCAB = 50257, CTX = 1024, MLP = 3072;
/** GPT-2 small's parameter count with tied embeddings (the attention-mask buffers are not parameters). */
export const GPT2_SMALL_PARAMETERS = 124_439_808;

/** How a tensor is filled: uniform noise around a centre, or the lower-triangular causal mask. */
type Fill = { centre: number; half: number } | 'causal';

export interface TensorSpec {
  name: string;
  shape: number[];
  fill: Fill;
}

/** Uniform half-width giving standard deviation `std`. */
const u = (std: number, centre = 0): Fill => ({ centre, half: std * Math.sqrt(3) });

/** Every tensor of the checkpoint, sorted by name as the data section is laid out. */
export function gpt2SmallTensors(): TensorSpec[] {
  const t: TensorSpec[] = [
    { name: 'wte.weight', shape: [VOCAB, D], fill: u(0.02) },
    { name: 'wpe.weight', shape: [CTX, D], fill: u(0.01) },
    { name: 'ln_f.weight', shape: [D], fill: u(0.05, 1) },
    { name: 'ln_f.bias', shape: [D], fill: u(0.02) },
  ];
  for (let l = 0; l < LAYERS; l++) {
    const p = `h.${l}.`;
    t.push(
      { name: p + 'attn.bias', shape: [1, 1, CTX, CTX], fill: 'causal' },
      { name: p + 'ln_1.weight', shape: [D], fill: u(0.05, 1) }, { name: p + 'ln_1.bias', shape: [D], fill: u(0.02) },
      { name: p + 'attn.c_attn.weight', shape: [D, 3 * D], fill: u(0.02) }, { name: p + 'attn.c_attn.bias', shape: [3 * D], fill: u(0.02) },
      { name: p + 'attn.c_proj.weight', shape: [D, D], fill: u(0.02) }, { name: p + 'attn.c_proj.bias', shape: [D], fill: u(0.01) },
      { name: p + 'ln_2.weight', shape: [D], fill: u(0.05, 1) }, { name: p + 'ln_2.bias', shape: [D], fill: u(0.02) },
      { name: p + 'mlp.c_fc.weight', shape: [D, MLP], fill: u(0.02) }, { name: p + 'mlp.c_fc.bias', shape: [MLP], fill: u(0.02) },
      { name: p + 'mlp.c_proj.weight', shape: [MLP, D], fill: u(0.02) }, { name: p + 'mlp.c_proj.bias', shape: [D], fill: u(0.01) },
    );
  }
  return t.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** FNV-1a of the name mixed with the seed: each tensor has its own stream, so any one can be rebuilt alone. */
function streamSeed(name: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The tensor's values (mulberry32 noise, or the causal mask), the same on every call. */
export function tensorValues(spec: TensorSpec, seed: number): Float32Array {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  if (spec.fill === 'causal') {
    for (let q = 0; q < CTX; q++) out.fill(1, q * CTX, q * CTX + q + 1);
    return out;
  }
  const { centre, half } = spec.fill;
  const scale = (2 * half) / 4294967296;
  let s = streamSeed(spec.name, seed);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) | 0;
    let r = Math.imul(s ^ (s >>> 15), 1 | s);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    out[i] = centre - half + ((r ^ (r >>> 14)) >>> 0) * scale;
  }
  return out;
}

/** The safetensors header (8-byte length, then JSON padded with spaces to a multiple of 8). */
function header(specs: readonly TensorSpec[]): Uint8Array {
  const entries: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const s of specs) {
    const bytes = 4 * s.shape.reduce((a, b) => a * b, 1);
    entries[s.name] = { dtype: 'F32', shape: s.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(entries);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + json.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(new TextEncoder().encode(json), 8);
  return out;
}

/** model.safetensors as a File, built one tensor at a time so the page holds one tensor's values at most. */
export function gpt2SmallFile(seed: number): File {
  const specs = gpt2SmallTensors();
  let blob = new Blob([header(specs) as BlobPart]);
  for (const s of specs) blob = new Blob([blob, tensorValues(s, seed) as BlobPart]);
  return new File([blob], 'model.safetensors');
}

export function configFile(): File {
  return new File([JSON.stringify(GPT2_SMALL_CONFIG, null, 2)], 'config.json', { type: 'application/json' });
}
