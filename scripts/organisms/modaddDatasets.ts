// modadd's built-in prompt set: every pair "a + b =" with its operands, its answer and whether it was held out.
import type { DatasetSpec } from './types';
import { allPairs, answer, promptText } from './modaddTask';

export function modaddDatasets(mask: readonly boolean[]): DatasetSpec[] {
  const rows = allPairs().map((pair, i) => ({ text: promptText(pair), sum: answer(pair), a: pair.a, b: pair.b, split: mask[i] ? 'heldout' : 'train' }));
  return [{
    id: 'modadd-pairs', file: 'modadd-pairs.jsonl', model: 'modadd', textField: 'text', rows,
    description: 'Every pair "a + b =" with a, b and (a + b) mod p; split says whether the model trained on the pair or never saw it.',
    labelFields: ['sum', 'a', 'b', 'split'], readPosition: 'last',
    readPositionNote: 'The last token ("=") is where the answer is computed: colour by sum. With <bos> at index 0, a sits at index 1 and b at ' +
      'index 3: read there and colour by a (or b) to see the circles of the embedding\'s key Fourier frequencies.',
  }];
}
