// The organism-specific part of modadd's card.json: the task, the exact held-out split (as a mask an outside
// script can read without this code), the evaluation rule, and the Fourier spectrum of the trained embedding.
import { hashPrompts } from './modaddEval';
import { KEY_FREQUENCIES, topShare, type FourierSummary } from './modaddFourier';
import { HELD_OUT_FRACTION, P, SPLIT_SEED, TEMPLATE, promptText, type Split } from './modaddTask';

const EVAL_RULE =
  'For every a and b in 0..p−1 (a-major) whose character a·p + b of split.heldOutMask is "1", the prompt is template with {a} and {b} ' +
  'filled in decimal. The tokenizer splits on whitespace and prepends <bos>; the expected top-1 token at the last position ("=") is ' +
  'String((a + b) mod p). The training pairs ("0" in the mask) are scored the same way for train_top1.';

const FOURIER_METHOD =
  'E = the token-embedding rows of the numbers 0..p−1 (ids 0..p−1), p × d_model. F[k] = Σ_n E[n]·exp(−2πi·k·n/p). ' +
  'Frequency k (1 ≤ k ≤ (p−1)/2) holds |F[k]|² + |F[p−k]|² (squared norms summed over d_model); shares are of Σ_{k≥1} |F[k]|², ' +
  'the squared norm of the centred embedding (what a PCA sees). constantShare is |F[0]|² over all frequencies. ' +
  'Number n sits at angle 2πkn/p on a circle in the cos/sin plane of each key frequency k; a PCA of the p number embeddings ' +
  'shows the strongest one as PC1–PC2, while key frequencies of similar share mix in later components.';

function fourierSection(f: FourierSummary | null): Record<string, unknown> {
  if (f === null) return { method: FOURIER_METHOD, note: 'filled in from the trained weights at the final evaluation' };
  const round = (x: number) => Number(x.toFixed(4));
  return {
    method: FOURIER_METHOD,
    keyFrequencies: f.frequencies.slice(0, KEY_FREQUENCIES).map((x) => x.frequency),
    [`top${KEY_FREQUENCIES}Share`]: round(topShare(f)),
    constantShare: round(f.constantShare),
    spectrum: f.frequencies.map((x) => ({ frequency: x.frequency, share: round(x.share) })),
  };
}

export function modaddCard(split: Split, mask: readonly boolean[], fourier: FourierSummary | null): Record<string, unknown> {
  const prompts = split.heldOut.map(promptText);
  return {
    task: {
      modulus: P, template: TEMPLATE, answer: '(a + b) mod p, as one number token',
      trainingData: 'Each sequence is <bos> a + b = c for a pair drawn uniformly from the training pairs; loss only on c.',
    },
    split: {
      heldOutFraction: HELD_OUT_FRACTION, seed: SPLIT_SEED, trainPairs: split.train.length, heldOutPairs: split.heldOut.length,
      heldOutMask: mask.map((h) => (h ? '1' : '0')).join(''),
      maskRule: 'character a·p + b is "1" when the pair (a, b) is held out (never trained on)',
    },
    evaluation: {
      rule: EVAL_RULE, readAt: 'the last token of each prompt ("="), top-1 over the whole vocabulary',
      count: prompts.length, promptsSha256: hashPrompts(prompts),
      hashRule: 'sha256 (hex) of the UTF-8 held-out prompts joined by "\\n", in evaluation order', examples: prompts.slice(0, 8),
    },
    positions: { note: 'With <bos> at index 0: a at index 1, "+" at 2, b at 3, "=" at 4 (where the answer is computed).', aIndex: 1, bIndex: 3, equalsIndex: 4 },
    embeddingFourier: fourierSection(fourier),
  };
}
