// Axes and grid lines drawn from a layout's ticks (d3 computes the ticks; React draws them).
import type { Rect, Tick } from './scales';

export interface AxisProps {
  ticks: readonly Tick[];
  plot: Rect;
  /** Axis title, e.g. "PC1 (23.4%)" or "layer". */
  label?: string;
  /** Draw grid lines across the plot at each tick. */
  grid?: boolean;
}

const TICK = 4;

export function AxisBottom({ ticks, plot, label, grid }: AxisProps) {
  const y = plot.top + plot.height;
  return (
    <g className="rs-axis rs-axis-x">
      {grid && ticks.map((t) => <line key={`g${t.value}`} className="rs-grid" x1={t.pos} x2={t.pos} y1={plot.top} y2={y} />)}
      <line className="rs-axis-line" x1={plot.left} x2={plot.left + plot.width} y1={y} y2={y} />
      {ticks.map((t) => (
        <g key={t.value} transform={`translate(${t.pos},${y})`}>
          <line className="rs-tick" y2={TICK} />
          <text className="rs-tick-label" y={TICK + 3} dy="0.71em" textAnchor="middle">{t.label}</text>
        </g>
      ))}
      {label && (
        <text className="rs-axis-label" x={plot.left + plot.width / 2} y={y + 30} textAnchor="middle">{label}</text>
      )}
    </g>
  );
}

export function AxisLeft({ ticks, plot, label, grid }: AxisProps) {
  const x = plot.left;
  return (
    <g className="rs-axis rs-axis-y">
      {grid && ticks.map((t) => <line key={`g${t.value}`} className="rs-grid" x1={x} x2={x + plot.width} y1={t.pos} y2={t.pos} />)}
      <line className="rs-axis-line" x1={x} x2={x} y1={plot.top} y2={plot.top + plot.height} />
      {ticks.map((t) => (
        <g key={t.value} transform={`translate(${x},${t.pos})`}>
          <line className="rs-tick" x2={-TICK} />
          <text className="rs-tick-label" x={-TICK - 3} dy="0.32em" textAnchor="end">{t.label}</text>
        </g>
      ))}
      {label && (
        <text
          className="rs-axis-label"
          transform={`translate(${x - 40},${plot.top + plot.height / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          {label}
        </text>
      )}
    </g>
  );
}
