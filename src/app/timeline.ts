// Marks on the page's performance timeline ("repscope:…"), so the browser tests and a DevTools profile
// can see where a first load spends its time. Each name keeps only its latest mark.
export const MARK_PREFIX = 'repscope:';

export function markTimeline(name: string): void {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  const full = MARK_PREFIX + name;
  performance.clearMarks(full);
  performance.mark(full);
}
