// The Causal tab in headless Chromium on the default model (truthworld) with the engine in a worker: steering
// turns most liar prompts truthful at the default settings, patching draws a heat map over the prompt's
// tokens, the lens and attention views draw, a bad direction file is refused without losing the settings,
// and the link reopens the same causal settings and the same numbers in a fresh <App/>.
import { afterAll, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { decodeViewState } from '../../src/data/urlState';
import { exportText, fill, mountApp, parseCsv, select, type Mounted } from './explorerHarness';

let m: Mounted | null = null;
afterAll(async () => { await m?.unmount(); }, 30_000);

const LONG = 300_000;
const busy = (id: string) => m!.q(id)?.getAttribute('aria-busy') === 'true';

/** The steering view with its results (not the placeholders), once the generations table has rows. */
function steerReady(): HTMLElement | null {
  const table = m!.q('steer-generations');
  return table && !busy('steering-view') && Number(table.dataset.rows) > 0 ? table : null;
}

function generations(table: HTMLElement): { unsteered: string; steered: string; steeredHit: boolean; unsteeredHit: boolean }[] {
  return [...table.querySelectorAll('tbody tr')].map((tr) => ({
    unsteered: tr.querySelector('[data-col="unsteered"]')!.textContent ?? '',
    steered: tr.querySelector('[data-col="steered"]')!.textContent ?? '',
    unsteeredHit: tr.querySelector('[data-col="unsteered"] [data-hit="yes"]') !== null,
    steeredHit: tr.querySelector('[data-col="steered"] [data-hit="yes"]') !== null,
  }));
}

function upload(file: File): void {
  const input = m!.q('direction-upload') as HTMLInputElement;
  const files = new DataTransfer();
  files.items.add(file);
  input.files = files.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

async function openSubPanel(name: string): Promise<void> {
  m!.q(`causal-subtab-${name}`)!.click();
  await m!.waitFor(() => m!.q(`causal-subtab-${name}`)?.getAttribute('aria-selected') === 'true', `the ${name} sub-panel`);
}

describe('the Causal tab', () => {
  it('steers most liar prompts to the truth on the default model, showing unsteered and steered generations side by side', async () => {
    await page.viewport(1400, 900);
    history.replaceState(null, '', location.pathname + location.search);
    m = mountApp();
    const tab = await m.waitFor(() => m!.q('causal-tab'), 'the Causal tab button');
    await m.waitFor(() => (m!.q('model-picker') as HTMLSelectElement | null)?.value === 'truthworld', 'the default model');
    tab.click();
    await m.waitFor(() => m!.q('causal-panel'), 'the causal panel');
    expect(tab.getAttribute('aria-selected')).toBe('true');
    expect(decodeViewState(location.hash).state.tab).toBe('causal');
    const table = await m.waitFor(steerReady, 'the steering results', LONG);
    expect((m.q('steer-method') as HTMLSelectElement).value).toBe('meandiff');
    expect((m.q('steer-alpha') as HTMLInputElement).value).toBe('0.5');
    expect(m.q('steer-layers')!.dataset).toMatchObject({ from: '0', to: '0' });
    const rows = generations(table);
    expect(rows.length).toBe(64);
    expect(rows.every((r) => r.unsteered.trim() !== '' && r.steered.trim() !== '')).toBe(true);
    const steered = rows.filter((r) => r.steeredHit).length;
    const unsteered = rows.filter((r) => r.unsteeredHit).length;
    console.log(`[causal] liar prompts answered truthfully: steered ${steered}/${rows.length}, unsteered ${unsteered}/${rows.length}`);
    expect(steered).toBeGreaterThan(rows.length / 2);
    expect(unsteered).toBeLessThan(rows.length / 2);
    expect(m.q('steer-scores')!.textContent).toMatch(/^steered: \d+% of prompts give their target/);
    expect(m.q('steer-sweep')).not.toBeNull();
    const csv = parseCsv(await exportText(m, /Steering generations/));
    expect(csv.header.slice(0, 6)).toEqual(['prompt', 'target', 'unsteered_tokens', 'steered_tokens', 'unsteered_hit', 'steered_hit']);
    expect(csv.rows).toHaveLength(rows.length);
    expect(csv.rows.filter((r) => r[5] === '1')).toHaveLength(steered);
    const chart = await m.waitFor(() => m!.q('decodable-causal-chart'), 'the decodable-vs-causal chart', LONG);
    expect(chart.querySelectorAll('path, circle, rect').length).toBeGreaterThan(0);
    await page.screenshot({ path: '../../test-artifacts/causal-steering.png' });
  }, 600_000);

  it('patches the first honest prompt into its paired liar prompt and draws recovery over the prompt\'s tokens', async () => {
    await openSubPanel('patch');
    expect((m!.q('patch-clean') as HTMLInputElement).value).toBe('ann says mia lives in');
    expect((m!.q('patch-corrupt') as HTMLInputElement).value).toBe('bob says mia lives in');
    expect((m!.q('patch-metric') as HTMLSelectElement).value).toBe('logitdiff');
    const map = await m!.waitFor(() => m!.q('patching-view')?.querySelector<HTMLElement>('[data-testid="patch-heatmap"][data-site="resid_pre"]'), 'the resid_pre heat map', LONG);
    expect(map.dataset).toMatchObject({ rows: '2', cols: '6' });
    const labels = [...map.querySelectorAll('.rs-col-label')].map((t) => t.textContent ?? '');
    expect(labels.slice(2)).toEqual(['says', 'mia', 'lives', 'in']);
    expect(labels[1]).toMatch(/ann/);
    expect(m!.q('patch-header')!.textContent).toMatch(/logit difference/);
    expect(m!.host.querySelectorAll('[data-testid="patch-heatmap"]')).toHaveLength(4);
    await page.screenshot({ path: '../../test-artifacts/causal-patching.png' });
  }, LONG);

  it('draws the logit lens of the first prompt and the attention pattern of a chosen head', async () => {
    await openSubPanel('lens');
    expect((m!.q('lens-prompt') as HTMLInputElement).value).toBe('ann says mia lives in');
    const grid = await m!.waitFor(() => !busy('lens-view') && m!.q('lens-grid'), 'the lens grid', LONG);
    expect(Number(grid.dataset.cells)).toBeGreaterThan(0);
    await openSubPanel('attention');
    await m!.waitFor(() => !busy('attention-view') && m!.q('attention-heatmap'), 'the attention map', LONG);
    await select(m!.q('attention-head')!, '2');
    await m!.waitFor(() => m!.q('attention-heatmap')?.querySelector('h3')?.textContent?.includes('head 2'), 'head 2');
    expect(decodeViewState(location.hash).state.causal.attention).toMatchObject({ layer: 0, head: 2 });
  }, LONG);

  it('refuses a direction file of the wrong shape with a message, keeping the settings', async () => {
    await openSubPanel('steer');
    const before = location.hash;
    upload(new File(['[1, 2, 3]'], 'short.json', { type: 'application/json' }));
    const error = await m!.waitFor(() => m!.q('direction-upload-error'), 'the refusal');
    expect(error.textContent).toBe('short.json: the vector has shape [3], but this model needs [64] (one direction for every layer) or [2, 64] (one per layer)');
    expect((m!.q('steer-method') as HTMLSelectElement).value).toBe('meandiff');
    expect(location.hash).toBe(before);
  });

  it('reopens the same causal settings and the same numbers from the copied link', async () => {
    const old = m!.q('steer-generations');
    await fill(m!.q('steer-alpha')!, '1');
    await select(m!.q('steer-mode')!, 'continual');
    await m!.waitFor(() => { const s = decodeViewState(location.hash).state.causal.steer; return s.alpha === 1 && s.mode === 'continual'; }, 'the link to follow');
    const table = await m!.waitFor(() => { const t = steerReady(); return t !== old && t; }, 'the steering results at α 1, continual', LONG);
    const first = { scores: m!.q('steer-scores')!.textContent, rows: generations(table) };
    const fragment = location.hash;
    const decoded = decodeViewState(fragment);
    expect(decoded.warnings).toEqual([]);
    expect(decoded.state).toMatchObject({ tab: 'causal', causal: { panel: 'steer', steer: { alpha: 1, mode: 'continual' }, attention: { head: 2 } } });
    await m!.unmount();
    m = null;

    history.replaceState(null, '', location.pathname + location.search + fragment);
    m = mountApp();
    const again = await m.waitFor(steerReady, 'the steering results in the fresh app', LONG);
    expect(decodeViewState(location.hash).state).toEqual(decoded.state);
    expect(m.q('causal-tab')!.getAttribute('aria-selected')).toBe('true');
    expect((m.q('steer-alpha') as HTMLInputElement).value).toBe('1');
    expect((m.q('steer-mode') as HTMLSelectElement).value).toBe('continual');
    expect((m.q('steer-method') as HTMLSelectElement).value).toBe('meandiff');
    expect(m.q('steer-scores')!.textContent).toBe(first.scores);
    expect(generations(again)).toEqual(first.rows);
  }, 600_000);

  it('steers along an uploaded vector, which the link names by file without its numbers', async () => {
    const old = m!.q('steer-generations');
    const vector = Array.from({ length: 64 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    upload(new File([JSON.stringify(vector)], 'alternating.json', { type: 'application/json' }));
    await m!.waitFor(() => (m!.q('steer-method') as HTMLSelectElement).value === 'uploaded', 'the uploaded method');
    expect(m!.q('direction-uploaded')!.textContent).toBe('Using alternating.json [64]');
    await m!.waitFor(() => { const t = steerReady(); return t !== old && t; }, 'the steering results along the uploaded vector', LONG);
    const fragment = location.hash;
    const upload1 = decodeViewState(fragment).state.causal.direction;
    expect(upload1).toMatchObject({ method: 'uploaded', upload: { name: 'alternating.json', shape: [64] } });
    expect(upload1.upload!.hash).toMatch(/^[0-9a-f]{64}$/);
    await m!.unmount();
    m = null;

    history.replaceState(null, '', location.pathname + location.search + fragment);
    m = mountApp();
    const missing = await m.waitFor(() => m!.q('direction-missing'), 'the request to drop the file', LONG);
    expect(missing.textContent).toBe('This view uses the uploaded direction alternating.json [64]; drop that file here to use it.');
    expect(m.q('steer-generations')).toBeNull();
  }, 600_000);
});
