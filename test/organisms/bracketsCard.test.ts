// An outside evaluator's view: read brackets' evaluation sequences from card.json alone (no generator code),
// check them against the card's hash and grammar, and re-score the shipped model by the card's rule.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../../src/model/backend';
import { runModel } from '../../src/model/cache';
import { disposeModel, loadModel } from '../../src/model/model';

interface Card {
  grammar: { openers: string[]; closers: string[]; maxDepth: number; maxTokens: number };
  evaluation: { count: number; sequences: string[]; textsSha256: string };
  finalMetrics: Record<string, number>;
}

const dir = fileURLToPath(new URL('../../public/models/brackets/', import.meta.url));
const readJson = async (name: string) => JSON.parse(await readFile(dir + name, 'utf8'));
let card: Card;

beforeAll(async () => {
  card = await readJson('card.json');
});

/** For each index t of <bos> + tokens that has a next token: depth and innermost open bracket after it. */
function stackStates(c: Card, tokens: string[]): { depth: number; inner: string | null }[] {
  const stack: string[] = [];
  const out = [{ depth: 0, inner: null as string | null }];
  for (const t of tokens.slice(0, -1)) {
    if (c.grammar.openers.includes(t)) stack.push(t);
    else stack.pop();
    out.push({ depth: stack.length, inner: stack.at(-1) ?? null });
  }
  return out;
}

describe('brackets card.json, read by an outside script', () => {
  it('lists balanced evaluation sequences within the grammar, matching its hash', () => {
    const { sequences } = card.evaluation;
    expect(sequences).toHaveLength(card.evaluation.count);
    expect(createHash('sha256').update(sequences.join('\n')).digest('hex')).toBe(card.evaluation.textsSha256);
    for (const s of sequences) {
      const tokens = s.split(' ');
      expect(tokens.length).toBeLessThanOrEqual(card.grammar.maxTokens);
      const states = stackStates(card, [...tokens, '']);
      expect(states.at(-1)!.depth).toBe(0);
      expect(Math.max(...states.map((x) => x.depth))).toBeLessThanOrEqual(card.grammar.maxDepth);
    }
  });

  it('reproduces the card\'s closer and validity metrics from the shipped files', async () => {
    await initBackend('wasm');
    const model = await loadModel({ config: await readJson('config.json'), weights: new Uint8Array(await readFile(dir + 'model.safetensors')), tokenizer: await readJson('tokenizer.json') }, 'brackets');
    try {
      const tok = model.tokenizer!;
      const seqs = card.evaluation.sequences.map((s) => s.split(' '));
      const { logits } = await runModel(model, card.evaluation.sequences.map((s) => tok.encode(s).ids), { logits: 'all' });
      const [, pos, vocab] = logits!.shape;
      const [open, close] = [card.grammar.openers, card.grammar.closers];
      const hits = { closer: [0, 0], valid: [0, 0] };
      seqs.forEach((tokens, b) => {
        stackStates(card, tokens).forEach(({ depth, inner }, t) => {
          const row = logits!.data.subarray((b * pos + t) * vocab, (b * pos + t + 1) * vocab);
          const top = tok.tokenText(row.indexOf(Math.max(...row)));
          const match = inner === null ? null : close[open.indexOf(inner)];
          hits.valid[0] += (open.includes(top) && depth < card.grammar.maxDepth) || top === match ? 1 : 0;
          hits.valid[1] += 1;
          if (!close.includes(tokens[t])) return;
          const other = close.find((c) => c !== tokens[t])!;
          hits.closer[0] += row[tok.tokenId(tokens[t])!] > row[tok.tokenId(other)!] ? 1 : 0;
          hits.closer[1] += 1;
        });
      });
      expect(hits.closer[0] / hits.closer[1]).toBeCloseTo(card.finalMetrics.closer_top1, 3);
      expect(hits.valid[0] / hits.valid[1]).toBeCloseTo(card.finalMetrics.valid_top1, 3);
    } finally {
      disposeModel(model);
    }
  });
});
