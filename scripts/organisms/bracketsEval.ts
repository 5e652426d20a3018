// brackets' evaluation on a fixed seeded set of sequences: at every position whose next token is a closer,
// is the model's preferred closer the matching one; and at every position, is its top-1 token grammatical.
import { createHash } from 'node:crypto';
import { createRng } from '../../src/data/random';
import { runModel, type ModelCore } from '../../src/model/cache';
import type { Evaluation, TargetSpec } from './types';
import { CLOSERS, MAX_DEPTH, OPENERS, closerOf, depthsOf, fixedSequences, innermostOf, isCloser, sequenceIds, sequenceText } from './bracketsTask';

export const EVAL_SEED = 4242;
export const EVAL_SEQUENCES = 400;
/** Closers at this depth or deeper (before closing) are reported apart: the hardest matches. */
export const DEEP = 5;

export const BRACKETS_TARGETS: TargetSpec[] = [
  {
    metric: 'closer_top1', min: 0.98,
    description: 'at every position whose next token in the data is a closer, the model gives the matching closer a higher logit than the other closer',
  },
  {
    metric: 'valid_top1', min: 0.98,
    description: 'at every position with a next token, the top-1 token over the whole vocabulary is grammatical: an opener below depth 8, or the closer matching the innermost open bracket',
  },
];

export const evalSequences = (): string[][] => fixedSequences(createRng(EVAL_SEED), EVAL_SEQUENCES);

/** sha256 (hex) of the sequences' texts joined by "\n": what an outside script compares its own list with. */
export function hashTexts(texts: readonly string[]): string {
  return createHash('sha256').update(texts.join('\n')).digest('hex');
}

interface Tally { hit: number; n: number }
const tally = (): Tally => ({ hit: 0, n: 0 });
const count = (t: Tally, ok: boolean) => { t.hit += ok ? 1 : 0; t.n += 1; };
const share = (t: Tally) => (t.n === 0 ? 1 : t.hit / t.n);

interface Tallies { closer: Tally; deepCloser: Tally; valid: Tally; closerProb: number }

/** Scores one sequence's logits [pos, vocab] (row t predicts token t of the sequence, after <bos>). */
function scoreSequence(tokens: readonly string[], logits: Float32Array, vocab: readonly string[], s: Tallies): void {
  const d = vocab.length;
  const id = (t: string) => vocab.indexOf(t);
  const depths = [0, ...depthsOf(tokens)];
  const innermost = ['none', ...innermostOf(tokens)];
  tokens.forEach((next, t) => {
    const row = logits.subarray(t * d, (t + 1) * d);
    let top = 0;
    for (let v = 1; v < d; v++) if (row[v] > row[top]) top = v;
    const grammatical = new Set<string>(depths[t] < MAX_DEPTH ? [...OPENERS] : []);
    if (depths[t] > 0) grammatical.add(closerOf(innermost[t]));
    count(s.valid, grammatical.has(vocab[top]));
    if (!isCloser(next)) return;
    const other = CLOSERS.find((c) => c !== next)!;
    const ok = row[id(next)] > row[id(other)];
    count(s.closer, ok);
    if (depths[t] >= DEEP) count(s.deepCloser, ok);
    s.closerProb += 1 / (1 + Math.exp(row[id(other)] - row[id(next)]));
  });
}

const CHUNK = 100;

/** Runs every sequence once and reads the logits at all positions; runModel frees every tensor it makes. */
export async function evaluateBrackets(model: ModelCore, vocab: readonly string[], sequences: readonly string[][]): Promise<Evaluation> {
  const s: Tallies = { closer: tally(), deepCloser: tally(), valid: tally(), closerProb: 0 };
  for (let i = 0; i < sequences.length; i += CHUNK) {
    const chunk = sequences.slice(i, i + CHUNK);
    const { logits } = await runModel(model, chunk.map((t) => sequenceIds(t, vocab)), { logits: 'all' });
    const [, pos, d] = logits!.shape;
    chunk.forEach((tokens, b) => scoreSequence(tokens, logits!.data.subarray(b * pos * d, (b + 1) * pos * d), vocab, s));
  }
  const metrics: Record<string, number> = {
    closer_top1: share(s.closer),
    valid_top1: share(s.valid),
    deep_closer_top1: share(s.deepCloser),
    closer_prob: s.closer.n === 0 ? 1 : s.closerProb / s.closer.n,
    closer_positions_count: s.closer.n,
    positions_count: s.valid.n,
  };
  const targets = BRACKETS_TARGETS.map((t) => ({ ...t, value: metrics[t.metric], pass: metrics[t.metric] >= t.min }));
  return { metrics, targets, prompts: sequences.length };
}

export const evalTexts = (sequences: readonly string[][]): string[] => sequences.map(sequenceText);
