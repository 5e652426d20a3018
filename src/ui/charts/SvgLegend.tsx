// The legend drawn inside a chart's SVG (so it is part of an exported image): a line sample per series.
export interface SvgLegendItem {
  name: string;
  x: number;
  y: number;
  color: string;
  dash?: string | null;
}

export function SvgLegend({ items }: { items: readonly SvgLegendItem[] }) {
  return (
    <g className="rs-legend-svg">
      {items.map((l) => (
        <g key={l.name} transform={`translate(${l.x},${l.y})`}>
          <line className="rs-line" x1={0} x2={16} style={{ stroke: l.color }} strokeDasharray={l.dash || undefined} />
          <text x={22} dy="0.32em">{l.name}</text>
        </g>
      ))}
    </g>
  );
}
