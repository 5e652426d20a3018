// The per-layer charts, heat maps, small multiples and chart frames in headless Chromium: layer
// choice by mouse and keyboard, readouts, exports with inlined styles, placeholders' boxes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { ChartPlaceholder, Heatmap, LineChart, ProbeChart, SmallMultiples, type ExportedFile } from '../../src/ui/charts';
import { DARK_THEME, setTheme } from '../../src/ui/theme';
import { exportAs, mount, q, unmount, waitFor } from '../ui/charts/harness';
import { ckaMatrix, clusters, probeData } from '../ui/charts/synthetic';

afterEach(() => {
  unmount();
  setTheme(document.documentElement, 'auto');
});

describe('ProbeChart', () => {
  const probe = probeData(13, 5);

  it('calls back with the clicked layer and shows its numbers', async () => {
    const onSelectLayer = vi.fn();
    mount(<ProbeChart data={probe} width={560} height={320} selectedLayer={2} onSelectLayer={onSelectLayer} />);
    expect(q('[data-testid="probe-chart"]')).not.toBeNull();
    q<SVGRectElement>('rect[data-layer="6"]')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(onSelectLayer).toHaveBeenCalledWith(6);
    expect(q('.rs-chart-readout')!.textContent).toContain(`Layer 1 · probe ${probe.probe[2].mean.toFixed(3)}`);
  });

  it('is reached by Tab and operated with arrows, Enter and Space', async () => {
    const onSelectLayer = vi.fn();
    mount(<><button type="button">before</button><ProbeChart data={probe} width={560} height={320} selectedLayer={4} onSelectLayer={onSelectLayer} /></>);
    q<HTMLButtonElement>('button')!.focus();
    await userEvent.tab();
    expect(document.activeElement!.closest('[data-testid="export-menu"]')).not.toBeNull();
    await userEvent.tab();
    expect(document.activeElement!.getAttribute('data-layer')).toBe('4');
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    expect(document.activeElement!.getAttribute('data-layer')).toBe('6');
    await waitFor(() => q('.rs-chart-readout')!.textContent!.startsWith('Layer 5'), 'the focused layer readout');
    await userEvent.keyboard('{Enter}');
    expect(onSelectLayer).toHaveBeenLastCalledWith(6);
    await userEvent.keyboard('{End} ');
    expect(onSelectLayer).toHaveBeenLastCalledWith(12);
  });

  it('exports standalone SVG with the colours inlined, and CSV per layer', async () => {
    const files: ExportedFile[] = [];
    setTheme(document.documentElement, 'dark');
    mount(<ProbeChart data={probe} width={560} height={320} onExport={(f) => files.push(f)} />);
    await new Promise((r) => requestAnimationFrame(r));
    const svg = await (await exportAs('svg', files)).blob.text();
    expect(svg).not.toContain('var(');
    expect(svg).toContain('stroke:rgb(0, 114, 178)');
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const bg = doc.querySelector('svg > rect')!;
    expect(bg.getAttribute('fill')).toBe(DARK_THEME.bg);
    expect(doc.querySelectorAll('.rs-col, [tabindex]').length).toBe(0);
    const csv = await (await exportAs('csv', files)).blob.text();
    expect(csv.trim().split('\r\n').length).toBe(14);
  });
});

describe('LineChart', () => {
  it('chooses layers on click and exports its series as CSV', async () => {
    const files: ExportedFile[] = [];
    const onSelectLayer = vi.fn();
    const layers = ['0', '1', '2', '3'];
    mount(<LineChart layers={layers} series={[{ name: 'mean difference', values: [0.5, 0.7, 0.9, 0.95] }, { name: 'PCA of differences', values: [0.5, 0.6, null, 0.9] }]}
      width={420} height={280} onSelectLayer={onSelectLayer} onExport={(f) => files.push(f)} />);
    q<SVGRectElement>('rect[data-layer="2"]')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(onSelectLayer).toHaveBeenCalledWith(2);
    expect(document.querySelectorAll('.rs-series').length).toBe(2);
    const csv = await (await exportAs('csv', files)).blob.text();
    expect(csv).toBe('layer,mean difference,PCA of differences\r\n0,0.5,0.5\r\n1,0.7,0.6\r\n2,0.9,\r\n3,0.95,0.9\r\n');
  });
});

