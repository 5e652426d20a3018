// Trainable parameters: seeded GPT-2-style initialisation as tf.Variables under Hugging Face GPT-2 names,
// the ModelWeights view the shared forward pass runs on, and host copies for writing safetensors.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../src/data/random';
import type { ModelConfig } from '../../src/model/config';
import type { TensorToWrite } from '../../src/model/safetensors';
import type { ModelWeights } from '../../src/model/weights';

export type Params = Map<string, tf.Variable>;

interface ParamSpec {
  name: string;
  shape: number[];
  /** 'normal' uses the given std; 'ones' and 'zeros' are LayerNorm gains and biases. */
  init: 'normal' | 'ones' | 'zeros';
  std?: number;
}

/** Every parameter in file order. Residual output projections get std / √(2·nLayers), as in GPT-2. */
export function paramSpecs(c: ModelConfig, std: number): ParamSpec[] {
  const inner = c.nHeads * c.dHead;
  const residStd = std / Math.sqrt(2 * c.nLayers);
  const specs: ParamSpec[] = [
    { name: 'wte.weight', shape: [c.dVocab, c.dModel], init: 'normal', std },
    { name: 'wpe.weight', shape: [c.nCtx, c.dModel], init: 'normal', std },
  ];
  for (let i = 0; i < c.nLayers; i++) {
    const p = `h.${i}.`;
    specs.push({ name: p + 'ln_1.weight', shape: [c.dModel], init: 'ones' }, { name: p + 'ln_1.bias', shape: [c.dModel], init: 'zeros' });
    specs.push({ name: p + 'attn.c_attn.weight', shape: [c.dModel, 3 * inner], init: 'normal', std }, { name: p + 'attn.c_attn.bias', shape: [3 * inner], init: 'zeros' });
    specs.push({ name: p + 'attn.c_proj.weight', shape: [inner, c.dModel], init: 'normal', std: residStd }, { name: p + 'attn.c_proj.bias', shape: [c.dModel], init: 'zeros' });
    if (c.attnOnly) continue;
    specs.push({ name: p + 'ln_2.weight', shape: [c.dModel], init: 'ones' }, { name: p + 'ln_2.bias', shape: [c.dModel], init: 'zeros' });
    specs.push({ name: p + 'mlp.c_fc.weight', shape: [c.dModel, c.dMlp], init: 'normal', std }, { name: p + 'mlp.c_fc.bias', shape: [c.dMlp], init: 'zeros' });
    specs.push({ name: p + 'mlp.c_proj.weight', shape: [c.dMlp, c.dModel], init: 'normal', std: residStd }, { name: p + 'mlp.c_proj.bias', shape: [c.dModel], init: 'zeros' });
  }
  specs.push({ name: 'ln_f.weight', shape: [c.dModel], init: 'ones' }, { name: 'ln_f.bias', shape: [c.dModel], init: 'zeros' });
  if (!c.tiedEmbed) specs.push({ name: 'lm_head.weight', shape: [c.dVocab, c.dModel], init: 'normal', std });
  return specs;
}

/** Draws every parameter from `rng` in file order (so a seed fixes them) and uploads them as variables. */
export function initParams(c: ModelConfig, rng: Rng, std: number): Params {
  const params: Params = new Map();
  for (const s of paramSpecs(c, std)) {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (s.init === 'ones') data.fill(1);
    else if (s.init === 'normal') for (let i = 0; i < size; i++) data[i] = s.std! * rng.normal();
    const initial = tf.tensor(data, s.shape);
    params.set(s.name, tf.variable(initial, true, s.name));
    initial.dispose(); // the variable holds its own reference to the data
  }
  return params;
}

/** Names of the parameters that get weight decay: the 2-D matrices. */
export function decayedNames(params: Params): Set<string> {
  return new Set([...params].filter(([, v]) => v.rank === 2).map(([n]) => n));
}

/**
 * The forward pass's view of the parameters. With tied embeddings the unembedding is a transpose made
 * here, so call this inside the tidy (and the gradient function) that uses it.
 */
export function weightsView(params: Params, c: ModelConfig): ModelWeights {
  const get = <T extends tf.Tensor>(name: string) => params.get(name) as unknown as T;
  const blocks: ModelWeights['blocks'] = [];
  for (let i = 0; i < c.nLayers; i++) {
    const p = `h.${i}.`;
    blocks.push({
      ln1: { g: get(p + 'ln_1.weight'), b: get(p + 'ln_1.bias') },
      wQkv: get(p + 'attn.c_attn.weight'), bQkv: get(p + 'attn.c_attn.bias'),
      wO: get(p + 'attn.c_proj.weight'), bO: get(p + 'attn.c_proj.bias'),
      mlp: c.attnOnly ? null : {
        ln2: { g: get(p + 'ln_2.weight'), b: get(p + 'ln_2.bias') },
        wIn: get(p + 'mlp.c_fc.weight'), bIn: get(p + 'mlp.c_fc.bias'),
        wOut: get(p + 'mlp.c_proj.weight'), bOut: get(p + 'mlp.c_proj.bias'),
      },
    });
  }
  const head = get<tf.Tensor2D>(c.tiedEmbed ? 'wte.weight' : 'lm_head.weight');
  return { wte: get('wte.weight'), wpe: get('wpe.weight'), blocks, lnF: { g: get('ln_f.weight'), b: get('ln_f.bias') }, wU: tf.transpose(head) };
}

/** Host copies of every parameter, in file order, ready for writeSafetensors. */
export function paramsToHost(params: Params): TensorToWrite[] {
  return [...params].map(([name, v]) => ({ name, shape: v.shape.slice(), data: new Float32Array(v.dataSync()), dtype: 'F32' as const }));
}

export function disposeParams(params: Params): void {
  for (const v of params.values()) v.dispose();
}
