// Maps named float32 arrays (GPT-2 names, Hugging Face layout) onto the transformer's weights:
// every tensor is found and shape-checked before anything is uploaded, then uploaded in one go.
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config';

/** A named host-side array, as the safetensors reader returns it. */
export interface HostTensor {
  shape: number[];
  data: Float32Array;
}

export interface BlockWeights {
  ln1: { g: tf.Tensor1D; b: tf.Tensor1D };
  /** [d_model, 3 · n_heads · d_head], q | k | v along the output axis (Conv1D layout). */
  wQkv: tf.Tensor2D;
  bQkv: tf.Tensor1D;
  /** [n_heads · d_head, d_model] */
  wO: tf.Tensor2D;
  bO: tf.Tensor1D;
  /** Absent in attention-only blocks. */
  mlp: null | {
    ln2: { g: tf.Tensor1D; b: tf.Tensor1D };
    wIn: tf.Tensor2D; // [d_model, d_mlp]
    bIn: tf.Tensor1D;
    wOut: tf.Tensor2D; // [d_mlp, d_model]
    bOut: tf.Tensor1D;
  };
}

export interface ModelWeights {
  wte: tf.Tensor2D; // [d_vocab, d_model]
  wpe: tf.Tensor2D; // [n_ctx, d_model]
  blocks: BlockWeights[];
  lnF: { g: tf.Tensor1D; b: tf.Tensor1D };
  /** Unembedding stored [d_model, d_vocab] so the logits are an untransposed 2-D matmul. */
  wU: tf.Tensor2D;
}

/** Names that GPT-2 checkpoints carry as buffers, not weights. */
const IGNORED_SUFFIXES = ['.attn.bias', '.attn.masked_bias'];

/** Weights found and shape-checked: arrays, or (for a file read piece by piece) header entries. */
export interface ResolvedWeights<T extends { shape: number[] } = HostTensor> {
  /** Canonical name (no `transformer.` prefix) → array, each checked against the config. */
  arrays: Map<string, T>;
  /** Names present in the file that the model does not use. */
  ignored: string[];
}

function expectedShapes(c: ModelConfig): Map<string, number[]> {
  const inner = c.nHeads * c.dHead;
  const shapes = new Map<string, number[]>([['wte.weight', [c.dVocab, c.dModel]], ['wpe.weight', [c.nCtx, c.dModel]]]);
  for (let i = 0; i < c.nLayers; i++) {
    const p = `h.${i}.`;
    shapes.set(p + 'ln_1.weight', [c.dModel]).set(p + 'ln_1.bias', [c.dModel]);
    shapes.set(p + 'attn.c_attn.weight', [c.dModel, 3 * inner]).set(p + 'attn.c_attn.bias', [3 * inner]);
    shapes.set(p + 'attn.c_proj.weight', [inner, c.dModel]).set(p + 'attn.c_proj.bias', [c.dModel]);
    if (!c.attnOnly) {
      shapes.set(p + 'ln_2.weight', [c.dModel]).set(p + 'ln_2.bias', [c.dModel]);
      shapes.set(p + 'mlp.c_fc.weight', [c.dModel, c.dMlp]).set(p + 'mlp.c_fc.bias', [c.dMlp]);
      shapes.set(p + 'mlp.c_proj.weight', [c.dMlp, c.dModel]).set(p + 'mlp.c_proj.bias', [c.dModel]);
    }
  }
  shapes.set('ln_f.weight', [c.dModel]).set('ln_f.bias', [c.dModel]);
  if (!c.tiedEmbed) shapes.set('lm_head.weight', [c.dVocab, c.dModel]);
  return shapes;
}

const PREFIX = 'transformer.';

/**
 * Finds every weight the config needs in `named` (with or without the `transformer.` prefix) and
 * checks its shape. Throws one error listing every missing or mis-shaped tensor.
 */
