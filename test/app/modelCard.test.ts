import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cardSummary } from '../../src/app/modelCard';
import type { ModelInfo } from '../../src/workers/protocol';

const card = (id: string): unknown => JSON.parse(readFileSync(new URL(`../../public/models/${id}/card.json`, import.meta.url), 'utf8'));

function info(id: string, c: unknown): ModelInfo {
  return {
    id, format: 'repscope', nLayers: 2, dModel: 64, nHeads: 4, dHead: 16, dMlp: 256, nCtx: 32, dVocab: 109,
    parameterCount: 109_120, sites: ['hook_resid_post'], tokenizer: 'word', card: c,
  };
}

describe('cardSummary', () => {
  it('lists what truthworld is, how it was trained and every evaluation target with its measured value', () => {
    const c = card('truthworld') as { title: string; targets: { metric: string; value: number; pass: boolean; min?: number; max?: number }[]; training: { steps: number; seed: number } };
    const s = cardSummary(info('truthworld', c), null);
    expect(s.title).toBe(c.title);
    expect(s.description).toMatch(/liars?/);
    expect(s.note).toBeNull();
    expect(s.architecture).toContainEqual(['parameters', '109k (109,120)']);
    expect(s.architecture).toContainEqual(['heads × d_head', '4 × 16']);
    expect(s.training).toContainEqual(['steps', c.training.steps.toLocaleString('en-US')]);
    expect(s.training).toContainEqual(['seed', String(c.training.seed)]);
    expect(s.reproduce).toMatch(/^npm run train -- truthworld/);
    expect(s.targets.map((t) => t.metric)).toEqual(c.targets.map((t) => t.metric));
    for (const [i, t] of s.targets.entries()) {
      expect(t.pass).toBe(c.targets[i].pass);
      expect(t.bound).toBe(c.targets[i].min !== undefined ? `≥ ${c.targets[i].min}` : `≤ ${c.targets[i].max}`);
      expect(Number(t.value.replace(/,/g, ''))).toBe(c.targets[i].value);
    }
    expect(s.causal.length).toBeGreaterThan(0);
    expect(s.causal[0]).toMatch(/best steering at layer \d+ \(α [\d.]+\): [\d.]+ one-shot, [\d.]+ continual/);
  });

  it('reads the other organisms’ cards too (modadd’s training note comes from its task)', () => {
    const m = cardSummary(info('modadd', card('modadd')), null);
    expect(m.trainingData).toMatch(/a \+ b = c/);
    expect(m.targets.every((t) => t.pass === true)).toBe(true);
    const b = cardSummary(info('brackets', card('brackets')), null);
    expect(b.targets.length).toBeGreaterThan(0);
    expect(b.causal).toEqual([]);
  });

  it('shows a model without a card by its configuration, and ignores hostile or mistyped fields', () => {
    const bare = cardSummary(info('gpt2', null), 'gpt2 (your files)');
    expect(bare.title).toBe('gpt2 (your files)');
    expect(bare.note).toMatch(/without a model card/);
    expect(bare.training).toEqual([]);
    expect(bare.targets).toEqual([]);
    const hostile = JSON.parse('{"title": 5, "__proto__": {"polluted": true}, "training": {"steps": "many", "seed": 3}, "targets": [{"metric": 1}, {"metric": "ok", "max": 0.1, "value": null}], "causal": {"readings": [{}]}}');
    const s = cardSummary(info('x', hostile), null);
    expect(s.title).toBe('x');
    expect(s.training).toEqual([['seed', '3']]);
    expect(s.targets).toEqual([{ metric: 'ok', description: '', bound: '≤ 0.1', value: '–', pass: null }]);
    expect(s.causal).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
