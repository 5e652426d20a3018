// The explorer in headless Chromium with the engine in a worker: the first impression with no click,
// dropping a CSV anywhere, a malformed file's line-numbered errors, and a binary file refused.
import { afterAll, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { App } from '../../src/app/App';

let root: Root | null = null;
const host = document.createElement('div');
document.body.style.margin = '0';
document.body.appendChild(host);
afterAll(() => root?.unmount());

async function waitFor<T>(probe: () => T | null | undefined | false, what: string, ms = 120_000): Promise<T> {
  const t0 = performance.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (performance.now() - t0 > ms) throw new Error(`timed out waiting for ${what}; the page says: ${host.textContent?.slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const q = (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const summary = () => q('dataset-summary')?.textContent ?? '';
const points = () => Number(q('scatter')?.getAttribute('data-points') ?? 0);

function drop(file: File): void {
  const transfer = new DataTransfer();
  transfer.items.add(file);
  q('dataset-drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
}

const ANIMALS = 'text,label\nThe cat sat on the mat,animal\nThe dog ran in the park,animal\nThe bird sang a song,animal\n' +
  'The car drove down the road,machine\nThe train left the station,machine\nThe plane flew over the sea,machine\n';

describe('the explorer', () => {
  it('opens on the default model and its first dataset, with a projection coloured by label and the probe chart', async () => {
    await page.viewport(1280, 800);
    root = createRoot(host);
    flushSync(() => root!.render(<App />));
    const models = await waitFor(() => {
      const options = [...(q('model-picker') as HTMLSelectElement | null)?.options ?? []].map((o) => o.value).filter(Boolean);
      return options.length > 0 && options;
    }, 'the model list');
    expect(models).toContain('truthworld');
    expect((q('model-picker') as HTMLSelectElement).value).toBe('truthworld');
    await waitFor(() => /\d+ prompts/.test(summary()), 'the dataset summary');
    const n = Number(/([\d,]+) prompts/.exec(summary())![1].replace(/,/g, ''));
    expect(n).toBeGreaterThan(1);
    await waitFor(() => points() > 0, 'the scatter');
    expect(points()).toBe(Math.min(n, 2000));
    expect(host.querySelectorAll('[data-testid="scatter"] .rs-legend li, [data-testid="scatter"] [data-category]').length).toBeGreaterThan(0);
    await waitFor(() => q('probe-chart')?.querySelector('path.rs-probe'), 'the probe line');
    expect(q('probe-chart')!.querySelector('.rs-majority')).not.toBeNull();
    expect(q('backend-badge')!.textContent).toMatch(/^(wasm|webgl|webgpu|cpu)$/);
    expect(q('backend-reason')!.textContent).toMatch(/^auto: \w+ fastest correct/);
    await waitFor(() => q('progress')?.textContent?.includes('idle'), 'the engine to finish', 180_000);
    await page.screenshot({ path: '../../test-artifacts/explorer-first-impression.png' });
    await waitFor(() => q('directions')?.querySelector('[data-testid="cka"]'), 'the CKA heat map');
    window.scrollTo(0, 640);
    await new Promise((r) => requestAnimationFrame(r));
    await page.screenshot({ path: '../../test-artifacts/explorer-lower.png' });
    window.scrollTo(0, 0);
  });

  it('steps the layer with the arrow keys, records each view in the URL, and goes back with Back', async () => {
    const slider = q('layer-slider') as HTMLInputElement;
    const last = Number(slider.max);
    expect(Number(slider.value)).toBe(last);
    const before = window.location.hash;
    slider.focus();
    await userEvent.keyboard('{ArrowLeft}');
    await waitFor(() => q('layer-value')?.textContent === String(last - 1), 'the layer to step down');
    await waitFor(() => window.location.hash !== before, 'the URL to follow');
    await waitFor(() => q('scatter')?.querySelector('h3')?.textContent?.startsWith(`blocks.${last - 1}.`), 'the scatter of the new layer');
    history.back();
    await waitFor(() => q('layer-value')?.textContent === String(last), 'Back to restore the layer');
    expect(window.location.hash).toBe(before);
  });

  it('loads a CSV dropped on the page, and projects its prompts', async () => {
    drop(new File([ANIMALS], 'animals.csv', { type: 'text/csv' }));
    await waitFor(() => summary().includes('animals.csv'), 'the dropped dataset');
    expect(summary()).toContain('6 prompts');
    expect(summary()).toContain('labels: label');
    await waitFor(() => points() === 6, 'six points');
    expect(window.location.hash).toMatch(/^#v1\./);
  });

  it('lists line-numbered errors of a malformed file and keeps the previous dataset until the readable rows are accepted', async () => {
    const ragged = 'text,label\ngood row one,a\ntoo,many,fields\ngood row two,b\n"never closed,b\n';
    drop(new File([ragged], 'ragged.csv', { type: 'text/csv' }));
    const errors = await waitFor(() => q('dataset-errors'), 'the error list');
    expect(errors.textContent).toMatch(/line 3/);
    expect(summary()).toContain('animals.csv');
    const accept = [...errors.querySelectorAll('button')].find((b) => /Use the \d+ readable rows/.test(b.textContent ?? ''))!;
    expect(accept.textContent).toBe('Use the 2 readable rows');
    accept.click();
    await waitFor(() => summary().includes('ragged.csv'), 'the accepted rows');
    expect(summary()).toContain('2 prompts');
    expect(q('dataset-errors')).toBeNull();
  });

  it('refuses a binary file with a message that it is not a prompt file, keeping the dataset', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    drop(new File([png], 'picture.png', { type: 'image/png' }));
    const message = await waitFor(() => q('dataset-file-error'), 'the refusal');
    expect(message.textContent).toBe('picture.png is not a prompt file: it looks like a PNG image; drop a .txt, .csv, .tsv or .jsonl file');
    expect(summary()).toContain('ragged.csv');
  });
});
