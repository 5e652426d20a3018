// Category legend that toggles classes: click or Enter/Space hides or shows one, Shift+click shows
// only that one; arrow keys move between items, and each item is a Tab stop.
import type { KeyboardEvent, MouseEvent } from 'react';
import { categoryColor } from '../palette';
import { arrowStep, moveFocus } from './focusNav';

export interface CategoryLegendProps {
  /** Category names; index c is colour categoryColor(c). */
  names: readonly string[];
  /** Points per category, with one extra last entry for unlabelled points (shown when > 0). */
  counts: readonly number[];
  hidden: ReadonlySet<number>;
  onHiddenChange: (next: Set<number>) => void;
  /** Box size; the list scrolls inside it, so long legends never push the layout. */
  width: number;
  height: number;
}

/** Category index of the unlabelled entry. */
export const UNLABELLED = -1;

export function CategoryLegend({ names, counts, hidden, onHiddenChange, width, height }: CategoryLegendProps) {
  const entries = names.map((name, c) => ({ c, name, count: counts[c] ?? 0 }));
  const unlabelled = counts[names.length] ?? 0;
  if (unlabelled > 0) entries.push({ c: UNLABELLED, name: 'unlabelled', count: unlabelled });

  const toggle = (c: number, solo: boolean) => {
    if (solo) {
      onHiddenChange(new Set(entries.map((e) => e.c).filter((x) => x !== c)));
      return;
    }
    const next = new Set(hidden);
    if (next.has(c)) next.delete(c);
    else next.add(c);
    onHiddenChange(next);
  };

  const onKey = (e: KeyboardEvent<HTMLUListElement>) => {
    if (moveFocus(e.currentTarget, 'button', arrowStep(e.key))) e.preventDefault();
  };

  return (
    <ul className="rs-legend" style={{ width, maxHeight: height }} aria-label="Classes (toggle to hide or show)" onKeyDown={onKey}>
      {entries.map((e) => (
        <li key={e.c}>
          <button
            type="button"
            className="rs-legend-item"
            aria-pressed={!hidden.has(e.c)}
            data-category={e.c}
            title={`${e.name}: click to hide or show; Shift+click to show only this class`}
            onClick={(ev: MouseEvent) => toggle(e.c, ev.shiftKey)}
          >
            <span className="rs-swatch" style={{ background: categoryColor(e.c) }} />
            <span className="rs-legend-name">{e.name}</span>
            <span className="rs-legend-count">{e.count.toLocaleString('en-US')}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