describe('Heatmap', () => {
  const labels = Array.from({ length: 8 }, (_, i) => String(i));
  const cka = ckaMatrix(8);

  it('reads cells on hover and with the arrow keys, and picks with Enter', async () => {
    const onSelectCell = vi.fn();
    mount(<Heatmap values={cka} rows={8} cols={8} rowLabels={labels} colLabels={labels} scale={{ kind: 'sequential', domain: [0, 1] }} width={360} height={320} onSelectCell={onSelectCell} xLabel="layer" yLabel="layer" />);
    q<SVGRectElement>('rect[data-row="2"][data-col="5"]')!.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    await waitFor(() => q('.rs-chart-readout')!.textContent === `layer 2 × layer 5: ${cka[2 * 8 + 5].toFixed(3)}`, 'the hovered cell readout');
    q<SVGGElement>('.rs-heat')!.focus();
    await userEvent.keyboard('{ArrowDown}{ArrowRight}{Enter}');
    expect(onSelectCell).toHaveBeenLastCalledWith(3, 6);
    expect(q('.rs-chart-readout')!.textContent).toBe(`layer 3 × layer 6: ${cka[3 * 8 + 6].toFixed(3)}`);
  });

  it('exports one coloured cell per value and the colour legend', async () => {
    const files: ExportedFile[] = [];
    mount(<Heatmap values={cka} rows={8} cols={8} rowLabels={labels} colLabels={labels} scale={{ kind: 'diverging' }} width={360} height={320} onExport={(f) => files.push(f)} />);
    const doc = new DOMParser().parseFromString(await (await exportAs('svg', files)).blob.text(), 'image/svg+xml');
    expect(doc.querySelectorAll('rect[data-row]').length).toBe(64);
    expect(doc.querySelectorAll('linearGradient stop').length).toBe(11);
    const png = await exportAs('png', files);
    expect((await createImageBitmap(png.blob)).height).toBe(2 * Math.round(q('.rs-svg')!.getBoundingClientRect().height));
  });
});

describe('SmallMultiples', () => {
  const layers = [clusters(500, 3, 1, 0).points, clusters(500, 3, 1, 0.5).points, clusters(500, 3, 1, 1).points, clusters(500, 3, 1, 1.5).points];
  const cats = clusters(500, 3, 1).categories;

  it('chooses a layer by click, and by arrows and Enter', async () => {
    const onSelectLayer = vi.fn();
    mount(<SmallMultiples projections={layers} layerLabels={['0', '1', '2', '3']} categories={cats} categoryNames={['a', 'b', 'c']} selectedLayer={0} onSelectLayer={onSelectLayer} width={600} height={220} />);
    q<HTMLButtonElement>('button[data-layer="2"]')!.click();
    expect(onSelectLayer).toHaveBeenLastCalledWith(2);
    q<HTMLButtonElement>('button[data-layer="0"]')!.focus();
    await userEvent.keyboard('{ArrowRight}{Enter}');
    expect(onSelectLayer).toHaveBeenLastCalledWith(1);
  });

  it('exports a PNG and CSV of every layer', async () => {
    const files: ExportedFile[] = [];
    mount(<SmallMultiples projections={layers} layerLabels={['0', '1', '2', '3']} categories={cats} categoryNames={['a', 'b', 'c']} selectedLayer={1} width={600} height={220} onExport={(f) => files.push(f)} />);
    const png = await exportAs('png', files);
    expect(png.blob.type).toBe('image/png');
    expect(png.blob.size).toBeGreaterThan(2000);
    const csv = await (await exportAs('csv', files)).blob.text();
    expect(csv.trim().split('\r\n').length).toBe(4 * 500 + 1);
    const svg = new DOMParser().parseFromString(await (await exportAs('svg', files)).blob.text(), 'image/svg+xml');
    expect(svg.querySelectorAll('circle').length).toBe(4 * 500);
  });
});

describe('chart frames', () => {
  it('gives a placeholder exactly the box of the chart it stands in for', () => {
    mount(<><ChartPlaceholder title="Probe accuracy by layer" width={560} height={320} message="Fitting probes… 4 of 13" /><ProbeChart data={probeData(13, 5)} width={560} height={320} /></>);
    const [a, b] = [...document.querySelectorAll('figure')].map((f) => f.getBoundingClientRect());
    expect([a.width, a.height]).toEqual([b.width, b.height]);
    expect(document.body.textContent).toContain('Fitting probes… 4 of 13');
  });

  it('opens the export menu from the keyboard and closes it with Escape', async () => {
    mount(<ProbeChart data={probeData(5, 1)} width={480} height={300} />);
    const button = q<HTMLButtonElement>('[data-testid="export-menu"] button')!;
    button.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => document.activeElement?.getAttribute('data-kind') === 'png', 'focus on the first item');
    await userEvent.keyboard('{ArrowDown}');
    expect(document.activeElement!.getAttribute('data-kind')).toBe('svg');
    await userEvent.keyboard('{Escape}');
    await waitFor(() => !q('[role="menu"]'), 'the menu to close');
    expect(document.activeElement).toBe(button);
  });
});
