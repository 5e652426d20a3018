// The organism registry: lookup by id, a helpful error for unknown ids, and the shape every organism shares.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/data/random';
import { getOrganism, organismIds } from '../../scripts/organisms/index';
import { MAX_WEIGHT_BYTES } from '../../scripts/train/writer';
import { countParameters } from '../../src/model/config';

describe('the organism registry', () => {
  it('names the known organisms when asked for an unknown one', () => {
    expect(organismIds()).toContain('truthworld');
    expect(() => getOrganism('nope')).toThrow(/unknown organism "nope": choose one of .*truthworld/);
  });

  it.each(organismIds())('%s: fits the weight budget, and samples sequences within its vocabulary and context', (id) => {
    const o = getOrganism(id);
    expect(o.id).toBe(id);
    expect(countParameters(o.config) * 4).toBeLessThanOrEqual(MAX_WEIGHT_BYTES);
    for (const e of o.sampleBatch(createRng(1), 200)) {
      expect(e.ids.length).toBe(e.lossWeights.length);
      expect(e.ids.length).toBeLessThanOrEqual(o.config.nCtx);
      expect(e.lossWeights[0]).toBe(0);
      expect(e.ids.every((t) => Number.isInteger(t) && t >= 0 && t < o.config.dVocab)).toBe(true);
    }
    for (const d of o.datasets()) {
      expect(d.file).toMatch(new RegExp(`^${id}.*\\.(jsonl|csv)$`));
      expect(d.rows.every((r) => typeof r[d.textField] === 'string' && d.labelFields.every((f) => f in r))).toBe(true);
    }
  });
});
