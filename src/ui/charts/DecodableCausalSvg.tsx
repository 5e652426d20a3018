// The drawing of the "decodable vs causal" chart with every colour given as an attribute from a ChartTheme, so
// the same markup works in the app (inside DecodableCausalChart) and as a standalone file rendered on a server.
//
// Props: layout (layoutDecodableCausal), width, height, theme, selectedLayer?, svgRef?, heading? (a title and
// subtitle drawn above the plot, for standalone files), children (drawn under the data, e.g. layer columns).
import type { ReactNode, Ref } from 'react';
import type { ChartTheme } from '../theme';
import type { DecodableCausalLayout, MarkerShape } from './decodableCausalLayout';
import type { Rect, Tick } from './scales';

export interface DecodableCausalSvgProps {
  layout: DecodableCausalLayout;
  width: number;
  height: number;
  theme: ChartTheme;
  selectedLayer?: number | null;
  svgRef?: Ref<SVGSVGElement>;
  heading?: { title: string; subtitle?: string };
  children?: ReactNode;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
/** Height of the heading block of standalone files. */
export const HEADING_HEIGHT = 44;

export function Marker({ shape, x, y, color, bg, size = 3.4 }: { shape: MarkerShape; x: number; y: number; color: string; bg: string; size?: number }) {
  const s = size;
  const common = { fill: color, stroke: bg, strokeWidth: 1 };
  if (shape === 'circle') return <circle cx={x} cy={y} r={s} {...common} />;
  if (shape === 'square') return <rect x={x - s} y={y - s} width={2 * s} height={2 * s} {...common} />;
  if (shape === 'triangle') return <path d={`M${x},${y - 1.25 * s}L${x + 1.2 * s},${y + s}L${x - 1.2 * s},${y + s}Z`} {...common} />;
  if (shape === 'diamond') return <path d={`M${x},${y - 1.3 * s}L${x + 1.3 * s},${y}L${x},${y + 1.3 * s}L${x - 1.3 * s},${y}Z`} {...common} />;
  return <path d={`M${x - s},${y - s}L${x + s},${y + s}M${x - s},${y + s}L${x + s},${y - s}`} stroke={color} strokeWidth={2} fill="none" />;
}

function YAxis({ ticks, plot, theme }: { ticks: readonly Tick[]; plot: Rect; theme: ChartTheme }) {
  return (
    <g>
      {ticks.map((t) => <line key={`g${t.value}`} x1={plot.left} x2={plot.left + plot.width} y1={t.pos} y2={t.pos} stroke={theme.grid} />)}
      <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.top + plot.height} stroke={theme.axis} />
      {ticks.map((t) => (
        <text key={t.value} x={plot.left - 7} y={t.pos} dy="0.32em" textAnchor="end" fill={theme.muted} fontSize={11}>{t.label}</text>
      ))}
      <text transform={`translate(${plot.left - 38},${plot.top + plot.height / 2}) rotate(-90)`} textAnchor="middle" fill={theme.muted} fontSize={11.5}>
        accuracy · success · share (0–1)
      </text>
    </g>
  );
}

function XAxis({ ticks, plot, theme, zeroY }: { ticks: readonly Tick[]; plot: Rect; theme: ChartTheme; zeroY: number }) {
  const y = plot.top + plot.height;
  return (
    <g>
      <line x1={plot.left} x2={plot.left + plot.width} y1={y} y2={y} stroke={theme.axis} />
      {zeroY < y - 0.5 && <line x1={plot.left} x2={plot.left + plot.width} y1={zeroY} y2={zeroY} stroke={theme.axis} />}
      {ticks.map((t) => (
        <g key={t.value} transform={`translate(${t.pos},${y})`}>
          <line y2={4} stroke={theme.axis} />
          <text y={7} dy="0.71em" textAnchor="middle" fill={theme.muted} fontSize={11}>{t.label}</text>
        </g>
      ))}
      <text x={plot.left + plot.width / 2} y={y + 30} textAnchor="middle" fill={theme.muted} fontSize={11.5}>layer (residual stream entering the block)</text>
    </g>
  );
}

function Marks({ layout, theme }: { layout: DecodableCausalLayout; theme: ChartTheme }) {
  const { plot } = layout;
  const mark = (y: number, label: string, anchor: 'start' | 'end') => (
    <g key={label}>
      <line x1={plot.left} x2={plot.left + plot.width} y1={y} y2={y} stroke={theme.fg} strokeOpacity={0.55} strokeDasharray="4 4" />
      <text x={anchor === 'end' ? plot.left + plot.width - 4 : plot.left + 4} y={y - 4} textAnchor={anchor} fill={theme.muted} fontSize={10.5}>{label}</text>
    </g>
  );
  return (
    <g>
      {layout.chanceY !== null && mark(layout.chanceY, 'probe chance', 'end')}
      {layout.baselineY !== null && mark(layout.baselineY, 'unsteered', 'start')}
    </g>
  );
}

function Legend({ layout, theme }: { layout: DecodableCausalLayout; theme: ChartTheme }) {
  return (
    <g>
      {layout.legend.map((l) => (
        <g key={l.key} transform={`translate(${l.x},${l.y})`}>
          <line x1={0} x2={16} stroke={l.color} strokeWidth={2} strokeDasharray={l.dash || undefined} />
          <Marker shape={l.marker} x={8} y={0} color={l.color} bg={theme.bg} size={2.8} />
          <text x={22} dy="0.32em" fill={theme.fg} fontSize={11}>{l.label}</text>
        </g>
      ))}
    </g>
  );
}

export function DecodableCausalSvg({ layout, width, height, theme, selectedLayer = null, svgRef, heading, children }: DecodableCausalSvgProps) {
  const top = heading ? HEADING_HEIGHT : 0;
  const zeroY = layout.y(0);
  return (
    <svg ref={svgRef} xmlns="http://www.w3.org/2000/svg" width={width} height={height + top} viewBox={`0 0 ${width} ${height + top}`} fontFamily={FONT} style={{ display: 'block', overflow: 'visible' }}>
      {heading && (
        <g>
          <rect width={width} height={height + top} fill={theme.bg} />
          <text x={12} y={20} fill={theme.fg} fontSize={14} fontWeight={600}>{heading.title}</text>
          {heading.subtitle && <text x={12} y={36} fill={theme.muted} fontSize={11}>{heading.subtitle}</text>}
        </g>
      )}
      <g transform={top ? `translate(0,${top})` : undefined}>
        {children}
        <YAxis ticks={layout.yTicks} plot={layout.plot} theme={theme} />
        <XAxis ticks={layout.axis.ticks} plot={layout.plot} theme={theme} zeroY={zeroY} />
        <Marks layout={layout} theme={theme} />
        {layout.series.map((s) => (
          <g key={s.key} data-series={s.key}>
            {s.band && <path d={s.band} fill={s.color} fillOpacity={0.18} stroke="none" />}
            <path d={s.line} fill="none" stroke={s.color} strokeWidth={2} strokeDasharray={s.dash || undefined} strokeLinejoin="round" strokeLinecap="round" />
            {s.dots.map((d) => <Marker key={d.layer} shape={s.marker} x={d.x} y={d.y} color={s.color} bg={theme.bg} size={d.layer === selectedLayer ? 4.4 : 3.4} />)}
          </g>
        ))}
        <Legend layout={layout} theme={theme} />
      </g>
    </svg>
  );
}
