// A row of tabs as the WAI-ARIA tabs pattern has it: one tab in the page's Tab order (the selected one),
// arrow keys move between tabs and select, Home / End jump to the first / last.
import { useRef, type KeyboardEvent } from 'react';

export interface TabBarProps<T extends string> {
  tabs: readonly T[];
  selected: T;
  names: Readonly<Record<T, string>>;
  onSelect: (tab: T) => void;
  label: string;
  className?: string;
  testId: (tab: T) => string;
}

/** The tab a key moves to from `at` among `n` tabs, or null for keys the tab bar does not handle. */
export function tabKeyTarget(key: string, at: number, n: number): number | null {
  if (key === 'ArrowRight' || key === 'ArrowDown') return (at + 1) % n;
  if (key === 'ArrowLeft' || key === 'ArrowUp') return (at - 1 + n) % n;
  if (key === 'Home') return 0;
  if (key === 'End') return n - 1;
  return null;
}

export function TabBar<T extends string>(p: TabBarProps<T>) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, at: number) => {
    const to = tabKeyTarget(e.key, at, p.tabs.length);
    if (to === null) return;
    e.preventDefault();
    p.onSelect(p.tabs[to]);
    refs.current[to]?.focus();
  };
  return (
    <nav className={p.className ?? 'tabs'} role="tablist" aria-label={p.label}>
      {p.tabs.map((t, i) => (
        <button key={t} ref={(el) => { refs.current[i] = el; }} type="button" role="tab" aria-selected={p.selected === t} tabIndex={p.selected === t ? 0 : -1}
          className={p.selected === t ? 'tab active' : 'tab'} onClick={() => p.onSelect(t)} onKeyDown={(e) => onKeyDown(e, i)} data-testid={p.testId(t)}>
          {p.names[t]}
        </button>
      ))}
    </nav>
  );
}
