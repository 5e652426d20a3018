// Reports (does not assert) the first-impression time (mount → scatter with points and probe line drawn)
// of a first visit (no remembered backend) and of a returning one, where the load's time went (the app's
// performance marks), and the main thread's long tasks. Asserts the long-task budget where the work is
// the worker's alone: no page task over 100 ms while UMAP runs on every layer (the page only shows
// progress). A load also mounts the charts on the page, which on a busy 2-core machine can pass 100 ms,
// so there the figures are reported, not asserted. Writes them to test-artifacts/explorer-timing.json.
import { afterAll, describe, expect, it } from 'vitest';
import { commands, page } from 'vitest/browser';
import { BACKEND_MEMORY_KEY } from '../../src/app/backendMemory';
import { idle, mountApp, points, probeDrawn, select, settle, sleep, type Mounted } from './explorerHarness';
import { appMarks, describeTasks, MainThreadWatch, type BlockedFrame, type TaskSummary } from './mainThreadWatch';

let m: Mounted | null = null;
afterAll(async () => { await m?.unmount(); }, 30_000);

interface LoadFigures {
  firstImpressionMs: number;
  idleMs: number;
  backendReason: string;
  /** From the model being ready (the worker's jobs start) to an idle engine. */
  jobsWindow: TaskSummary;
  wholeLoad: TaskSummary;
  blockers: BlockedFrame[];
  marks: [number, string][];
}

const markAt = (marks: [number, string][], name: string) => marks.find(([, n]) => n.startsWith(name))?.[0] ?? null;

async function load(watch: MainThreadWatch, label: string): Promise<LoadFigures> {
  const t0 = performance.now();
  m = mountApp();
  await m.waitFor(() => points(m!) > 0 && probeDrawn(m!), 'the scatter and the probe chart');
  const firstImpressionMs = Math.round(performance.now() - t0);
  await settle(m);
  const loaded = performance.now();
  const marks = appMarks(t0);
  const ready = markAt(marks, 'model ready');
  expect(ready, 'the app marks the model as ready').not.toBeNull();
  const figures: LoadFigures = {
    firstImpressionMs, idleMs: Math.round(loaded - t0), backendReason: m.q('backend-reason')?.textContent ?? '',
    jobsWindow: watch.summary(t0 + ready!, loaded), wholeLoad: watch.summary(t0, loaded), blockers: watch.blockers(t0, loaded), marks,
  };
  console.log(`[timing] ${label}: first impression (mount → scatter + probe chart) ${firstImpressionMs} ms; engine idle after ${figures.idleMs} ms`);
  console.log(`[timing] ${label}: backend: ${figures.backendReason}`);
  console.log(`[timing] ${label}: steps (ms after mount): ${marks.map(([t, n]) => `${t} ${n}`).join(' | ')}`);
  console.log(`[timing] ${label}: main thread, whole load: ${describeTasks(figures.wholeLoad)}; while the worker's jobs ran: ${describeTasks(figures.jobsWindow)}`);
  for (const b of figures.blockers) console.log(`[timing] ${label}: ${b.duration} ms task at ${Math.round(b.start - t0)} ms: ${b.scripts.join(' ; ') || 'no script attribution'}`);
  return figures;
}

async function umapAllLayers(watch: MainThreadWatch): Promise<{ ms: number; tasks: TaskSummary; blockers: BlockedFrame[] }> {
  await select(m!.q('method-select')!, 'umap');
  await sleep(300);
  await settle(m!);
  const button = await m!.waitFor(() => [...m!.host.querySelectorAll<HTMLButtonElement>('button')].find((b) => /Run UMAP on all/.test(b.textContent ?? '')), 'the UMAP-all-layers button', 60_000);
  const t1 = performance.now();
  button.click();
  await m!.waitFor(() => !idle(m!), 'UMAP on all layers to start', 10_000).catch(() => null);
  await m!.waitFor(() => idle(m!), 'UMAP on all layers', 300_000);
  const t2 = performance.now();
  const tasks = watch.summary(t1, t2);
  console.log(`[timing] UMAP on all layers took ${Math.round(t2 - t1)} ms; main thread meanwhile: ${describeTasks(tasks)}`);
  return { ms: Math.round(t2 - t1), tasks, blockers: watch.blockers(t1, t2) };
}

describe('timing report', () => {
  it('reports the first impression and the long tasks, and keeps page tasks under 100 ms while UMAP runs in the worker', async () => {
    await page.viewport(1280, 800);
    history.replaceState(null, '', location.pathname + location.search);
    localStorage.removeItem(BACKEND_MEMORY_KEY);
    expect(PerformanceObserver.supportedEntryTypes).toContain('longtask');
    const watch = new MainThreadWatch();
    watch.start();
    // a deliberate 150 ms block, so that the observer is shown to record
    const busy = performance.now();
    while (performance.now() - busy < 150) { /* block */ }
    await sleep(200);
    expect(watch.callbacks).toBeGreaterThan(0);
    expect(watch.tasks.some((t) => t.start <= busy + 1 && t.start + t.duration >= busy + 149), JSON.stringify(watch.tasks)).toBe(true);

    const first = await load(watch, 'first visit');
    expect(localStorage.getItem(BACKEND_MEMORY_KEY), 'auto remembers its measured choice').not.toBeNull();
    await m!.unmount();
    m = null;
    history.replaceState(null, '', location.pathname + location.search);
    const returning = await load(watch, 'returning visit');
    expect(returning.backendReason).toMatch(/^auto: \w+ fastest correct when measured earlier .*remembered/);
    const umap = await umapAllLayers(watch);
    watch.stop();

    await commands.writeFile('test-artifacts/explorer-timing.json', JSON.stringify({
      measuredAt: new Date().toISOString(), userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency,
      firstVisit: first, returningVisit: returning, umapAllLayers: umap,
    }, null, 2));
    // The budget: while only the worker computes, the page never blocks for more than 100 ms.
    expect(umap.tasks.over100, JSON.stringify(umap.blockers)).toBe(0);
  }, 540_000);
});
