// The causal result views in headless Chromium, on small hand-made results: what each draws (cells,
// labels, colours at known values), hover and keyboard readouts, head choice, exports, placeholder boxes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { interpolateRdBu, interpolateViridis } from 'd3';
import type { ExportedFile } from '../../src/ui/charts';
import { AblationView, AttentionView, LensView, PatchingView, SteeringView } from '../../src/ui/components/causal';
import { exportAs, mount, pointer, q, unmount, waitFor } from '../ui/charts/harness';
import { ablateResult, attentionResult, lensResult, patchResult, steerPrompts, steerResult, steerTargets } from '../ui/charts/causalSynthetic';

afterEach(unmount);

const all = <T extends Element = HTMLElement>(sel: string, root: ParentNode = document) => [...root.querySelectorAll<T>(sel)];
const hover = (el: Element) => el.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
const readout = (chart: Element) => chart.querySelector('.rs-chart-readout')!.textContent;
const cell = (chart: Element, row: number, col: number) => chart.querySelector(`rect[data-row="${row}"][data-col="${col}"]`);

describe('PatchingView', () => {
  it('draws one heat map per site with every cell, token labels and the recovery colours', () => {
    mount(<PatchingView result={patchResult} width={900} metricName="logit diff" />);
    const maps = all('[data-testid="patch-heatmap"]');
    expect(maps.map((m) => [m.dataset.site, m.dataset.cells])).toEqual([['resid_pre', '12'], ['heads', '6']]);
    expect(all('rect[data-row]', maps[0]).length).toBe(12);
    expect(all('.rs-col-label', maps[0]).map((t) => t.textContent)).toEqual(['When', 'ann→bob', 'met', 'her']);
    expect(all('.rs-col-label', maps[1]).map((t) => t.textContent)).toEqual(['H0', 'H1', 'H2']);
    expect(cell(maps[0], 0, 1)!.getAttribute('fill')).toBe(interpolateRdBu(0));
    expect(cell(maps[0], 0, 0)!.getAttribute('fill')).toBe(interpolateRdBu(0.5));
    expect(cell(maps[0], 2, 0)!.getAttribute('fill')).toBe(interpolateRdBu(1));
    expect(q('[data-testid="patch-header"]')!.textContent).toBe('logit diff: clean 3.250 · corrupt -1.500 (difference 4.750)');
  });

  it('reads a cell on hover and with the arrow keys', async () => {
    mount(<PatchingView result={patchResult} width={900} />);
    const map = q('[data-testid="patch-heatmap"]')!;
    hover(cell(map, 1, 1)!);
    await waitFor(() => readout(map) === 'layer 1 × ann→bob: recovery 0.500', 'the hovered readout');
    map.querySelector<SVGGElement>('.rs-heat')!.focus();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    expect(readout(map)).toBe('layer 1 × her: recovery 0.250');
  });

  it('draws the density curve with its 50/80/90 % marks and says how many components each needs', () => {
    mount(<PatchingView result={patchResult} width={900} />);
    const density = all('[data-testid="patch-density"]');
    expect(density.length).toBe(1);
    expect(all('circle', density[0]).map((c) => c.getAttribute('data-x'))).toEqual(['1', '2', '3', '4']);
    expect(all('.rs-mark', density[0]).map((m) => m.textContent)).toEqual(['50 %', '80 %', '90 %']);
    expect(q('[data-testid="patch-needed"]')!.textContent).toBe('50 %: 1 component, 80 %: 2, 90 %: —');
  });

  it('exports a heat map as CSV with the token labels, and calls back with the picked cell', async () => {
    const files: ExportedFile[] = [];
    const onSelectCell = vi.fn();
    mount(<PatchingView result={patchResult} width={900} onExport={(f) => files.push(f)} onSelectCell={onSelectCell} />);
    const map = q('[data-testid="patch-heatmap"]')!;
    const csv = await (await exportAs('csv', files, map.querySelector<HTMLElement>('[data-testid="export-menu"]')!)).blob.text();
    expect(csv.split('\r\n').slice(0, 2)).toEqual([',When,ann→bob,met,her', '0,0,1,0,0']);
    expect(files[0].filename).toBe('patching-resid_pre.csv');
    cell(map, 2, 3)!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(onSelectCell).toHaveBeenCalledWith('resid_pre', 2, 3);
  });

  it('keeps the same height while computing as with the result', () => {
    mount(<><PatchingView result={null} pendingSites={2} width={900} status="Patching 3 of 40…" /><PatchingView result={patchResult} width={900} /></>);
    const [pending, done] = all('[data-testid="patching-view"]');
    expect(pending.getAttribute('aria-busy')).toBe('true');
    expect(pending.textContent).toContain('Patching 3 of 40…');
    expect(pending.getBoundingClientRect().height).toBe(done.getBoundingClientRect().height);
  });
});

