// GPT-2 small from the user's files, end to end in headless Chromium (wasm): a checkpoint with GPT-2 small's
// exact names, shapes and config, seeded random values, dropped on the page as model.safetensors +
// config.json. Progress in bytes shows while the worker reads it; the model has GPT-2 small's parameter
// count, reads prompts with GPT-2's BPE and its next-token probabilities match an independent float64
// forward pass. A truncated 548 MB-class file is then named in the error and the loaded model keeps working.
import { afterAll, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { defaultViewState, encodeViewState } from '../../src/data/urlState';
import { formatByteProgress } from '../../src/data/bytes';
import { engineMemory, engineWorker, mountApp, type Mounted } from './explorerHarness';
import { GPT2_SMALL_PARAMETERS, configFile } from './gpt2SmallCheckpoint';
import { referenceLogits, softmax } from './gpt2Reference';

const SEED = 20240;
/** "The quick brown fox jumps over the" (the Engine tab's default prompt) in GPT-2's BPE. */
const FOX_IDS = [464, 2068, 7586, 21831, 18045, 625, 262];
/** From Hugging Face's GPT-2 greedy golden: "The dog was found in a field near the intersection of West". */
const DOG_TEXT = 'The dog was found in a field near the intersection of West';
const DOG_IDS = [464, 3290, 373, 1043, 287, 257, 2214, 1474, 262, 16246, 286, 2688];

const heap = () => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;

let m: Mounted;
let weights: File;
let builder: Worker | null = null;
afterAll(async () => {
  await m?.unmount();
  builder?.terminate();
});

/** The next-token top k straight from the app's engine worker (full float precision). */
function enginePredict(text: string, k: number): Promise<{ tokens: { id: number }[]; top: { id: number; prob: number }[] }> {
  const w = engineWorker();
  const id = 2_000_000_000 + k;
  return new Promise((resolve, reject) => {
    const on = (e: MessageEvent) => {
      if (e.data?.id !== id || e.data.type === 'progress') return;
      w.removeEventListener('message', on);
      if (e.data.type === 'result') resolve(e.data.result);
      else reject(new Error(e.data.message));
    };
    w.addEventListener('message', on);
    w.postMessage({ type: 'run', id, job: { kind: 'predict', text, k } });
  });
}

/** The app's top probabilities against the float64 reference; returns the worst relative error. */
function compareWithReference(top: { id: number; prob: number }[], ids: number[]): number {
  const probs = softmax(referenceLogits(ids, SEED));
  const order = Array.from(probs.keys()).sort((a, b) => probs[b] - probs[a]);
  let worst = 0;
  for (const t of top) worst = Math.max(worst, Math.abs(t.prob - probs[t.id]) / probs[t.id]);
  expect(worst).toBeLessThan(2e-3);
  const kth = probs[order[top.length - 1]];
  for (const t of top) expect(probs[t.id]).toBeGreaterThanOrEqual(kth * (1 - 2e-3));
  expect(top[0].id).toBe(order[0]);
  console.log(`[gpt2] reference top-5 ${order.slice(0, 5).map((i) => `${i}:${probs[i].toFixed(5)}`).join(' ')}; app ${top.slice(0, 5).map((t) => `${t.id}:${t.prob.toFixed(5)}`).join(' ')}; worst relative error ${worst.toExponential(2)}`);
  return worst;
}

const shownIds = (sel: string) => [...m.host.querySelectorAll(sel)].map((e) => Number(e.textContent));
const tableReady = (ids: number[]) => shownIds('[data-testid="tokens"] .token-id').join() === ids.join() && shownIds('[data-testid="top-tokens"] tbody td:nth-child(3)').length === 10 && !m.host.querySelector('.engine h3 .muted.small:last-child')?.textContent?.includes('computing');

/** The checkpoint, built in a worker of its own; call before mountApp (the harness takes the last worker as the engine). */
function buildCheckpoint(seed: number): Promise<File> {
  const w = (builder = new Worker(new URL('./gpt2SmallWorker.ts', import.meta.url), { type: 'module' }));
  return new Promise<File>((resolve, reject) => {
    w.onmessage = (e: MessageEvent<File>) => resolve(e.data);
    w.onerror = (e) => reject(new Error(`the checkpoint worker failed: ${e.message}`));
    w.postMessage({ seed });
  });
}

/** The JS memory of this page and its workers after a garbage collection (wasm memory not included), or null where Chromium cannot tell. */
async function agentMemory(): Promise<{ bytes: number; largest: number; text: string } | null> {
  const measure = (performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number; breakdown: { bytes: number; attribution: { scope: string }[] }[] }> }).measureUserAgentSpecificMemory;
  if (!measure || !crossOriginIsolated) return null;
  const r = await measure.call(performance);
  const parts = r.breakdown.filter((b) => b.bytes > 1e6).map((b) => `${b.attribution.map((a) => a.scope).join('+') || 'shared'} ${mb(b.bytes)}`);
  return { bytes: r.bytes, largest: Math.max(0, ...r.breakdown.map((b) => b.bytes)), text: `${mb(r.bytes)} (${parts.join(', ')})` };
}

