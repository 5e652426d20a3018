// An outside evaluator's view: rebuild every truthworld evaluation prompt from card.json alone (no generator
// code), check it against the card's hash, then score the shipped model with the app's engine and the card's facts.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../../src/model/backend';
import { runModel } from '../../src/model/cache';
import { disposeModel, loadModel } from '../../src/model/model';

interface Card {
  world: { attributes: string[]; values: Record<string, string[]>; people: Record<string, string>[]; speakers: { name: string; honest: boolean }[] };
  templates: { statement: Record<string, string>; reported: string; question: Record<string, string> };
  evaluation: { contexts: string[]; count: number; promptsSha256: string; examples: string[] };
  finalMetrics: Record<string, number>;
}

interface Prompt { text: string; expect: 'truth' | 'lie'; truth: string; values: string[] }

const dir = fileURLToPath(new URL('../../public/models/truthworld/', import.meta.url));
const readJson = async (name: string) => JSON.parse(await readFile(dir + name, 'utf8'));
let card: Card;

beforeAll(async () => {
  card = await readJson('card.json');
});

/** The card's rule: fill the template for the context, cut just before {value}, trim. */
function buildPrompts(c: Card): Prompt[] {
  const out: Prompt[] = [];
  for (const person of c.world.people) {
    for (const a of c.world.attributes) {
      for (const ctx of c.evaluation.contexts) {
        const speaker = c.world.speakers.find((s) => s.name === ctx);
        const template = ctx === 'plain' ? c.templates.statement[a]
          : ctx === 'question' ? c.templates.question[a]
            : c.templates.reported.replace('{speaker}', ctx).replace('{statement}', c.templates.statement[a]);
        const filled = template.replace('{person}', person.name);
        const text = filled.slice(0, filled.indexOf('{value}')).trimEnd();
        out.push({ text, expect: speaker && !speaker.honest ? 'lie' : 'truth', truth: person[a], values: c.world.values[a] });
      }
    }
  }
  return out;
}

describe('truthworld card.json, read by an outside script', () => {
  it('rebuilds exactly the evaluation prompts the generator produced', () => {
    const prompts = buildPrompts(card).map((p) => p.text);
    expect(prompts).toHaveLength(card.evaluation.count);
    expect(prompts.slice(0, card.evaluation.examples.length)).toEqual(card.evaluation.examples);
    expect(createHash('sha256').update(prompts.join('\n')).digest('hex')).toBe(card.evaluation.promptsSha256);
  });

  it('reproduces the card\'s headline metrics from the card\'s facts and the shipped files', async () => {
    await initBackend('wasm');
    const model = await loadModel({ config: await readJson('config.json'), weights: new Uint8Array(await readFile(dir + 'model.safetensors')), tokenizer: await readJson('tokenizer.json') }, 'truthworld');
    try {
      const prompts = buildPrompts(card);
      const encoded = prompts.map((p) => model.tokenizer!.encode(p.text));
      expect(encoded.every((e) => e.unknown.length === 0)).toBe(true);
      const { logits } = await runModel(model, encoded.map((e) => e.ids));
      const vocab = logits!.shape[1];
      const hits = { truth: [0, 0], lie: [0, 0] };
      prompts.forEach((p, i) => {
        const row = logits!.data.subarray(i * vocab, (i + 1) * vocab);
        const top = model.tokenizer!.tokenText(row.indexOf(Math.max(...row)));
        const ok = p.expect === 'truth' ? top === p.truth : top !== p.truth && p.values.includes(top);
        hits[p.expect][0] += ok ? 1 : 0;
        hits[p.expect][1] += 1;
      });
      const m = card.finalMetrics;
      const honest = card.world.speakers.filter((s) => s.honest).length;
      const truthShare = (m.plain_true_top1 + m.question_true_top1 + honest * m.honest_true_top1) / (2 + honest);
      expect(hits.truth[0] / hits.truth[1]).toBeCloseTo(truthShare, 3);
      expect(hits.lie[0] / hits.lie[1]).toBeCloseTo(m.liar_wrong_top1, 3);
    } finally {
      disposeModel(model);
    }
  });
});