describe('LensView', () => {
  it('prints the top-1 token and probability in every cell, shaded by probability', () => {
    mount(<LensView result={lensResult} width={640} target=" Paris" />);
    const grid = q('[data-testid="lens-grid"]')!;
    expect(grid.dataset.cells).toBe('9');
    expect(all('.rs-row-label', grid).map((t) => t.textContent)).toEqual(['embed', '0', '1']);
    expect(all('.rs-cell-value', grid).length).toBe(9);
    expect(all('.rs-cell-value', grid)[8].textContent).toBe('␣Paris75%');
    expect(cell(grid, 2, 2)!.getAttribute('fill')).toBe(interpolateViridis(0.75));
    expect(cell(grid, 0, 2)!.getAttribute('fill')).toBe(interpolateViridis(0.1));
  });

  it('lists the top-k in a tooltip on hover', async () => {
    mount(<LensView result={lensResult} width={640} />);
    const grid = q('[data-testid="lens-grid"]')!;
    hover(cell(grid, 2, 2)!);
    const tip = await waitFor(() => grid.querySelector('[data-testid="grid-tooltip"]'), 'the top-k tooltip');
    expect(tip.querySelector('strong')!.textContent).toBe('layer 1 · after ␣is');
    expect(all('li', tip).map((li) => li.textContent)).toEqual(['␣Paris 75%', '␣London 13%', '␣the 13%']);
    expect(readout(grid)).toContain('target rank 1 (75%)');
  });

  it("shows the target's rank on a log scale and switches to its probability", async () => {
    const onTargetMode = vi.fn();
    mount(<LensView result={lensResult} width={640} target=" Paris" onTargetMode={onTargetMode} />);
    const target = q('[data-testid="lens-target"]')!;
    expect(target.dataset.mode).toBe('rank');
    expect(cell(target, 2, 2)!.getAttribute('fill')).toBe(interpolateViridis(1));
    expect(cell(target, 0, 0)!.getAttribute('fill')).toBe(interpolateViridis(0));
    expect(all('.rs-colour-legend .rs-tick-label', target).map((t) => t.textContent)).toEqual(['1', '10', '100', '1k']);
    await userEvent.click(target.querySelector<HTMLButtonElement>('.rs-segmented button:last-child')!);
    expect(onTargetMode).toHaveBeenCalledWith('prob');
    await waitFor(() => q('[data-testid="lens-target"]')!.dataset.mode === 'prob', 'the probability grid');
    expect(cell(q('[data-testid="lens-target"]')!, 1, 2)!.getAttribute('fill')).toBe(interpolateViridis(0.05));
  });

  it('has no target grid without a target', () => {
    mount(<LensView result={{ ...lensResult, targetRank: null, targetProb: null }} width={640} />);
    expect(q('[data-testid="lens-grid"]')).not.toBeNull();
    expect(q('[data-testid="lens-target"]')).toBeNull();
  });
});

