// The engine check (the Engine tab) in headless Chromium, the engine in a worker: the default model's card,
// backend shown with its reason, tokens with ids, a sorted top 10, and the same top 10 after the backend override reloads the
// model on cpu.
import { afterAll, describe, expect, it } from 'vitest';
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { App } from '../../src/app/App';

let root: Root | null = null;
const host = document.createElement('div');
document.body.appendChild(host);
afterAll(() => root?.unmount());

async function waitFor<T>(probe: () => T | null | undefined | false, what: string, ms = 60_000): Promise<T> {
  const t0 = performance.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (performance.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const q = (id: string) => host.querySelector(`[data-testid="${id}"]`);
const topIds = () => [...host.querySelectorAll('[data-testid="top-tokens"] tbody tr td:nth-child(3)')].map((e) => e.textContent);

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('the smoke-test page', () => {
  it('shows the backend, the prompt\'s GPT-2 tokens and a sorted top 10 of next tokens', async () => {
    root = createRoot(host);
    flushSync(() => root!.render(<App />));
    (q('tab-engine') as HTMLButtonElement).click();
    // The default organism's card: its title, and one row per evaluation target with the measured value.
    const card = (await (await fetch('/models/truthworld/card.json')).json()) as { title: string; targets: { metric: string; value: number }[] };
    await waitFor(() => q('model-card')?.querySelector('h2')?.textContent === card.title, 'the truthworld card');
    const rows = [...host.querySelectorAll('[data-testid="card-targets"] tbody tr')];
    expect(rows.map((r) => r.querySelector('.mono')!.textContent)).toEqual(card.targets.map((t) => t.metric));
    expect(rows.map((r) => Number(r.children[2].textContent))).toEqual(card.targets.map((t) => t.value));
    const picker = await waitFor(() => {
      const p = q('model-picker') as HTMLSelectElement | null;
      return p && [...p.options].some((o) => o.value === 'tiny-gpt2') && p;
    }, 'tiny-gpt2 in the model menu');
    choose(picker, 'tiny-gpt2');
    await waitFor(() => q('prediction-backend') && host.querySelectorAll('[data-testid="top-tokens"] tbody tr').length === 10 && (q('model-picker') as HTMLSelectElement).value === 'tiny-gpt2', 'the top-10 table');
    expect(q('backend-badge')!.textContent).toMatch(/^(wasm|webgl|webgpu|cpu)$/);
    expect(q('backend-reason')!.textContent).toMatch(/^auto: \w+ fastest correct/);
    expect((q('prompt-input') as HTMLTextAreaElement).value).toBe('The quick brown fox jumps over the');
    const ids = [...host.querySelectorAll('[data-testid="tokens"] .token-id')].map((e) => Number(e.textContent));
    // "The quick brown fox jumps over the" in GPT-2 BPE.
    expect(ids).toEqual([464, 2068, 7586, 21831, 18045, 625, 262]);
    const probs = [...host.querySelectorAll('[data-testid="top-tokens"] .prob')].map((e) => parseFloat(e.textContent!));
    expect(probs.every((p, i) => i === 0 || p <= probs[i - 1])).toBe(true);
    expect(probs[0]).toBeGreaterThan(0);
  });

  it('switches to the cpu backend on request and shows the same top tokens', async () => {
    const before = topIds();
    expect(q('prediction-backend')!.textContent).not.toBe('cpu');
    choose(q('backend-select') as HTMLSelectElement, 'cpu');
    await waitFor(() => q('backend-badge')!.textContent === 'cpu', 'the cpu badge');
    await waitFor(() => q('backend-reason')!.textContent!.startsWith('cpu as requested'), 'the cpu reason');
    await waitFor(() => q('prediction-backend')?.textContent === 'cpu' && topIds().length === 10, 'the top-10 computed on cpu');
    expect(topIds()).toEqual(before);
    expect(q('engine-error')).toBeNull();
  });
});
