// A small random model as the files the engine loads (config, safetensors, word tokenizer), and a
// labelled prompt set with contrast pairs written in its vocabulary, for the worker and app tests.
import { createRng } from '../../src/data/random';
import { writeSafetensors } from '../../src/model/safetensors';
import { validateConfig } from '../../src/model/config';
import { randomNamedWeights } from '../helpers/randomModel';
import type { ModelFilesPayload } from '../../src/workers/protocol';

export const WORDS = ['the', 'cat', 'dog', 'bird', 'fish', 'is', 'was', 'red', 'blue', 'green', 'big', 'small', 'happy', 'sad', 'here', 'there', 'and', 'not'];
const VOCAB = ['<unk>', '<bos>', '.', ...WORDS];

export const TEST_CONFIG = validateConfig({ nLayers: 3, dModel: 24, nHeads: 3, dMlp: 40, nCtx: 12, dVocab: VOCAB.length });

export function testModelFiles(seed = 3): ModelFilesPayload & { weights: Uint8Array } {
  const named = randomNamedWeights(TEST_CONFIG, seed);
  const weights = writeSafetensors([...named].map(([name, t]) => ({ name, shape: t.shape, data: t.data })));
  const config = { nLayers: 3, dModel: 24, nHeads: 3, dMlp: 40, nCtx: 12, dVocab: VOCAB.length };
  const tokenizer = { type: 'word', version: 1, vocab: VOCAB, unk: '<unk>', bos: '<bos>', addBos: true, lowercase: true };
  return { config, weights, tokenizer, card: { title: 'test model' } };
}

export interface TestPrompt {
  text: string;
  label: 'a' | 'b';
}

/** `n` prompts (n even): consecutive rows form a pair, the first of each labelled 'a'. */
export function testPrompts(n: number, seed = 7): TestPrompt[] {
  const rng = createRng(seed);
  const pick = (list: readonly string[]) => list[rng.int(list.length)];
  const out: TestPrompt[] = [];
  for (let i = 0; i < n / 2; i++) {
    const subject = `the ${pick(['cat', 'dog', 'bird', 'fish'])} ${pick(['is', 'was'])}`;
    out.push({ text: `${subject} ${pick(['happy', 'big', 'red'])}`, label: 'a' });
    out.push({ text: `${subject} ${pick(['sad', 'small', 'blue'])}`, label: 'b' });
  }
  return out;
}
