// The engine's smoke-test page in headless Chromium: backend shown with its reason, tokens with ids,
// a sorted top 10, and the same top 10 after the backend override reloads the model on cpu.
import { afterAll, describe, expect, it } from 'vitest';
import { createRoot, type Root } from 'react-dom/client';
import { act } from 'react';
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

describe('the smoke-test page', () => {
  it('shows the backend, the prompt\'s GPT-2 tokens and a sorted top 10 of next tokens', async () => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
    root = createRoot(host);
    act(() => root!.render(<App />));
    await waitFor(() => host.querySelectorAll('[data-testid="top-tokens"] tbody tr').length === 10, 'the top-10 table');
    expect(q('backend-badge')!.textContent).toMatch(/^(wasm|webgl|webgpu|cpu)$/);
    expect(q('backend-reason')!.textContent).toMatch(/^auto: \w+ fastest correct/);
    const ids = [...host.querySelectorAll('[data-testid="tokens"] .token-id')].map((e) => Number(e.textContent));
    // "The quick brown fox jumps over the" in GPT-2 BPE.
    expect(ids).toEqual([464, 2068, 7586, 21831, 18045, 625, 262]);
    const probs = [...host.querySelectorAll('[data-testid="top-tokens"] .prob')].map((e) => parseFloat(e.textContent!));
    expect(probs.every((p, i) => i === 0 || p <= probs[i - 1])).toBe(true);
    expect(probs[0]).toBeGreaterThan(0);
  });

  it('switches to the cpu backend on request and shows the same top tokens', async () => {
    const before = [...host.querySelectorAll('[data-testid="top-tokens"] tbody tr td:nth-child(3)')].map((e) => e.textContent);
    const select = q('backend-select') as HTMLSelectElement;
    act(() => {
      select.value = 'cpu';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await waitFor(() => q('backend-badge')!.textContent === 'cpu', 'the cpu badge');
    await waitFor(() => q('backend-reason')!.textContent!.startsWith('cpu as requested'), 'the cpu reason');
    await new Promise((r) => setTimeout(r, 500));
    const after = await waitFor(() => {
      const rows = [...host.querySelectorAll('[data-testid="top-tokens"] tbody tr td:nth-child(3)')].map((e) => e.textContent);
      return rows.length === 10 ? rows : null;
    }, 'the top-10 on cpu');
    expect(after).toEqual(before);
    expect(q('engine-error')).toBeNull();
  });
});
