// One visit of the explorer: open the app in a new page of the given browser context, wait for the
// first impression and then for the engine to stay idle, and read back what the page probe noted, the
// app's `repscope:` performance marks and the backend it chose. All times are ms since navigation start.
import type { BrowserContext, Page } from 'playwright';
import { PAGE_PROBE_SCRIPT, PARTS, PROBE_GLOBAL, type ProbeNotes } from './pageProbe';
import { summariseLongTasks, type LongTaskSummary } from './summary';

export interface VisitFigures {
  /** Every part of the first impression drawn: backend badge, scatter with points, probe line and baselines. */
  firstImpressionMs: number;
  /** When each part first appeared. */
  partsMs: Record<(typeof PARTS)[number], number>;
  /** The app's mark "model ready: …" (worker start + backend choice + weights). */
  modelReadyMs: number | null;
  /** From the app's "job start: Probes…" mark to its "job done: Probes…" (the worker's probes with baselines). */
  probesJobMs: number | null;
  /** When the engine last turned idle, once it had stayed idle for IDLE_STABLE_MS. */
  engineIdleMs: number;
  domContentLoadedMs: number;
  /** Long tasks up to the first impression, and up to the idle engine. */
  longTasksToFirstImpression: LongTaskSummary;
  longTasksToIdle: LongTaskSummary;
  /** The backend badge and the sentence on why it was chosen. */
  backend: string;
  backendReason: string;
  marks: [number, string][];
}

/** How long the engine must stay idle to count as done (jobs start one after another, with short gaps). */
const IDLE_STABLE_MS = 600;

interface PageReadout {
  notes: ProbeNotes;
  now: number;
  marks: [number, string][];
  domContentLoaded: number;
  backend: string;
  backendReason: string;
}

function readPage(page: Page): Promise<PageReadout> {
  return page.evaluate((name) => {
    const notes = (globalThis as unknown as Record<string, ProbeNotes>)[name];
    const marks = performance.getEntriesByType('mark').filter((e) => e.name.startsWith('repscope:'))
      .map((e): [number, string] => [Math.round(e.startTime), e.name.slice('repscope:'.length)]);
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    // (no named helper functions in here: tsx's keepNames would wrap them in __name, unknown to the page)
    const [backend, backendReason] = ['backend-badge', 'backend-reason']
      .map((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '');
    return { notes, now: performance.now(), marks, domContentLoaded: navigation?.domContentLoadedEventEnd ?? NaN, backend, backendReason };
  }, PROBE_GLOBAL);
}

/** The time of the latest mark whose name starts with `prefix`, or null. */
function markAt(marks: readonly [number, string][], prefix: string): number | null {
  const times = marks.filter(([, name]) => name.startsWith(prefix)).map(([t]) => t);
  return times.length > 0 ? Math.max(...times) : null;
}

const allSeen = (notes: ProbeNotes) => PARTS.every((p) => notes.seen[p] != null);

/** Polls the page's notes every 100 ms (a tiny script in the page; the times come from its observers) until `done`. */
async function waitForNotes(page: Page, done: (r: PageReadout) => boolean, what: string, deadline: number): Promise<PageReadout> {
  for (;;) {
    const readout = await readPage(page);
    if (done(readout)) return readout;
    if (Date.now() > deadline) {
      const shown = JSON.stringify(readout.notes.seen);
      throw new Error(`timed out waiting for ${what} (seen so far: ${shown}; backend: ${readout.backend || 'none'})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function visit(context: BrowserContext, url: string, timeoutMs: number): Promise<VisitFigures> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.addInitScript(PAGE_PROBE_SCRIPT);
    const deadline = Date.now() + timeoutMs;
    await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    const guard = (r: PageReadout) => {
      if (errors.length > 0) throw new Error(`the page threw: ${errors[0]}`);
      return r;
    };
    const shown = await waitForNotes(page, (r) => allSeen(guard(r).notes), 'the first impression', deadline);
    const idle = await waitForNotes(page, (r) => {
      const since = guard(r).notes.idleSince;
      return since != null && r.now - since >= IDLE_STABLE_MS;
    }, 'an idle engine', deadline);
    const seen = shown.notes.seen as VisitFigures['partsMs'];
    const firstImpressionMs = Math.max(...PARTS.map((p) => seen[p]));
    const engineIdleMs = Math.max(idle.notes.idleSince!, firstImpressionMs);
    const [probesStart, probesDone] = [markAt(idle.marks, 'job start: Probes'), markAt(idle.marks, 'job done: Probes')];
    return {
      firstImpressionMs, partsMs: seen, modelReadyMs: markAt(idle.marks, 'model ready'), engineIdleMs,
      probesJobMs: probesStart != null && probesDone != null ? probesDone - probesStart : null,
      domContentLoadedMs: idle.domContentLoaded,
      longTasksToFirstImpression: summariseLongTasks(idle.notes.longTasks, firstImpressionMs),
      longTasksToIdle: summariseLongTasks(idle.notes.longTasks, engineIdleMs),
      backend: idle.backend, backendReason: idle.backendReason, marks: idle.marks.sort((a, b) => a[0] - b[0]),
    };
  } finally {
    await page.close();
  }
}
