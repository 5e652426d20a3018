// Helpers for the charts' browser tests: mount into document.body, poll for a condition, dispatch
// pointer events at chart coordinates, and run an export through the chart's export menu.
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import type { ReactNode } from 'react';
import type { ExportedFile } from '../../../src/ui/charts';

let root: Root | null = null;
let host: HTMLDivElement | null = null;

/** Renders `ui` synchronously into a fresh element in document.body. */
export function mount(ui: ReactNode): HTMLDivElement {
  host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
  flushSync(() => root!.render(ui));
  return host;
}

export function unmount(): void {
  root?.unmount();
  host?.remove();
  root = null;
  host = null;
}

/** The first match inside the mounted element. */
export const q = <T extends Element = HTMLElement>(sel: string) => host!.querySelector<T>(sel);

export async function waitFor<T>(probe: () => T | null | undefined | false, what: string, ms = 10_000): Promise<T> {
  const t0 = performance.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (performance.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => requestAnimationFrame(r));
  }
}

/** Dispatches a pointer event at (x, y) relative to `el`'s top-left corner. */
export function pointer(el: Element, type: string, x: number, y: number, extra: PointerEventInit = {}): void {
  const r = el.getBoundingClientRect();
  el.dispatchEvent(new PointerEvent(type, { clientX: r.left + x, clientY: r.top + y, bubbles: true, pointerId: 1, button: 0, ...extra }));
}

/** Opens the export menu, picks `kind` and waits for the chart to hand the file to onExport. */
export async function exportAs(kind: 'png' | 'svg' | 'csv', files: ExportedFile[], menu = q('[data-testid="export-menu"]')!): Promise<ExportedFile> {
  const before = files.length;
  menu.querySelector<HTMLButtonElement>('button')!.click();
  const item = await waitFor(() => menu.querySelector<HTMLButtonElement>(`[data-kind="${kind}"]`), 'the export menu');
  item.click();
  await waitFor(() => files.length > before, `the ${kind} export`);
  return files[files.length - 1];
}

export const parseSvg = async (file: ExportedFile) => new DOMParser().parseFromString(await file.blob.text(), 'image/svg+xml');
