// The scatter plot in headless Chromium with 20,000 points: points drawn, hover, pin, lasso, legend
// (mouse and keyboard), zoom, and PNG/SVG/CSV exports, each checked against an independent computation.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { ScatterPlot, type ExportedFile } from '../../src/ui/charts';
import { exportLegendWidth } from '../../src/ui/charts/scatterExport';
import { categoryCounts, layoutScatter } from '../../src/ui/charts/scatterLayout';
import { nearestPointBruteForce } from '../../src/ui/charts/spatialIndex';
import { exportAs, mount, pointer, q, unmount, waitFor } from '../ui/charts/harness';
import { clusters, prompt } from '../ui/charts/synthetic';

afterEach(unmount);

const N = 20_000;
const NAMES = ['alpha', 'beta', 'gamma', 'delta'];
const data = clusters(N, 4, 42, 1);
const describePoint = (i: number) => {
  const p = prompt(i), pre = `#${i}: `;
  return { text: pre + p.text, highlight: [p.highlight[0] + pre.length, p.highlight[1] + pre.length] as [number, number], label: NAMES[data.categories[i]] };
};

/** The scatter's layout as the chart computed it, from the stage's on-screen size. */
function stageLayout(points = data.points) {
  const r = q('.rs-stage')!.getBoundingClientRect();
  return layoutScatter(points, { width: r.width, height: r.height });
}

function scatter(props: Partial<Parameters<typeof ScatterPlot>[0]> = {}) {
  return <ScatterPlot points={data.points} categories={data.categories} categoryNames={NAMES} tooltip={describePoint} width={900} height={560} animate={false} axisLabels={['PC1 (23.4%)', 'PC2 (11.0%)']} {...props} />;
}

