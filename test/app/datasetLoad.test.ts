// Getting prompts into the store through the prompt-file reader (here on this thread, as in browsers
// without workers): a large file becomes a hash reference with its text stored, a link's stored text is
// checked against the hash the reader took, and of two reads in flight only the later one lands.
import { describe, expect, it } from 'vitest';
import { contentHash, memoryDatasetStore, type StoredDataset } from '../../src/data/dataset';
import { MAX_INLINE_DATASET_BYTES } from '../../src/data/urlState';
import { loadRef, openFile, openText, type DatasetEnv } from '../../src/app/datasetLoad';
import { createStore, initialState } from '../../src/app/store';
import type { Catalog } from '../../src/app/catalog';
import { mainThreadParser, type PromptParser } from '../../src/workers/parseClient';

const CATALOG: Catalog = { models: [] };

function env(parser: PromptParser = mainThreadParser()): DatasetEnv & { stored: StoredDataset[] } {
  const datasets = memoryDatasetStore();
  const stored: StoredDataset[] = [];
  return {
    store: createStore(initialState()), base: '/', parser, stored,
    datasets: { get: datasets.get, put: (entry) => { stored.push(entry); return datasets.put(entry); } },
  };
}

const largeCsv = (rows: number) => `text,label\n${Array.from({ length: rows }, (_, i) => `prompt number ${i} is here,${i % 2}`).join('\n')}\n`;

describe('loading prompts through the reader', () => {
  it('makes a dropped file over the inline limit a hash reference, with its text stored under that hash', async () => {
    const e = env();
    const text = largeCsv(3000);
    expect(text.length).toBeGreaterThan(MAX_INLINE_DATASET_BYTES);
    await openFile(e, new File([text], 'big.csv'));
    const s = e.store.getState();
    expect(s.dataset?.rows).toHaveLength(3000);
    expect(s.dataset?.contentHash).toBe(contentHash(text));
    expect(s.view.dataset).toEqual({ kind: 'hash', hash: contentHash(text), name: 'big.csv', rows: 3000 });
    expect(e.stored).toEqual([{ hash: contentHash(text), name: 'big.csv', text }]);
  });

  it('fails a link whose stored text does not match its hash, saying which file to drop', async () => {
    const e = env();
    const text = largeCsv(10);
    const ref = { kind: 'hash' as const, hash: contentHash(text), name: 'set.csv', rows: 10 };
    await e.datasets.put({ hash: ref.hash, name: 'set.csv', text: `${text}tampered,1\n` });
    await loadRef(e, ref, 'm', CATALOG);
    expect(e.store.getState().dataset).toBeNull();
    expect(e.store.getState().warnings).toEqual(['This link uses the dataset "set.csv" (10 prompts), which is not stored in this browser; drop that file on the page to open the view with it']);
    await e.datasets.put({ hash: ref.hash, name: 'set.csv', text });
    await loadRef(e, ref, 'm', CATALOG);
    expect(e.store.getState().dataset?.rows).toHaveLength(10);
  });

  it('says which file it is reading, and drops a read that finishes after a newer one', async () => {
    const inner = mainThreadParser();
    const slowFirst: PromptParser = {
      fallbackReason: inner.fallbackReason,
      dispose: () => undefined,
      parse: (input) => (input.kind === 'text' && input.name === 'first.csv' ? new Promise((r) => setTimeout(r, 30)).then(() => inner.parse(input)) : inner.parse(input)),
    };
    const e = env(slowFirst);
    const first = openText(e, 'text\nfirst one\n', 'first.csv', 'paste');
    expect(e.store.getState().reading).toBe('first.csv');
    await openText(e, 'text\nsecond one\n', 'second.csv', 'paste');
    await first;
    expect(e.store.getState()).toMatchObject({ reading: null, dataset: { name: 'second.csv' } });
  });

  it('refuses a file over the size limit before reading it', async () => {
    const e = env();
    const huge = { name: 'huge.csv', size: 60 * 1024 * 1024, arrayBuffer: () => { throw new Error('read'); } } as unknown as File;
    await openFile(e, huge);
    expect(e.store.getState().fileError).toBe('huge.csv is 60 MB, over the 50 MB limit for prompt files; split it or keep fewer rows');
  });
});
