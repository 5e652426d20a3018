// Shared helpers for the explorer e2e files: mount <App/> into the page, wait on data-testids, capture the
// app's downloads (coordinates / probe CSV), and read the engine's tensor counts through the app's
// test-only hook (src/app/testHook.ts).
import { userEvent } from 'vitest/browser';
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { App } from '../../src/app/App';

// --- engine worker capture (before any <App/> is rendered), for tests that listen to the worker ---
const workers: Worker[] = [];
const RealWorker = window.Worker;
class SpyWorker extends RealWorker {
  constructor(url: string | URL, options?: WorkerOptions) {
    super(url, options);
    // The page also starts a parse worker; only the engine's is kept here.
    if (options?.name === 'repscope-engine') workers.push(this);
  }
}
window.Worker = SpyWorker as typeof Worker;

// --- download capture: saveDownload makes an object URL for the blob and clicks a download link ---
const blobs: Blob[] = [];
const realCreate = URL.createObjectURL.bind(URL);
URL.createObjectURL = (obj: Blob | MediaSource) => {
  if (obj instanceof Blob) blobs.push(obj);
  return realCreate(obj);
};
const realClick = HTMLAnchorElement.prototype.click;
HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
  if (this.download) return; // keep the browser from actually saving the file
  realClick.call(this);
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Mounted {
  host: HTMLElement;
  q: (id: string) => HTMLElement | null;
  unmount: () => Promise<void>;
  waitFor: <T>(probe: () => T | null | undefined | false, what: string, ms?: number) => Promise<T>;
}

export function mountApp(): Mounted {
  const host = document.createElement('div');
  document.body.style.margin = '0';
  document.body.appendChild(host);
  const root: Root = createRoot(host);
  flushSync(() => root.render(<App />));
  const q = (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  async function waitFor<T>(probe: () => T | null | undefined | false, what: string, ms = 240_000): Promise<T> {
    const t0 = performance.now();
    for (;;) {
      const v = probe();
      if (v) return v;
      if (performance.now() - t0 > ms) throw new Error(`timed out waiting for ${what}; the page says: ${host.textContent?.slice(0, 600)}`);
      await sleep(50);
    }
  }
  return {
    host, q, waitFor,
    async unmount() {
      root.unmount();
      host.remove();
      await sleep(50); // the controller stops (and disposes the worker) on a 0 ms timer
    },
  };
}

export const points = (m: Mounted) => Number(m.q('scatter')?.getAttribute('data-points') ?? 0);
export const idle = (m: Mounted) => !!m.q('progress')?.textContent?.includes('idle');
export const probeDrawn = (m: Mounted) => !!m.q('probe-chart')?.querySelector('path.rs-probe');

/** Waits for the scatter with points, the probe line and the engine to be idle (twice, 300 ms apart). */
export async function settle(m: Mounted, ms = 240_000): Promise<void> {
  for (let i = 0; i < 2; i++) {
    await m.waitFor(() => points(m) > 0 && probeDrawn(m) && idle(m), 'the scatter, the probe line and an idle engine', ms);
    await sleep(300);
  }
}

/** Picks an item of the header's Export menu and returns the text of the file it would save. */
export async function exportText(m: Mounted, label: RegExp): Promise<string> {
  const menu = m.host.querySelector<HTMLElement>('header [data-testid="export-menu"]')!;
  const before = blobs.length;
  menu.querySelector<HTMLButtonElement>('button[aria-haspopup="menu"]')!.click();
  const item = await m.waitFor(() => [...menu.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')].find((b) => label.test(b.textContent ?? '')), `the export item ${label}`);
  if (item.disabled) throw new Error(`export ${label} is unavailable: ${item.title}`);
  item.click();
  await m.waitFor(() => blobs.length > before || menu.querySelector('[role="alert"]'), `the ${label} download`, 60_000);
  const alert = menu.querySelector('[role="alert"]');
  if (blobs.length === before) throw new Error(`export ${label} failed: ${alert?.textContent}`);
  return blobs[blobs.length - 1].text();
}

export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  // Simple CSV reader (quoted fields with "" escapes and embedded commas/newlines).
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); cell = ''; out.push(row); row = [];
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); out.push(row); }
  const [header, ...rows] = out;
  return { header, rows };
}

/** The live engine worker (the last one the app started). */
export function engineWorker(): Worker {
  if (workers.length === 0) throw new Error('no engine worker was started (the engine runs on the page?)');
  return workers[workers.length - 1];
}

/** tf.memory() where the mounted app's engine runs, through window.__repscopeTest (test mode only). */
export function engineMemory(): Promise<{ numTensors: number; numBytes: number }> {
  const hook = window.__repscopeTest;
  if (!hook) throw new Error('window.__repscopeTest is missing: mount <App/> first (the hook exists only in Vite\'s test mode)');
  return hook.engineMemory();
}

export async function select(el: HTMLElement, value: string): Promise<void> {
  await userEvent.selectOptions(el as HTMLSelectElement, value);
}

export async function fill(el: HTMLElement, value: string): Promise<void> {
  // A native set + input event: works for inputs in collapsed sections, which userEvent.fill refuses.
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  setter.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  await sleep(0);
}

/** The probe settings' Seed input. */
export function probeSeedInput(m: Mounted): HTMLInputElement {
  const input = m.q('probe-seed');
  if (!(input instanceof HTMLInputElement)) throw new Error('no probe Seed input (data-testid="probe-seed")');
  return input;
}