export function resolveWeights<T extends { shape: number[] }>(named: ReadonlyMap<string, T>, config: ModelConfig): ResolvedWeights<T> {
  const expected = expectedShapes(config);
  const arrays = new Map<string, T>();
  const problems: string[] = [];
  const used = new Set<string>();
  for (const [name, shape] of expected) {
    const key = named.has(name) ? name : named.has(PREFIX + name) ? PREFIX + name : null;
    if (key === null) {
      problems.push(`missing tensor "${name}" (expected shape [${shape.join(', ')}])`);
      continue;
    }
    used.add(key);
    const t = named.get(key)!;
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      problems.push(`tensor "${key}" has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
      continue;
    }
    arrays.set(name, t);
  }
  const ignored = [...named.keys()].filter((k) => !used.has(k));
  const unexpected = ignored.filter((k) => !IGNORED_SUFFIXES.some((s) => k.endsWith(s)) && !(config.tiedEmbed && k === 'lm_head.weight'));
  for (const k of unexpected) {
    const layer = /^(?:transformer\.)?h\.(\d+)\./.exec(k);
    if (layer && Number(layer[1]) >= config.nLayers) problems.push(`tensor "${k}" belongs to layer ${layer[1]}, but the config has ${config.nLayers} layers`);
  }
  if (problems.length > 0) {
    const more = problems.length > 12 ? `; and ${problems.length - 12} more` : '';
    throw new Error(`weights do not match the config: ${problems.slice(0, 12).join('; ')}${more}`);
  }
  return { arrays, ignored };
}

/** Uploads resolved weights to the current backend. The caller owns the result (see disposeWeights). */
export function uploadWeights(resolved: ResolvedWeights, config: ModelConfig): ModelWeights {
  const uploaded = new Map<string, tf.Tensor>();
  try {
    for (const [name, h] of resolved.arrays) uploaded.set(name, tf.tensor(h.data, h.shape, 'float32'));
  } catch (err) {
    for (const t of uploaded.values()) t.dispose();
    throw err;
  }
  return assembleWeights(uploaded, config);
}

/**
 * Arranges uploaded tensors (canonical name → tensor, every name the config needs, shapes checked) into the
 * model's weights, taking ownership of them: on failure every one is disposed.
 */
export function assembleWeights(uploaded: ReadonlyMap<string, tf.Tensor>, config: ModelConfig): ModelWeights {
  const made: tf.Tensor[] = [...uploaded.values()];
  const track = <T extends tf.Tensor>(t: T): T => (made.push(t), t);
  const t1 = (name: string) => uploaded.get(name) as tf.Tensor1D;
  const t2 = (name: string) => uploaded.get(name) as tf.Tensor2D;
  try {
    const wte = t2('wte.weight');
    const blocks: BlockWeights[] = [];
    for (let i = 0; i < config.nLayers; i++) {
      const p = `h.${i}.`;
      blocks.push({
        ln1: { g: t1(p + 'ln_1.weight'), b: t1(p + 'ln_1.bias') },
        wQkv: t2(p + 'attn.c_attn.weight'),
        bQkv: t1(p + 'attn.c_attn.bias'),
        wO: t2(p + 'attn.c_proj.weight'),
        bO: t1(p + 'attn.c_proj.bias'),
        mlp: config.attnOnly
          ? null
          : {
              ln2: { g: t1(p + 'ln_2.weight'), b: t1(p + 'ln_2.bias') },
              wIn: t2(p + 'mlp.c_fc.weight'),
              bIn: t1(p + 'mlp.c_fc.bias'),
              wOut: t2(p + 'mlp.c_proj.weight'),
              bOut: t1(p + 'mlp.c_proj.bias'),
            },
      });
    }
    const head = config.tiedEmbed ? wte : t2('lm_head.weight');
    const wU = track(tf.transpose(head) as tf.Tensor2D); // [d_model, d_vocab]
    if (!config.tiedEmbed) head.dispose();
    return { wte, wpe: t2('wpe.weight'), blocks, lnF: { g: t1('ln_f.weight'), b: t1('ln_f.bias') }, wU };
  } catch (err) {
    for (const t of made) if (!t.isDisposed) t.dispose();
    throw err;
  }
}

/** Every tensor of the weights, for disposal and memory accounting. */
export function weightTensors(w: ModelWeights): tf.Tensor[] {
  const out: tf.Tensor[] = [w.wte, w.wpe, w.lnF.g, w.lnF.b, w.wU];
  for (const b of w.blocks) {
    out.push(b.ln1.g, b.ln1.b, b.wQkv, b.bQkv, b.wO, b.bO);
    if (b.mlp) out.push(b.mlp.ln2.g, b.mlp.ln2.b, b.mlp.wIn, b.mlp.bIn, b.mlp.wOut, b.mlp.bOut);
  }
  return out;
}

export function disposeWeights(w: ModelWeights): void {
  for (const t of weightTensors(w)) t.dispose();
}