describe('ScatterPlot', () => {
  it('draws all 20,000 points and says so in data-points', async () => {
    mount(scatter());
    const chart = q('[data-testid="scatter"]')!;
    expect(chart.getAttribute('data-points')).toBe(String(N));
    const canvas = q<HTMLCanvasElement>('canvas')!;
    const painted = await waitFor(() => {
      const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
      return n > 5000 ? n : 0;
    }, 'painted points');
    expect(painted).toBeGreaterThan(5000);
  });

  it('shows the prompt of the point under the pointer with its read token marked', async () => {
    mount(scatter());
    const layout = stageLayout();
    const all = Array.from({ length: N }, (_, i) => i);
    for (const i of [7, 4321, 19999]) {
      const [x, y] = [layout.pixels[2 * i], layout.pixels[2 * i + 1]];
      const expected = nearestPointBruteForce(layout.pixels, all, x, y, 8);
      pointer(q('.rs-hit')!, 'pointermove', x, y);
      const tip = await waitFor(() => q('[data-testid="scatter-tooltip"]')?.textContent?.includes(`#${expected}:`) && q('[data-testid="scatter-tooltip"]')!, `tooltip of #${expected}`);
      expect(tip.querySelector('mark')!.textContent).toBe('Answer');
      expect(tip.querySelector('.rs-tooltip-label')!.textContent).toBe(NAMES[data.categories[expected]]);
    }
    // React derives pointerleave from pointerout with the element left for.
    pointer(q('.rs-hit')!, 'pointerout', -5, -5, { relatedTarget: document.body });
    await waitFor(() => !q('[data-testid="scatter-tooltip"]'), 'the tooltip to go');
  });

  it('pins the clicked point and unpins on a click in empty space', async () => {
    const onPin = vi.fn();
    mount(scatter({ onPin }));
    const layout = stageLayout();
    const all = Array.from({ length: N }, (_, i) => i);
    const [x, y] = [layout.pixels[2 * 99], layout.pixels[2 * 99 + 1]];
    const expected = nearestPointBruteForce(layout.pixels, all, x, y, 8);
    pointer(q('.rs-hit')!, 'pointerdown', x, y);
    pointer(q('.rs-hit')!, 'pointerup', x, y);
    expect(onPin).toHaveBeenLastCalledWith(expected);
    await waitFor(() => q('[data-testid="scatter-pinned"]')?.textContent?.includes(`#${expected}:`), 'the pinned card');
    pointer(q('.rs-hit')!, 'pointerdown', layout.plot.left + 2, layout.plot.top + 2);
    pointer(q('.rs-hit')!, 'pointerup', layout.plot.left + 2, layout.plot.top + 2);
    expect(onPin).toHaveBeenLastCalledWith(null);
  });

  it('selects exactly the points inside a lasso drag', async () => {
    const onSelect = vi.fn();
    mount(scatter({ onSelect }));
    [...document.querySelectorAll('button')].find((b) => b.textContent === 'Lasso')!.click();
    await waitFor(() => q('.rs-hit-lasso'), 'lasso mode');
    const layout = stageLayout();
    const { left, top, width, height } = layout.plot;
    const poly: [number, number][] = [[0.2, 0.2], [0.55, 0.15], [0.7, 0.5], [0.45, 0.8], [0.25, 0.6]].map(([a, b]) => [left + a * width, top + b * height]);
    const hit = q('.rs-hit')!;
    pointer(hit, 'pointerdown', ...poly[0]);
    for (const v of poly.slice(1)) pointer(hit, 'pointermove', ...v);
    pointer(hit, 'pointerup', ...poly[poly.length - 1]);
    const inside = (x: number, y: number) => {
      let c = false;
      for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
        const [xi, yi] = poly[i], [xj, yj] = poly[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
      }
      return c;
    };
    const expected = Array.from({ length: N }, (_, i) => i).filter((i) => inside(layout.pixels[2 * i], layout.pixels[2 * i + 1]));
    expect(expected.length).toBeGreaterThan(500);
    expect(onSelect).toHaveBeenCalledTimes(1);
    expect(onSelect.mock.calls[0][0]).toEqual(expected);
    await waitFor(() => q('.rs-chart-readout')!.textContent!.includes(`${expected.length.toLocaleString('en-US')} selected`), 'the selection count');
  });

  it('hides a class from the legend, drawing exactly that many fewer points', async () => {
    const onHidden = vi.fn();
    mount(scatter({ onHiddenCategoriesChange: onHidden }));
    const beta = [...data.categories].filter((c) => c === 1).length;
    const item = q<HTMLButtonElement>('[data-category="1"]')!;
    item.click();
    await waitFor(() => q('[data-testid="scatter"]')!.getAttribute('data-points') === String(N - beta), 'fewer points');
    expect(item.getAttribute('aria-pressed')).toBe('false');
    expect(onHidden).toHaveBeenLastCalledWith(new Set([1]));
    item.click();
    await waitFor(() => q('[data-testid="scatter"]')!.getAttribute('data-points') === String(N), 'all points again');
  });

  it('lets the keyboard reach and toggle legend items', async () => {
    mount(scatter());
    q<HTMLButtonElement>('[data-category="0"]')!.focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(document.activeElement!.getAttribute('data-category')).toBe('1');
    await userEvent.keyboard('{Enter}');
    await waitFor(() => q('[data-category="1"]')!.getAttribute('aria-pressed') === 'false', 'Enter to hide beta');
    await userEvent.keyboard('{ArrowDown} ');
    await waitFor(() => q('[data-category="2"]')!.getAttribute('aria-pressed') === 'false', 'Space to hide gamma');
    await userEvent.tab();
    expect(document.activeElement!.getAttribute('data-category')).toBe('3');
  });

  it('zooms about the cursor with the wheel and keeps every point', async () => {
    mount(scatter());
    const hit = q('.rs-hit')!, r = hit.getBoundingClientRect();
    const ticksBefore = [...document.querySelectorAll('.rs-axis-x .rs-tick-label')].map((t) => t.textContent).join(' ');
    hit.dispatchEvent(new WheelEvent('wheel', { deltaY: -300, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true }));
    await waitFor(() => /zoom \d/.test(q('.rs-chart-readout')!.textContent!), 'the zoom readout');
    expect([...document.querySelectorAll('.rs-axis-x .rs-tick-label')].map((t) => t.textContent).join(' ')).not.toBe(ticksBefore);
    expect(q('[data-testid="scatter"]')!.getAttribute('data-points')).toBe(String(N));
    await userEvent.click(q('.rs-hit')!, { position: { x: 5, y: 5 } });
    await userEvent.keyboard('0');
    await waitFor(() => !/zoom \d/.test(q('.rs-chart-readout')!.textContent!), 'reset with 0');
  });

  it('repaints 20,000 points for each zoom step within a frame budget', async () => {
    mount(scatter());
    const hit = q('.rs-hit')!, r = hit.getBoundingClientRect();
    // Dispatch one wheel step per animation frame; the interval between frames is what a user sees.
    const stamps: number[] = [];
    await new Promise<void>((done) => {
      const step = (now: number) => {
        stamps.push(now);
        if (stamps.length > 30) return done();
        hit.dispatchEvent(new WheelEvent('wheel', { deltaY: stamps.length < 15 ? -60 : 60, clientX: r.left + r.width / 3, clientY: r.top + r.height / 2, bubbles: true, cancelable: true }));
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
    const perFrame = (stamps[stamps.length - 1] - stamps[0]) / (stamps.length - 1);
    console.info(`scatter zoom: ${perFrame.toFixed(1)} ms per frame with ${N} points`);
    // Software rendering on a shared 2-core machine: a loose bound that still catches accidental O(n²) work.
    expect(perFrame).toBeLessThan(150);
  });

  it('exports SVG with one circle per visible point and the legend', async () => {
    const files: ExportedFile[] = [];
    mount(scatter({ hiddenCategories: new Set([2]), onExport: (f) => files.push(f) }));
    const visible = [...data.categories].filter((c) => c !== 2).length;
    const file = await exportAs('svg', files);
    expect(file.filename).toBe('scatter.svg');
    const doc = new DOMParser().parseFromString(await file.blob.text(), 'image/svg+xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    expect(doc.querySelectorAll('circle[data-index]').length).toBe(visible);
    expect(doc.querySelector('circle[data-index="2"]')).toBeNull(); // point 2 is in the hidden class
    expect(doc.documentElement.textContent).toContain('gamma (5000) – hidden');
    expect(doc.documentElement.textContent).toContain('PC1 (23.4%)');
  });

  it('caps SVG export at 20,000 circles and says so', async () => {
    const files: ExportedFile[] = [];
    const big = clusters(25_000, 4, 1, 1);
    mount(scatter({ points: big.points, categories: big.categories, onExport: (f) => files.push(f) }));
    const doc = new DOMParser().parseFromString(await (await exportAs('svg', files)).blob.text(), 'image/svg+xml');
    const circles = doc.querySelectorAll('circle[data-index]').length;
    expect(circles).toBeGreaterThan(19_990);
    expect(circles).toBeLessThanOrEqual(20_004);
    expect(doc.documentElement.textContent).toMatch(/Showing [\d,]+ of 25,000 points/);
  });

  it('exports a PNG of the chart at twice its size, and CSV with every point', async () => {
    const files: ExportedFile[] = [];
    mount(scatter({ onExport: (f) => files.push(f) }));
    const png = await exportAs('png', files);
    expect(png.blob.type).toBe('image/png');
    const bitmap = await createImageBitmap(png.blob);
    const stage = q('.rs-stage')!.getBoundingClientRect();
    expect(bitmap.width).toBe(2 * (stage.width + exportLegendWidth(NAMES, categoryCounts(data.categories, N, NAMES.length))));
    expect(png.blob.size).toBeGreaterThan(20_000);
    const csv = await (await exportAs('csv', files)).blob.text();
    const lines = csv.trim().split('\r\n');
    expect(lines.length).toBe(N + 1);
    expect(lines[1].startsWith(`0,${data.points[0]},${data.points[1]},alpha,0,`)).toBe(true);
  });
});
