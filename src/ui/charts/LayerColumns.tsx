// Clickable, keyboard-operable layer columns over a chart: Tab reaches the chosen layer, arrows
// (and Home/End) move between layers, Enter or Space chooses; hover and focus report the layer.
import { useRef, type KeyboardEvent } from 'react';
import type { LayerColumn } from './layerAxis';

export interface LayerColumnsProps {
  columns: readonly LayerColumn[];
  labels: readonly string[];
  top: number;
  height: number;
  selected: number | null;
  /** The layer under the pointer or keyboard focus (for the readout), or null. */
  active: number | null;
  onActive: (layer: number | null) => void;
  onSelect?: (layer: number) => void;
}

export function LayerColumns({ columns, labels, top, height, selected, active, onActive, onSelect }: LayerColumnsProps) {
  const rects = useRef<(SVGRectElement | null)[]>([]);
  const tabStop = selected ?? 0;

  const onKeyDown = (e: KeyboardEvent) => {
    const at = active ?? tabStop, last = columns.length - 1;
    const moves: Record<string, number> = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: last };
    if (e.key in moves) {
      e.preventDefault();
      rects.current[Math.max(0, Math.min(last, moves[e.key]))]?.focus();
    } else if ((e.key === 'Enter' || e.key === ' ') && onSelect) {
      e.preventDefault();
      onSelect(at);
    }
  };

  return (
    <g role="listbox" aria-label="Layers" onKeyDown={onKeyDown} onPointerLeave={() => onActive(null)}>
      {columns.map((c, i) => (
        <rect
          key={i}
          ref={(r) => { rects.current[i] = r; }}
          className={`rs-col${i === selected ? ' rs-col-selected' : ''}${i === active ? ' rs-col-active' : ''}${i !== selected ? ' rs-noexport' : ''}`}
          x={c.x}
          y={top}
          width={c.width}
          height={height}
          role="option"
          aria-selected={i === selected}
          aria-label={`Layer ${labels[i]}`}
          data-layer={i}
          tabIndex={i === tabStop ? 0 : -1}
          onPointerEnter={() => onActive(i)}
          onFocus={() => onActive(i)}
          onBlur={() => onActive(null)}
          onClick={() => onSelect?.(i)}
        />
      ))}
    </g>
  );
}