describe('AttentionView', () => {
  it('draws the chosen head with the masked upper triangle left blank and tokens on both axes', () => {
    mount(<AttentionView result={attentionResult} width={900} />);
    const map = q('[data-testid="attention-heatmap"]')!;
    expect([map.dataset.layer, map.dataset.head, map.dataset.cells]).toEqual(['0', '0', '10']);
    expect(cell(map, 0, 1)).toBeNull();
    expect(cell(map, 3, 3)).not.toBeNull();
    expect(all('.rs-row-label', map).map((t) => t.textContent)).toEqual(['<s>', 'cat', 'sat', 'down']);
    expect(all('.rs-col-label', map).map((t) => t.textContent)).toEqual(['<s>', 'cat', 'sat', 'down']);
    expect(cell(map, 2, 1)!.getAttribute('fill')).toBe(interpolateViridis(Math.fround(0.9)));
  });

  it('switches head and layer with the selects', async () => {
    const onSelectHead = vi.fn();
    mount(<AttentionView result={attentionResult} width={900} onSelectHead={onSelectHead} />);
    await userEvent.selectOptions(q<HTMLSelectElement>('[data-testid="attention-head"]')!, '1');
    expect(onSelectHead).toHaveBeenLastCalledWith(0, 1);
    await waitFor(() => q('[data-testid="attention-heatmap"]')!.dataset.head === '1', 'head 1');
    expect(cell(q('[data-testid="attention-heatmap"]')!, 3, 0)!.getAttribute('fill')).toBe(interpolateViridis(Math.fround(0.8)));
    await userEvent.selectOptions(q<HTMLSelectElement>('[data-testid="attention-layer"]')!, '2');
    expect(onSelectHead).toHaveBeenLastCalledWith(2, 1);
    await waitFor(() => q('[data-testid="attention-heatmap"]')!.dataset.layer === '2', 'layer 2');
  });

  it('lists every head with its statistics and selects the head of a clicked row, or by keyboard', async () => {
    mount(<AttentionView result={attentionResult} width={900} />);
    const table = q('[data-testid="head-stats"]')!;
    expect(table.dataset.rows).toBe('4');
    const row = table.querySelector('tr[data-layer="0"][data-head="0"]')!;
    expect(all('td', row).map((td) => td.textContent)).toEqual(['L0 H0', '0.900', '0.050', '0.030', '0.400']);
    table.querySelector<HTMLElement>('tr[data-layer="2"][data-head="0"] td:last-child')!.click();
    await waitFor(() => q('[data-testid="attention-heatmap"]')!.dataset.layer === '2', 'the clicked head');
    expect(cell(q('[data-testid="attention-heatmap"]')!, 2, 2)!.getAttribute('fill')).toBe(interpolateViridis(Math.fround(0.7)));
    expect(table.querySelector('tr[aria-selected="true"]')!.textContent).toContain('L2 H0');
    table.querySelector<HTMLButtonElement>('tr[data-layer="2"][data-head="1"] button')!.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => q('[data-testid="attention-heatmap"]')!.dataset.head === '1', 'the head chosen by keyboard');
    expect(q<HTMLSelectElement>('[data-testid="attention-head"]')!.value).toBe('1');
  });

  it('reads a cell by query and key', async () => {
    mount(<AttentionView result={attentionResult} width={900} />);
    const map = q('[data-testid="attention-heatmap"]')!;
    hover(cell(map, 3, 2)!);
    await waitFor(() => readout(map) === 'query 3 down → key 2 sat: 0.900', 'the hovered readout');
  });
});

