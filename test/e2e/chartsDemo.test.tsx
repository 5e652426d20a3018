// Renders every chart together at 1280×800 with synthetic data, checks the page fits without
// overflow, and saves light and dark screenshots under test-artifacts/ for a human to look at.
import { afterAll, describe, expect, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { setTheme } from '../../src/ui/theme';
import { ChartsDemo, DEMO_POINTS } from '../ui/charts/ChartsDemo';
import type { ExportedFile } from '../../src/ui/charts';

let root: Root | null = null;
const files: ExportedFile[] = [];
const host = document.createElement('div');
document.body.style.margin = '0';
document.body.appendChild(host);
afterAll(() => {
  root?.unmount();
  setTheme(document.documentElement, 'auto');
});

const frames = (k = 3) => new Promise<void>((resolve) => {
  const step = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
  step(k);
});

describe('the chart demo page', () => {
  it('fits every chart in 1280×800 and saves a light-theme screenshot', async () => {
    await page.viewport(1280, 800);
    setTheme(document.documentElement, 'light');
    root = createRoot(host);
    flushSync(() => root!.render(<ChartsDemo />));
    await frames(5);
    expect(host.querySelector('[data-testid="scatter"]')!.getAttribute('data-points')).toBe(String(DEMO_POINTS));
    const pageBox = host.firstElementChild!.getBoundingClientRect();
    for (const chart of host.querySelectorAll('figure.rs-chart, .rs-selection')) {
      const r = chart.getBoundingClientRect();
      expect(r.right, chart.getAttribute('aria-label') ?? 'chart').toBeLessThanOrEqual(pageBox.right);
      expect(r.bottom, chart.getAttribute('aria-label') ?? 'chart').toBeLessThanOrEqual(pageBox.bottom);
    }
    expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: '../../test-artifacts/charts-demo-light.png' });
  });

  it('saves a dark-theme screenshot with hover, selection and pin showing', async () => {
    flushSync(() => root!.render(<ChartsDemo dark onExport={(f) => files.push(f)} />));
    setTheme(document.documentElement, 'dark');
    await frames(3);
    const hit = host.querySelector<HTMLElement>('.rs-hit')!;
    const r = hit.getBoundingClientRect();
    const at = (x: number, y: number) => ({ clientX: r.left + x * r.width, clientY: r.top + y * r.height, bubbles: true, pointerId: 1, button: 0 });
    hit.dispatchEvent(new PointerEvent('pointerdown', { ...at(0.62, 0.2), shiftKey: true }));
    for (const [x, y] of [[0.82, 0.22], [0.85, 0.45], [0.66, 0.5], [0.6, 0.35]]) hit.dispatchEvent(new PointerEvent('pointermove', at(x, y)));
    hit.dispatchEvent(new PointerEvent('pointerup', at(0.6, 0.35)));
    await frames(2);
    hit.dispatchEvent(new PointerEvent('pointermove', at(0.3, 0.55)));
    await frames(5);
    expect(Number(host.querySelector('.rs-selection-head strong')!.textContent!.split(' ')[0].replace(/,/g, ''))).toBeGreaterThan(0);
    await page.screenshot({ path: '../../test-artifacts/charts-demo-dark.png' });
  });

  it('shows keyboard focus on a layer column and on a legend item', async () => {
    const probe = host.querySelector<HTMLElement>('[data-testid="probe-chart"]')!;
    probe.querySelector<HTMLButtonElement>('[data-testid="export-menu"] button')!.focus();
    await userEvent.tab();
    await userEvent.keyboard('{ArrowRight}');
    expect(document.activeElement!.getAttribute('data-layer')).toBe('9');
    expect(getComputedStyle(document.activeElement!).stroke).not.toBe('none');
    await page.screenshot({ path: '../../test-artifacts/charts-focus-layer.png', element: probe });
    host.querySelector<HTMLButtonElement>('[data-category="1"]')!.focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(getComputedStyle(document.activeElement!).outlineStyle).toBe('solid');
    await page.screenshot({ path: '../../test-artifacts/charts-focus-legend.png', element: host.querySelector<HTMLElement>('.rs-legend')! });
  });

  it('exports every chart as PNG and SVG, saved for a human to look at', async () => {
    const base64 = async (b: Blob) => btoa(Array.from(new Uint8Array(await b.arrayBuffer()), (c) => String.fromCharCode(c)).join(''));
    for (const menu of host.querySelectorAll<HTMLElement>('[data-testid="export-menu"]')) {
      const name = menu.closest('figure')!.getAttribute('data-testid');
      for (const kind of ['png', 'svg'] as const) {
        const before = files.length;
        menu.querySelector('button')!.click();
        await frames(1);
        menu.querySelector<HTMLButtonElement>(`[data-kind="${kind}"]`)!.click();
        for (let k = 0; files.length === before && k < 200; k++) await frames(1);
        const file = files[files.length - 1];
        expect(file.blob.size, `${name} ${kind}`).toBeGreaterThan(1000);
        if (kind === 'png') await commands.writeFile(`test-artifacts/export-${name}.png`, await base64(file.blob), 'base64');
        else await commands.writeFile(`test-artifacts/export-${name}.svg`, await file.blob.text());
      }
    }
    expect(files.length).toBe(12);
  });
});
