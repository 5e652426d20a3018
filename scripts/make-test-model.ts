// Writes the seeded GPT-2 test model the app opens on until the built-in organisms exist:
// public/models/tiny-gpt2/ with a Hugging Face-layout config.json, F16 model.safetensors, tokenizer.json and card.json.
// Deterministic: the same bytes on every run. Runs after `npm ci` (the `prepare` script).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '../src/data/random';
import { writeSafetensors, type TensorToWrite } from '../src/model/safetensors';

export const TEST_MODEL_ID = 'tiny-gpt2';
const HF_CONFIG = {
  model_type: 'gpt2', n_layer: 2, n_head: 4, n_embd: 32, n_positions: 128, vocab_size: 50257,
  layer_norm_epsilon: 1e-5, activation_function: 'gelu_new', tie_word_embeddings: true,
};

function tensors(seed: number): TensorToWrite[] {
  const rng = createRng(seed);
  const d = HF_CONFIG.n_embd;
  const out: TensorToWrite[] = [];
  const add = (name: string, shape: number[], scale: number, centre = 0) => {
    const n = shape.reduce((a, b) => a * b, 1);
    out.push({ name, shape, dtype: 'F16', data: Float32Array.from({ length: n }, () => centre + scale * rng.normal()) });
  };
  add('wte.weight', [HF_CONFIG.vocab_size, d], 0.1);
  add('wpe.weight', [HF_CONFIG.n_positions, d], 0.02);
  for (let i = 0; i < HF_CONFIG.n_layer; i++) {
    const p = `h.${i}.`;
    add(p + 'ln_1.weight', [d], 0.05, 1);
    add(p + 'ln_1.bias', [d], 0.02);
    add(p + 'attn.c_attn.weight', [d, 3 * d], 0.2);
    add(p + 'attn.c_attn.bias', [3 * d], 0.02);
    add(p + 'attn.c_proj.weight', [d, d], 0.1);
    add(p + 'attn.c_proj.bias', [d], 0.02);
    add(p + 'ln_2.weight', [d], 0.05, 1);
    add(p + 'ln_2.bias', [d], 0.02);
    add(p + 'mlp.c_fc.weight', [d, 4 * d], 0.2);
    add(p + 'mlp.c_fc.bias', [4 * d], 0.02);
    add(p + 'mlp.c_proj.weight', [4 * d, d], 0.1);
    add(p + 'mlp.c_proj.bias', [d], 0.02);
  }
  add('ln_f.weight', [d], 0.05, 1);
  add('ln_f.bias', [d], 0.02);
  return out;
}

const CARD = {
  id: TEST_MODEL_ID,
  title: 'tiny-gpt2 (random weights)',
  description: 'A seeded, untrained GPT-2-shaped model (2 layers, d_model 32, 4 heads, GPT-2 BPE vocabulary). ' +
    'It exists to exercise the engine end to end; its predictions are meaningless.',
  seed: 20261125,
  generator: 'scripts/make-test-model.ts',
};

export async function writeTestModel(root: string): Promise<string> {
  const dir = join(root, 'public', 'models', TEST_MODEL_ID);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'config.json'), JSON.stringify(HF_CONFIG, null, 2) + '\n');
  await writeFile(join(dir, 'model.safetensors'), writeSafetensors(tensors(CARD.seed), { format: 'pt', generator: CARD.generator }));
  await writeFile(join(dir, 'tokenizer.json'), JSON.stringify({ type: 'gpt2' }) + '\n');
  await writeFile(join(dir, 'card.json'), JSON.stringify(CARD, null, 2) + '\n');
  return dir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const dir = await writeTestModel(root);
  console.log(`wrote the test model to ${dir.slice(root.length + 1)}`);
}
