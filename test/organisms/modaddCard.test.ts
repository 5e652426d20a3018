// An outside evaluator's view: rebuild every modadd held-out prompt from card.json alone (no generator code),
// check it against the card's hash, score the shipped model on it, and recompute the embedding's spectrum.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../../src/model/backend';
import { runModel } from '../../src/model/cache';
import { disposeModel, loadModel } from '../../src/model/model';

interface Card {
  task: { modulus: number; template: string };
  split: { heldOutMask: string; heldOutPairs: number; trainPairs: number };
  evaluation: { count: number; promptsSha256: string; examples: string[] };
  embeddingFourier: { keyFrequencies: number[]; top5Share: number; spectrum: { frequency: number; share: number }[] };
  finalMetrics: Record<string, number>;
}

interface Prompt { text: string; answer: string }

const dir = fileURLToPath(new URL('../../public/models/modadd/', import.meta.url));
const readJson = async (name: string) => JSON.parse(await readFile(dir + name, 'utf8'));
let card: Card;

beforeAll(async () => {
  card = await readJson('card.json');
});

/** The card's rule: every (a, b), a-major, whose mask character is "1", filled into the template. */
function heldOutPrompts(c: Card): Prompt[] {
  const p = c.task.modulus;
  const out: Prompt[] = [];
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      if (c.split.heldOutMask[a * p + b] !== '1') continue;
      out.push({ text: c.task.template.replace('{a}', String(a)).replace('{b}', String(b)), answer: String((a + b) % p) });
    }
  }
  return out;
}

/** Share of the centred squared norm in each frequency 1..(p−1)/2 of the first p rows of `e` [*, d]. */
function spectrum(e: Float32Array, p: number, d: number): number[] {
  const energy = (k: number) => {
    let sum = 0;
    for (let j = 0; j < d; j++) {
      let re = 0;
      let im = 0;
      for (let n = 0; n < p; n++) {
        re += e[n * d + j] * Math.cos((2 * Math.PI * k * n) / p);
        im += e[n * d + j] * Math.sin((2 * Math.PI * k * n) / p);
      }
      sum += re * re + im * im;
    }
    return sum;
  };
  const byFreq = Array.from({ length: (p - 1) / 2 }, (_, i) => energy(i + 1) + energy(p - i - 1));
  const total = byFreq.reduce((s, x) => s + x, 0);
  return byFreq.map((x) => x / total);
}

describe('modadd card.json, read by an outside script', () => {
  it('rebuilds exactly the held-out prompts the generator evaluated', () => {
    const prompts = heldOutPrompts(card).map((x) => x.text);
    expect(prompts).toHaveLength(card.evaluation.count);
    expect(prompts).toHaveLength(card.split.heldOutPairs);
    expect(card.split.heldOutMask).toHaveLength(card.task.modulus ** 2);
    expect(prompts.slice(0, card.evaluation.examples.length)).toEqual(card.evaluation.examples);
    expect(createHash('sha256').update(prompts.join('\n')).digest('hex')).toBe(card.evaluation.promptsSha256);
  });

  it('reproduces the held-out accuracy and the key Fourier frequencies from the shipped files', async () => {
    await initBackend('wasm');
    const model = await loadModel({ config: await readJson('config.json'), weights: new Uint8Array(await readFile(dir + 'model.safetensors')), tokenizer: await readJson('tokenizer.json') }, 'modadd');
    try {
      const prompts = heldOutPrompts(card);
      const encoded = prompts.map((x) => model.tokenizer!.encode(x.text));
      expect(encoded.every((e) => e.unknown.length === 0)).toBe(true);
      const { logits } = await runModel(model, encoded.map((e) => e.ids));
      const vocab = logits!.shape[1];
      const hits = prompts.filter((x, i) => {
        const row = logits!.data.subarray(i * vocab, (i + 1) * vocab);
        return model.tokenizer!.tokenText(row.indexOf(Math.max(...row))) === x.answer;
      }).length;
      expect(hits / prompts.length).toBeCloseTo(card.finalMetrics.heldout_top1, 3);

      const [, d] = model.weights.wte.shape;
      const shares = spectrum(await model.weights.wte.data() as Float32Array, card.task.modulus, d);
      const ranked = shares.map((share, i) => ({ frequency: i + 1, share })).sort((x, y) => y.share - x.share);
      expect(ranked.slice(0, 5).map((x) => x.frequency)).toEqual(card.embeddingFourier.keyFrequencies);
      expect(ranked.slice(0, 5).reduce((s, x) => s + x.share, 0)).toBeCloseTo(card.embeddingFourier.top5Share, 3);
    } finally {
      disposeModel(model);
    }
  });
});
