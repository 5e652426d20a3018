// The catalog of built-in models and prompt sets: which model opens first, titles from cards, prompt
// sets from the shared index (else the card's own list), and entries that cannot be trusted left out.
import { describe, expect, it } from 'vitest';
import { buildCatalog, bundledModelIds, orderModelIds, readDatasetEntry } from '../../src/app/catalog';

describe('the catalog', () => {
  it('lists the models that ship under public/models, found when the app is built', () => {
    expect(bundledModelIds()).toContain('tiny-gpt2');
  });

  it('opens on truthworld when it ships, else on tiny-gpt2, with any others after them alphabetically', () => {
    expect(orderModelIds(['zeta', 'tiny-gpt2', 'alpha', 'truthworld'])).toEqual(['truthworld', 'tiny-gpt2', 'alpha', 'zeta']);
    expect(orderModelIds(['beta', 'tiny-gpt2'])).toEqual(['tiny-gpt2', 'beta']);
  });

  it('takes titles from the cards and each model\'s prompt sets from the index, in index order', () => {
    const index = [
      { id: 'tw-b', file: 'tw-b.csv', model: 'truthworld', description: 'B', labelFields: ['label'], readPosition: 'last', rows: 4 },
      { id: 'tw-a', file: 'tw-a.jsonl', model: 'truthworld', labelFields: ['label', 'speaker'], readPosition: -2 },
    ];
    const cards = new Map<string, unknown>([['truthworld', { title: 'truthworld: facts' }], ['tiny-gpt2', { title: 'tiny' }]]);
    const catalog = buildCatalog(['tiny-gpt2', 'truthworld'], cards, index);
    expect(catalog.models.map((m) => [m.id, m.title])).toEqual([['truthworld', 'truthworld: facts'], ['tiny-gpt2', 'tiny']]);
    expect(catalog.models[0].datasets).toEqual([
      { id: 'tw-b', file: 'datasets/tw-b.csv', model: 'truthworld', description: 'B', labelFields: ['label'], readPosition: 'last', rows: 4 },
      { id: 'tw-a', file: 'datasets/tw-a.jsonl', model: 'truthworld', description: '', labelFields: ['label', 'speaker'], readPosition: -2 },
    ]);
    expect(catalog.models[1].datasets).toEqual([]);
  });

  it('falls back to the card\'s own dataset list when there is no index', () => {
    const cards = new Map<string, unknown>([['m', { datasets: [{ id: 'd', file: 'datasets/d.jsonl', labelFields: ['label'] }] }]]);
    expect(buildCatalog(['m'], cards, undefined).models[0].datasets.map((d) => d.file)).toEqual(['datasets/d.jsonl']);
  });

  it('refuses dataset entries that climb out of the datasets folder or are not prompt files', () => {
    expect(readDatasetEntry({ id: 'x', file: '../secret.csv' }, 'm')).toBeNull();
    expect(readDatasetEntry({ id: 'x', file: 'model.safetensors' }, 'm')).toBeNull();
    expect(readDatasetEntry({ file: 'a.csv' }, 'm')).toBeNull();
    expect(readDatasetEntry({ id: 'x', file: 'a.csv', readPosition: 'sideways' }, 'm')).not.toHaveProperty('readPosition');
  });
});
