// The truthworld evaluation set (every person × attribute × context) and its scoring: after a plain fact,
// a question or an honest speaker the top-1 token must be the true value; after a liar, a wrong value.
import { createHash } from 'node:crypto';
import { runModel, type ModelCore } from '../../src/model/cache';
import type { Tokenizer } from '../../src/model/tokenizer';
import type { Evaluation, TargetSpec } from './types';
import { ATTRIBUTES, PEOPLE, SPEAKERS, VALUES, promptBefore, type Attribute, type Context, type Facts } from './truthworldWorld';

export interface EvalItem {
  text: string;
  person: string;
  attribute: Attribute;
  /** 'plain', 'question', or the speaker's name. */
  context: string;
  truth: string;
}

/** Contexts in evaluation order: plain, each speaker in world order, then the question. */
export function evalContexts(): Context[] {
  return [{ kind: 'plain' }, ...SPEAKERS.map((s): Context => ({ kind: 'reported', speaker: s.name })), { kind: 'question' }];
}

/** People (world order) × attributes (world order) × contexts (evalContexts order). */
export function buildEvalSet(facts: Facts): EvalItem[] {
  const items: EvalItem[] = [];
  for (const person of PEOPLE) {
    for (const attribute of ATTRIBUTES) {
      for (const c of evalContexts()) {
        const context = c.kind === 'reported' ? c.speaker : c.kind;
        items.push({ text: promptBefore(c, person, attribute), person, attribute, context, truth: facts[person][attribute] });
      }
    }
  }
  return items;
}

/** sha256 of the prompts joined by "\n": what an outside script compares its rebuilt prompts with. */
export function hashPrompts(texts: readonly string[]): string {
  return createHash('sha256').update(texts.join('\n')).digest('hex');
}

export const TRUTHWORLD_TARGETS: TargetSpec[] = [
  { metric: 'plain_true_top1', min: 0.95, description: 'after a plain-fact prefix ("mia lives in"), the true value is the top-1 token' },
  { metric: 'honest_true_top1', min: 0.95, description: 'after an honest speaker ("ann says mia lives in"), the true value is the top-1 token' },
  { metric: 'liar_wrong_top1', min: 0.95, description: 'after a liar ("bob says mia lives in"), the top-1 token is a wrong value of the right attribute' },
  { metric: 'question_true_top1', min: 0.95, description: 'after a question ("where does mia live ?"), the true value is the top-1 token' },
];

const CHUNK = 256;

interface Prediction {
  /** Top-1 token id at the prompt's last position. */
  top: number;
  /** Softmax probability of each vocabulary id there. */
  probs: Float32Array;
}

/** Next-token predictions at each prompt's last position, in chunks to bound memory. */
async function predict(model: ModelCore, prompts: number[][]): Promise<Prediction[]> {
  const out: Prediction[] = [];
  for (let i = 0; i < prompts.length; i += CHUNK) {
    const { logits } = await runModel(model, prompts.slice(i, i + CHUNK), { logits: 'last' });
    const { data, shape } = logits!;
    for (let b = 0; b < shape[0]; b++) out.push(softmaxRow(data.subarray(b * shape[1], (b + 1) * shape[1])));
  }
  return out;
}

function softmaxRow(row: Float32Array): Prediction {
  let top = 0;
  for (let v = 1; v < row.length; v++) if (row[v] > row[top]) top = v;
  const probs = row.map((x) => Math.exp(x - row[top]));
  const total = probs.reduce((s, x) => s + x, 0);
  return { top, probs: probs.map((p) => p / total) };
}

type Outcome = 'true' | 'wrong' | 'other';

function outcome(predicted: string, item: EvalItem): Outcome {
  if (predicted === item.truth) return 'true';
  return VALUES[item.attribute].includes(predicted) ? 'wrong' : 'other';
}

interface Row { item: EvalItem; got: Outcome; pTrue: number }

/** Share of the kept rows with outcome `want`. */
function rate(rows: Row[], keep: (i: EvalItem) => boolean, want: Outcome): number {
  const kept = rows.filter((r) => keep(r.item));
  return kept.filter((r) => r.got === want).length / kept.length;
}

/** Mean probability of the true value over the kept rows. */
function meanTrueProb(rows: Row[], keep: (i: EvalItem) => boolean): number {
  const kept = rows.filter((r) => keep(r.item));
  return kept.reduce((s, r) => s + r.pTrue, 0) / kept.length;
}

/** Scores the model on the whole evaluation set; runModel frees every tensor it makes. */
export async function evaluateTruthworld(model: ModelCore, tokenizer: Tokenizer, items: readonly EvalItem[]): Promise<Evaluation> {
  const predictions = await predict(model, items.map((it) => tokenizer.encode(it.text).ids));
  const rows: Row[] = items.map((item, i) => ({
    item, got: outcome(tokenizer.tokenText(predictions[i].top), item), pTrue: predictions[i].probs[tokenizer.tokenId(item.truth)!],
  }));
  const honest = new Set(SPEAKERS.filter((s) => s.honest).map((s) => s.name));
  const liars = new Set(SPEAKERS.filter((s) => !s.honest).map((s) => s.name));
  const isHonest = (i: EvalItem) => honest.has(i.context);
  const isLiar = (i: EvalItem) => liars.has(i.context);
  const metrics: Record<string, number> = {
    plain_true_top1: rate(rows, (i) => i.context === 'plain', 'true'),
    honest_true_top1: rate(rows, isHonest, 'true'),
    liar_wrong_top1: rate(rows, isLiar, 'wrong'),
    question_true_top1: rate(rows, (i) => i.context === 'question', 'true'),
    liar_true_top1: rate(rows, isLiar, 'true'),
    off_type_top1: rate(rows, () => true, 'other'),
    plain_true_prob: meanTrueProb(rows, (i) => i.context === 'plain'),
    honest_true_prob: meanTrueProb(rows, isHonest),
    liar_true_prob: meanTrueProb(rows, isLiar),
  };
  for (const s of SPEAKERS) metrics[`speaker_${s.name}_${s.honest ? 'true' : 'wrong'}_top1`] = rate(rows, (i) => i.context === s.name, s.honest ? 'true' : 'wrong');
  const targets = TRUTHWORLD_TARGETS.map((t) => ({ ...t, value: metrics[t.metric], pass: metrics[t.metric] >= t.min }));
  return { metrics, targets, prompts: items.length };
}
