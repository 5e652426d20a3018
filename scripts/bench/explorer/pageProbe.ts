// What the explorer benchmark installs in the page before any of the app's scripts run: a
// PerformanceObserver for long tasks and a MutationObserver that notes, in ms since navigation start
// (performance.now()), when each part of the first impression first appears. The definition follows
// test/e2e/explorerTiming.test.tsx (scatter with points, probe chart with its line), plus the probe
// chart's baselines and the backend badge naming the chosen backend.
//
// The script is plain JavaScript text: a TypeScript function would be serialised after tsx's transform,
// whose helpers (e.g. __name) do not exist in the page.

/** Where the probe keeps its notes in the page. */
export const PROBE_GLOBAL = '__repscopeBenchProbe';

/** What the probe records; times are ms since navigation start. */
export interface ProbeNotes {
  /** When each part first appeared (absent: not yet). */
  seen: Partial<Record<PartName, number>>;
  /** When the progress bar last turned to "Engine idle" (null while a job runs or before any). */
  idleSince: number | null;
  /** Long tasks as [start, duration]. */
  longTasks: [number, number][];
  /** Why the long-task observer could not start, if it could not. */
  longTaskError?: string;
}

export const PARTS = ['badge', 'scatter', 'probeLine', 'baselines'] as const;
export type PartName = (typeof PARTS)[number];

export const PAGE_PROBE_SCRIPT = `(() => {
  const notes = { seen: {}, idleSince: null, longTasks: [] };
  globalThis[${JSON.stringify(PROBE_GLOBAL)}] = notes;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) notes.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) {
    notes.longTaskError = String(error);
  }
  const one = (selector) => document.querySelector(selector);
  const parts = {
    badge: () => {
      const text = (one('[data-testid="backend-badge"]')?.textContent ?? '').trim();
      return text !== '' && !text.startsWith('starting');
    },
    scatter: () => Number(one('[data-testid="scatter"]')?.getAttribute('data-points') ?? 0) > 0,
    probeLine: () => one('[data-testid="probe-chart"] path.rs-probe') !== null,
    baselines: () => one('[data-testid="probe-chart"] :is(path.rs-shuffled, path.rs-control, .rs-data > line.rs-majority)') !== null,
  };
  const check = () => {
    const now = performance.now();
    for (const name of Object.keys(parts)) if (!(name in notes.seen) && parts[name]()) notes.seen[name] = now;
    const idle = one('[data-testid="progress"]')?.textContent?.includes('idle') ?? false;
    if (!idle) notes.idleSince = null;
    else if (notes.idleSince === null) notes.idleSince = now;
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();`;
