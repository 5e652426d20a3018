// Share round trip: the fragment the app writes after a change of layer, method and seeds reopens, in a
// fresh <App/>, the same view and the same projected coordinates (read through the coordinates CSV export).
import { afterAll, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { decodeViewState } from '../../src/data/urlState';
import { exportText, fill, mountApp, parseCsv, probeSeedInput, select, settle, type Mounted } from './explorerHarness';

let m: Mounted | null = null;
afterAll(async () => { await m?.unmount(); }, 30_000);

function coords(csv: string): { header: string[]; xy: number[][] } {
  const { header, rows } = parseCsv(csv);
  const cols = header.map((h, i) => [h, i] as const).filter(([h]) => /^(pc|umap)_?[12]$|^(pc|umap)[_ ]?(x|y)$/i.test(h)).map(([, i]) => i);
  if (cols.length !== 2) throw new Error(`cannot find the coordinate columns in ${header.join(',')}`);
  return { header, xy: rows.filter((r) => r.length === header.length).map((r) => cols.map((c) => Number(r[c]))) };
}

describe('share round trip', () => {
  it('reopens the same view and the same coordinates from the copied fragment', async () => {
    await page.viewport(1280, 800);
    history.replaceState(null, '', location.pathname + location.search);
    m = mountApp();
    await settle(m);
    const slider = m.q('layer-slider') as HTMLInputElement;
    const layer = Number(slider.max) - 1;
    slider.focus();
    await userEvent.keyboard('{ArrowLeft}');
    await m.waitFor(() => m!.q('layer-value')?.textContent === String(layer), 'the layer to step down');
    await select(m.q('method-select')!, 'umap');
    await m.waitFor(() => m!.q('umap-seed'), 'the UMAP settings');
    await fill(m.q('umap-seed')!, '7');
    await fill(probeSeedInput(m), '3');
    await m.waitFor(() => m!.q('scatter')?.querySelector('h3')?.textContent?.startsWith(`blocks.${layer}.`), 'the scatter of the new layer');
    await settle(m);
    const fragment = location.hash;
    expect(fragment).toMatch(/^#v1\./);
    const first = decodeViewState(fragment);
    expect(first.warnings).toEqual([]);
    expect(first.state.method).toBe('umap');
    expect(first.state.umap.seed).toBe(7);
    expect(first.state.probe.seed).toBe(3);
    const csv1 = await exportText(m, /Coordinates/);
    const a = coords(csv1);
    const site1 = (m.q('site-select') as HTMLSelectElement).value;
    await m.unmount();
    m = null;

    history.replaceState(null, '', location.pathname + location.search + fragment);
    m = mountApp();
    await settle(m);
    const again = decodeViewState(location.hash);
    expect(again.state.site).toBe(first.state.site);
    expect(again.state.layer).toBe(first.state.layer);
    expect(again.state.method).toBe('umap');
    expect(again.state.umap).toEqual(first.state.umap);
    expect(again.state.probe).toEqual(first.state.probe);
    expect((m.q('site-select') as HTMLSelectElement).value).toBe(site1);
    expect(m.q('layer-value')!.textContent).toBe(String(layer));
    expect((m.q('method-select') as HTMLSelectElement).value).toBe('umap');
    expect((m.q('umap-seed') as HTMLInputElement).value).toBe('7');
    expect(probeSeedInput(m).value).toBe('3');
    const b = coords(await exportText(m, /Coordinates/));
    expect(b.header).toEqual(a.header);
    expect(b.xy.length).toBe(a.xy.length);
    expect(a.xy.length).toBeGreaterThan(1);
    let worst = 0;
    a.xy.forEach((p, i) => p.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - b.xy[i][j])); }));
    console.log(`[share] fragment ${fragment.length} chars, ${a.xy.length} points, max |Δcoord| = ${worst}`);
    expect(worst).toBeLessThanOrEqual(1e-6);
  }, 540_000);
});
