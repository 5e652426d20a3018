// Tests for datasets: identity by content hash, the fields taken from a parse, and the label helpers
// that colouring and probes use.
import { describe, expect, it } from 'vitest';
import {
  checkLinkedDataset, contentHash, datasetFromParsed, distinctLabels, isNumericLabel, labelClasses, labelValues, loadLinkedDataset,
  memoryDatasetStore, numericLabels, promptsToRun,
} from '../../src/data/dataset';
import { parsePromptFile } from '../../src/data/promptFile';

const CSV = 'text,label,score,topic\na,true,1,x\nb,false,2.5,y\nc,true,-1e-3,x\nd,,,x\ne,true,3,z\n';
const parsed = parsePromptFile(CSV, 'set.csv');
const dataset = datasetFromParsed(parsed, { name: 'set.csv', source: 'file', text: CSV });

describe('contentHash', () => {
  it('is the SHA-256 of the text, stable and sensitive to any change', () => {
    expect(contentHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(contentHash(CSV)).toBe(contentHash(`${CSV}`));
    expect(contentHash(CSV)).not.toBe(contentHash(CSV.replace('\n', '\r\n')));
  });
});

describe('datasetFromParsed', () => {
  it('names a dropped file by its hash and keeps rows, columns and text', () => {
    expect(dataset).toMatchObject({
      id: `sha256:${contentHash(CSV)}`, name: 'set.csv', source: 'file', textColumn: 'text', labelColumns: ['label', 'topic'],
      contentHash: contentHash(CSV), text: CSV,
    });
    expect(dataset.rows).toHaveLength(5);
    expect(dataset.readPosition).toBeUndefined();
  });

  it('names a built-in set by its id and keeps its reading position', () => {
    const builtin = datasetFromParsed(parsed, { name: 'Truth', source: 'builtin', text: CSV, builtinId: 'truthworld-statements', readPosition: 'last' });
    expect(builtin.id).toBe('builtin:truthworld-statements');
    expect(builtin.readPosition).toBe('last');
  });
});

describe('label helpers', () => {
  it('list values per row, missing where a row has none', () => {
    expect(labelValues(dataset.rows, 'label')).toEqual(['true', 'false', 'true', undefined, 'true']);
  });

  it('count distinct values, most frequent first, ties in text order', () => {
    expect(distinctLabels(dataset.rows, 'topic')).toEqual([{ value: 'x', count: 3 }, { value: 'y', count: 1 }, { value: 'z', count: 1 }]);
  });

  it('order numeric values by number', () => {
    expect(distinctLabels(dataset.rows, 'score').map((c) => c.value)).toEqual(['-1e-3', '1', '2.5', '3']);
  });

  it('detect numeric columns, ignoring missing values', () => {
    expect(isNumericLabel(dataset.rows, 'score')).toBe(true);
    expect(isNumericLabel(dataset.rows, 'label')).toBe(false);
    expect(isNumericLabel(dataset.rows, 'absent')).toBe(false);
    expect(Array.from(numericLabels(dataset.rows, 'score'))).toEqual([1, 2.5, -0.001, NaN, 3]);
  });

  it('give class indices for probes, -1 where a row has no label', () => {
    const { classes, indices } = labelClasses(dataset.rows, 'label');
    expect(classes).toEqual(['true', 'false']);
    expect(Array.from(indices)).toEqual([0, 1, 0, -1, 0]);
  });

  it('take the first prompts up to the run cap and say when the cap applied', () => {
    expect(promptsToRun(dataset, 2)).toMatchObject({ capped: true });
    expect(promptsToRun(dataset, 2).rows.map((r) => r.text)).toEqual(['a', 'b']);
    expect(promptsToRun(dataset, 10).capped).toBe(false);
  });
});

describe('datasets referred to by hash', () => {
  const ref = { hash: contentHash(CSV), name: 'set.csv', rows: 5 };

  it('load from the store when the text is there and matches its hash', async () => {
    const store = memoryDatasetStore();
    await store.put({ hash: ref.hash, name: 'set.csv', text: CSV });
    expect(await loadLinkedDataset(ref, store)).toEqual({ ok: true, name: 'set.csv', text: CSV });
  });

  it('say which file to drop when the dataset is absent', async () => {
    expect(await loadLinkedDataset(ref, memoryDatasetStore())).toEqual({
      ok: false,
      message: 'This link uses the dataset "set.csv" (5 prompts), which is not stored in this browser; drop that file on the page to open the view with it',
    });
  });

  it('treat a stored entry of the wrong shape or hash as absent', async () => {
    const store = memoryDatasetStore();
    await store.put({ hash: ref.hash, name: 'set.csv', text: `${CSV}tampered` });
    expect((await loadLinkedDataset(ref, store)).ok).toBe(false);
    const odd = { get: async () => ({ text: 42 }), put: async () => undefined };
    expect((await loadLinkedDataset(ref, odd)).ok).toBe(false);
  });

  it('leave the hash check to a caller that takes the hash itself, but still refuse an entry of the wrong shape', async () => {
    const store = memoryDatasetStore();
    await store.put({ hash: ref.hash, name: 'set.csv', text: `${CSV}tampered` });
    expect(await loadLinkedDataset(ref, store, false)).toEqual({ ok: true, name: 'set.csv', text: `${CSV}tampered` });
    expect((await loadLinkedDataset(ref, { get: async () => ({ text: 42 }), put: async () => undefined }, false)).ok).toBe(false);
  });

  it('say so when the store cannot be read', async () => {
    const failing = { get: () => Promise.reject(new Error('denied')), put: async () => undefined };
    const r = await loadLinkedDataset({ ...ref, rows: 0 }, failing);
    expect(r).toEqual({
      ok: false,
      message: 'This link uses the dataset "set.csv", which is not stored in this browser; drop that file on the page to open the view with it (this browser does not allow stored data here)',
    });
  });

  it('check that a dropped file is the one the link was made with', () => {
    expect(checkLinkedDataset(ref, CSV, 'set.csv')).toBeNull();
    expect(checkLinkedDataset(ref, 'other', 'other.csv')).toBe(
      '"other.csv" is not the file this link was made with (its contents differ from "set.csv"); drop the original file, or keep it to explore it without the link\'s view',
    );
  });
});
