// The prompts (or tokens) a lasso selected, in a fixed-size scrolling box: count, clear button and each
// prompt with its read token marked (and where the token is); choosing one pins it in the scatter.
import { categoryColor } from '../palette';
import type { PointInfo } from './ScatterTooltip';
import { snippet } from './snippet';

export interface SelectionListProps {
  /** Selected point indices (any order; listed ascending). */
  selected: ReadonlySet<number>;
  describe: (i: number) => PointInfo;
  categoryOf: (i: number) => number;
  onClear: () => void;
  /** Called when a listed prompt is chosen (click, Enter or Space). */
  onPick?: (i: number) => void;
  width: number;
  height: number;
  /** Rows rendered at most; the rest are counted. Default 200. */
  limit?: number;
}

export function SelectionList({ selected, describe, categoryOf, onClear, onPick, width, height, limit = 200 }: SelectionListProps) {
  const ids = [...selected].sort((a, b) => a - b);
  const shown = ids.slice(0, limit);
  return (
    <section className="rs-selection" style={{ width, height }} data-testid="selection-list" aria-label="Selected prompts">
      <header className="rs-selection-head">
        <strong>{ids.length.toLocaleString('en-US')} selected</strong>
        <button type="button" className="rs-button" onClick={onClear} disabled={ids.length === 0}>Clear</button>
      </header>
      {ids.length === 0 ? (
        <p className="rs-muted rs-selection-empty">Shift+drag on the scatter (or use Lasso) to select prompts.</p>
      ) : (
        <ol className="rs-selection-items">
          {shown.map((i) => {
            const info = describe(i);
            const s = snippet(info.text, info.highlight, 90);
            return (
              <li key={i}>
                <button type="button" onClick={() => onPick?.(i)} data-index={i}>
                  <span className="rs-swatch" style={{ background: categoryColor(categoryOf(i)) }} title={info.label} />
                  <span className="rs-selection-text">
                    {info.detail && <span className="rs-muted">{info.detail}: </span>}
                    {s.cutStart && '…'}{s.before}{s.mark && <mark>{s.mark}</mark>}{s.after}{s.cutEnd && '…'}
                  </span>
                </button>
              </li>
            );
          })}
          {ids.length > shown.length && <li className="rs-muted">and {(ids.length - shown.length).toLocaleString('en-US')} more (export CSV for all)</li>}
        </ol>
      )}
    </section>
  );
}
