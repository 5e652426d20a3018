// Backend override: cpu / wasm / webgl / webgpu give the same probe numbers (±1e-3), read through the
// probe results CSV export. Each backend gets a fresh <App/> (new store, new engine worker) opened from a
// fragment that asks for it, so every table is computed from scratch on that backend; that a switch in a
// running app recomputes is covered by the result keys' unit tests (test/app/plan.test.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { defaultViewState, encodeViewState, type BackendPreference } from '../../src/data/urlState';
import { exportText, idle, mountApp, parseCsv, points, probeDrawn, type Mounted } from './explorerHarness';

let m: Mounted | null = null;
afterAll(async () => { await m?.unmount(); }, 30_000);

const BACKENDS: BackendPreference[] = ['cpu', 'wasm', 'webgl', 'webgpu'];
const NUMERIC = ['accuracy', 'accuracy_std', 'majority', 'shuffled', 'shuffled_std', 'control', 'control_std', 'selectivity'];

/** The first panel that failed, as "testid: message", or null. */
function failedPanel(app: Mounted): string | null {
  const panel = app.host.querySelector<HTMLElement>('[data-state="error"]');
  return panel === null ? null : `${panel.dataset.testid ?? 'a panel'}: ${(panel.textContent ?? '').slice(0, 300)}`;
}

/** Waits for the scatter, the probe line and an idle engine (twice, 300 ms apart); fails fast on a panel error. */
async function settleOrFail(app: Mounted, backend: string): Promise<void> {
  for (let i = 0; i < 2; i++) {
    const failure = await app.waitFor(() => failedPanel(app) ?? (points(app) > 0 && probeDrawn(app) && idle(app) && 'settled'), `${backend}: the scatter, the probe line and an idle engine`, 150_000);
    if (failure !== 'settled') throw new Error(`${backend}: ${failure}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('backend override', () => {
  it('gives the same probe numbers on every backend', async () => {
    await page.viewport(1280, 800);
    const tables: Record<string, number[][]> = {};
    for (const backend of BACKENDS) {
      history.replaceState(null, '', `${location.pathname}${location.search}#${encodeViewState({ ...defaultViewState(), backend })}`);
      m = mountApp();
      await settleOrFail(m, backend);
      console.log(`[backends] requested ${backend}: chosen ${m.q('backend-badge')!.textContent} (${m.q('backend-reason')!.textContent})`);
      expect((m.q('backend-select') as HTMLSelectElement).value).toBe(backend);
      expect(m.q('backend-badge')!.textContent).toBe(backend);
      const { header, rows } = parseCsv(await exportText(m, /Probe results/));
      const cols = NUMERIC.map((h) => header.indexOf(h)).filter((i) => i >= 0);
      expect(cols.length).toBeGreaterThanOrEqual(3);
      tables[backend] = rows.filter((r) => r.length === header.length).map((r) => [Number(r[0]), ...cols.map((c) => (r[c] === '' ? NaN : Number(r[c])))]);
      console.log(`[backends] ${backend} rows [layer, ${cols.map((c) => header[c]).join(', ')}]: ${JSON.stringify(tables[backend].map((r) => r.map((v) => +v.toFixed(5))))}`);
      await m.unmount();
      m = null;
    }
    expect(Object.keys(tables)).toEqual(BACKENDS);
    const ref = tables.cpu;
    expect(ref.length).toBeGreaterThan(0);
    for (const b of BACKENDS) {
      expect(tables[b].length).toBe(ref.length);
      let worst = 0;
      tables[b].forEach((row, i) => row.forEach((v, j) => {
        expect(Number.isNaN(v)).toBe(Number.isNaN(ref[i][j]));
        if (!Number.isNaN(v)) worst = Math.max(worst, Math.abs(v - ref[i][j]));
      }));
      console.log(`[backends] ${b} vs cpu: max |Δ| = ${worst}`);
      expect(worst).toBeLessThanOrEqual(1e-3);
    }
  }, 600_000);
});
