// An independent GPT-2 forward pass in float64 over the seeded checkpoint's weights, written from the
// architecture (pre-LayerNorm blocks, causal attention, gelu_new, tied unembedding), not from the app's
// code: plain loops, one token at a time, weights regenerated tensor by tensor.
import { D, HEADS, LAYERS, VOCAB, gpt2SmallTensors, tensorValues } from './gpt2SmallCheckpoint';

const EPS = 1e-5;
const D_HEAD = D / HEADS;

function layerNorm(x: Float64Array, g: Float32Array, b: Float32Array): Float64Array {
  let mean = 0;
  for (const v of x) mean += v;
  mean /= x.length;
  let variance = 0;
  for (const v of x) variance += (v - mean) ** 2;
  const inv = 1 / Math.sqrt(variance / x.length + EPS);
  return x.map((v, i) => (v - mean) * inv * g[i] + b[i]);
}

/** h [in] times w [in, out] (Conv1D layout) plus bias. */
function affine(h: Float64Array, w: Float32Array, bias: Float32Array): Float64Array {
  const out = bias.length;
  const y = Float64Array.from(bias);
  for (let i = 0; i < h.length; i++) {
    const hi = h[i];
    const row = i * out;
    for (let j = 0; j < out; j++) y[j] += hi * w[row + j];
  }
  return y;
}

const geluNew = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

function attention(ln: Float64Array[], get: (n: string) => Float32Array, p: string): Float64Array[] {
  const qkv = ln.map((h) => affine(h, get(p + 'attn.c_attn.weight'), get(p + 'attn.c_attn.bias')));
  const proj = get(p + 'attn.c_proj.weight'), projBias = get(p + 'attn.c_proj.bias');
  return qkv.map((row, t) => {
    const z = new Float64Array(D);
    for (let h = 0; h < HEADS; h++) {
      const o = h * D_HEAD;
      const scores = qkv.slice(0, t + 1).map((key) => {
        let dot = 0;
        for (let d = 0; d < D_HEAD; d++) dot += row[o + d] * key[D + o + d];
        return dot / Math.sqrt(D_HEAD);
      });
      const max = Math.max(...scores);
      const weights = scores.map((s) => Math.exp(s - max));
      const sum = weights.reduce((a, b) => a + b, 0);
      weights.forEach((w, s) => {
        for (let d = 0; d < D_HEAD; d++) z[o + d] += (w / sum) * qkv[s][2 * D + o + d];
      });
    }
    return affine(z, proj, projBias);
  });
}

/** The logits at the last position of `ids`, in float64, for the checkpoint made with `seed`. */
export function referenceLogits(ids: readonly number[], seed: number): Float64Array {
  const specs = new Map(gpt2SmallTensors().map((s) => [s.name, s]));
  const cache = new Map<string, Float32Array>();
  const get = (name: string) => {
    let v = cache.get(name);
    if (!v) cache.set(name, (v = tensorValues(specs.get(name)!, seed)));
    return v;
  };
  const wte = get('wte.weight'), wpe = get('wpe.weight');
  let x = ids.map((id, t) => Float64Array.from({ length: D }, (_, i) => wte[id * D + i] + wpe[t * D + i]));
  for (let l = 0; l < LAYERS; l++) {
    const p = `h.${l}.`;
    const attnOut = attention(x.map((r) => layerNorm(r, get(p + 'ln_1.weight'), get(p + 'ln_1.bias'))), get, p);
    x = x.map((r, t) => r.map((v, i) => v + attnOut[t][i]));
    x = x.map((r) => {
      const hidden = affine(layerNorm(r, get(p + 'ln_2.weight'), get(p + 'ln_2.bias')), get(p + 'mlp.c_fc.weight'), get(p + 'mlp.c_fc.bias')).map(geluNew);
      const out = affine(hidden, get(p + 'mlp.c_proj.weight'), get(p + 'mlp.c_proj.bias'));
      return r.map((v, i) => v + out[i]);
    });
    for (const key of [...cache.keys()]) if (key.startsWith(p)) cache.delete(key);
  }
  const f = layerNorm(x[x.length - 1], get('ln_f.weight'), get('ln_f.bias'));
  const logits = new Float64Array(VOCAB);
  for (let v = 0; v < VOCAB; v++) {
    let dot = 0;
    for (let i = 0; i < D; i++) dot += f[i] * wte[v * D + i];
    logits[v] = dot;
  }
  return logits;
}

/** Softmax probabilities of logits, in float64. */
export function softmax(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  const e = logits.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}