describe('SteeringView', () => {
  const view = (props: Partial<Parameters<typeof SteeringView>[0]> = {}) => (
    <SteeringView result={steerResult} prompts={steerPrompts} targets={steerTargets} width={900} alpha={8} {...props} />
  );

  it('sets the generations side by side with hits marked, under the scores line', () => {
    mount(view());
    expect(q('[data-testid="steer-scores"]')!.textContent).toBe('steered: 94% of prompts give their target (unsteered 0%, random direction 6%)');
    const table = q('[data-testid="steer-generations"]')!;
    expect(table.dataset.rows).toBe('3');
    const rows = all('tbody tr', table);
    expect(rows[0].querySelector('[data-col="steered"]')!.textContent).toBe('✓ target  Yes!');
    expect(rows[0].querySelector('[data-col="unsteered"] [data-hit]')!.getAttribute('data-hit')).toBe('no');
    expect(rows[1].querySelector('[data-col="steered"] [data-hit]')!.textContent).toBe('✗ miss');
    expect(rows[2].querySelector('[data-col="steered"] [data-hit]')!.getAttribute('data-hit')).toBe('none');
    expect(rows[0].textContent).toContain('target: ␣Yes');
  });

  it('plots the α sweep for both modes and the random direction, marking the α used', async () => {
    const files: ExportedFile[] = [];
    mount(view({ onExport: (f) => files.push(f) }));
    const sweep = q('[data-testid="steer-sweep"]')!;
    expect(all('.rs-series', sweep).map((s) => s.getAttribute('data-name'))).toEqual(['one-shot', 'continual', 'random direction']);
    expect(all('circle', sweep).length).toBe(12);
    expect(sweep.querySelector<SVGPathElement>('[data-name="random direction"] path')!.style.stroke).toBe('rgb(153, 153, 153)');
    expect(sweep.querySelector('.rs-mark[data-axis="x"]')!.textContent).toBe('α = 8');
    const csv = await (await exportAs('csv', files, sweep.querySelector<HTMLElement>('[data-testid="export-menu"]')!)).blob.text();
    expect(csv.split('\r\n')[3]).toBe('8,0.7,0.9,0.04');
  });

  it('plots the projection over generated tokens and reads all three curves at the hovered token', async () => {
    mount(view());
    const chart = q('[data-testid="steer-projection"]')!;
    expect(all('.rs-series', chart).length).toBe(3);
    const hit = chart.querySelector<SVGRectElement>('.rs-xy-hit')!;
    const cx = Number(chart.querySelector('[data-name="unsteered"] circle[data-x="2"]')!.getAttribute('cx'));
    pointer(hit, 'pointermove', cx - Number(hit.getAttribute('x')) + 3, 20);
    await waitFor(() => readout(chart) === 'generated token 2 · unsteered -0.800 · one-shot 1.000 · continual 2.800', 'the hovered readout');
    hit.focus();
    await userEvent.keyboard('{End}');
    expect(readout(chart)).toBe('generated token 3 · unsteered -0.900 · one-shot 0.200 · continual 3.100');
  });

  it('keeps the same height while computing as with the result', () => {
    mount(<>{view({ result: null, status: 'Generating…' })}{view()}</>);
    const [pending, done] = all('[data-testid="steering-view"]');
    expect(pending.getBoundingClientRect().height).toBe(done.getBoundingClientRect().height);
  });
});

describe('AblationView', () => {
  it('compares behaviour before and after, and charts probe accuracy per layer both ways', async () => {
    mount(<AblationView result={ablateResult} width={640} />);
    const rows = all('[data-testid="ablation-behaviour"] tbody tr').map((r) => all('td', r).map((td) => td.textContent));
    expect(rows).toEqual([['mean target probability', '62%', '12%', '−50 pts'], ['top-1 hit rate', '80%', '10%', '−70 pts']]);
    const chart = q('[data-testid="ablation-chart"]')!;
    expect(all('.rs-series', chart).length).toBe(2);
    expect(all('.rs-band', chart).length).toBe(2);
    hover(chart.querySelector('rect[data-layer="2"]')!);
    await waitFor(() => readout(chart) === 'Layer 2 · before ablation 0.950 · after ablation 0.550', 'the layer readout');
  });
});