function dropFiles(files: File[]): void {
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
}

describe('a GPT-2 small checkpoint from the user\'s files', () => {
  it('loads with progress in bytes, has GPT-2 small\'s parameters and matches a float64 forward pass', async () => {
    let t0 = performance.now();
    weights = await buildCheckpoint(SEED);
    console.log(`[gpt2] built model.safetensors: ${weights.size} bytes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(weights.size).toBeGreaterThan(548e6);
    history.replaceState(null, '', `${location.pathname}${location.search}#${encodeViewState({ ...defaultViewState(), backend: 'wasm', maxPrompts: 8 })}`);
    m = mountApp();
    (m.q('tab-engine') as HTMLButtonElement).click();
    await m.waitFor(() => m.q('backend-badge')?.textContent === 'wasm' && m.q('top-tokens')?.querySelectorAll('tbody tr').length === 10, 'the default model on wasm');
    const before = (m.q('model-picker') as HTMLSelectElement).value;

    const texts: string[] = [];
    const seen = new MutationObserver(() => texts.push(m.q('progress')?.textContent ?? ''));
    seen.observe(m.host, { subtree: true, childList: true, characterData: true });
    const baseline = heap();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, heap())), 25);
    t0 = performance.now();
    dropFiles([configFile(), weights]);
    await m.waitFor(() => m.q('engine-error') || ((m.q('model-picker') as HTMLSelectElement).value === 'gpt2' && m.q('engine-model')?.textContent?.includes('parameters')), 'gpt2 loaded');
    expect(m.q('engine-error')?.textContent ?? null).toBeNull();
    const loadS = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    seen.disconnect();

    const weightBytes = 4 * GPT2_SMALL_PARAMETERS; // float32; the file's attention-mask buffers are not read
    const total = formatByteProgress(weightBytes, weightBytes).split(' of ')[1];
    const reading = texts.filter((t) => t.includes('Loading gpt2: Reading the weights in model.safetensors, ') && t.includes(` of ${total}`));
    console.log(`[gpt2] load ${loadS.toFixed(1)} s; ${reading.length} progress texts in bytes, e.g. "${reading[Math.floor(reading.length / 2)]}"; page JS heap ${mb(baseline)} before, peak ${mb(peak)} while loading`);
    expect(reading.some((t) => !t.includes(`, ${total.split(' ')[0]} of`))).toBe(true);
    expect(peak - baseline).toBeLessThan(weights.size / 4);
    expect(before).not.toBe('gpt2');
    expect(m.q('engine-model')!.textContent).toContain(`(${GPT2_SMALL_PARAMETERS.toLocaleString('en-US')}) parameters`);
    // Neither the page nor the engine worker keeps the file's bytes once the weights are on the backend.
    const js = await agentMemory();
    console.log(`[gpt2] JS memory of the page and its workers after the load: ${js?.text ?? 'not measurable here'}`);
    // Per scope: the total also counts what earlier test files left in this browser, which varies from run to run.
    if (js) expect(js.largest).toBeLessThan(weights.size / 4);

    await m.waitFor(() => tableReady(FOX_IDS), 'the top 10 for the default prompt', 300_000);
    const app = await enginePredict('The quick brown fox jumps over the', 10);
    expect(app.tokens.map((t) => t.id)).toEqual(FOX_IDS);
    expect(shownIds('[data-testid="top-tokens"] tbody td:nth-child(3)')).toEqual(app.top.map((t) => t.id));
    t0 = performance.now();
    compareWithReference(app.top, FOX_IDS);
    console.log(`[gpt2] float64 reference for ${FOX_IDS.length} tokens: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }, 600_000);

  it('names a truncated model.safetensors and keeps the loaded model working', async () => {
    const tensors = (await engineMemory()).numTensors;
    const cut = new File([weights.slice(0, weights.size - 1_000_000)], 'model.safetensors');
    const picker = m.q('model-files-input') as HTMLInputElement;
    const dt = new DataTransfer();
    [configFile(), cut].forEach((f) => dt.items.add(f));
    picker.files = dt.files;
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    const error = await m.waitFor(() => m.q('engine-error')?.textContent, 'the load error', 300_000);
    console.log(`[gpt2] truncated file: ${error}`);
    expect(error).toMatch(/^Could not load gpt2-2: model\.safetensors: tensor "wte\.weight" has data_offsets \[\d+, \d+\] running past the end of the data section \(\d+ bytes\); is the file truncated\?$/);
    expect((m.q('model-picker') as HTMLSelectElement).value).toBe('gpt2');
    expect(m.q('engine-model')!.textContent).toContain(GPT2_SMALL_PARAMETERS.toLocaleString('en-US'));
    expect((await engineMemory()).numTensors).toBe(tensors);

    await userEvent.fill(m.q('prompt-input')!, DOG_TEXT);
    await m.waitFor(() => tableReady(DOG_IDS), 'the top 10 for the new prompt', 300_000);
    const app = await enginePredict(DOG_TEXT, 10);
    expect(app.tokens.map((t) => t.id)).toEqual(DOG_IDS);
    compareWithReference(app.top, DOG_IDS);
  }, 600_000);
});
