// Draws a line chart laid out by xyLayout (numeric x): series with markers, reference marks, a legend,
// a readout of every series at the hovered or focused x, and PNG/SVG/CSV export.
//
// Props: layout (XYLayout made for chartBodySize(width, height)), series (the layout's input, for the
// readout), title, width, height, xLabel, yLabel, formatX?, csv(), exportName, onExport?, testId, hint?.
// Keyboard: Tab to the plot, Left / Right (Home / End) step through the x values.
import { useRef, useState, type KeyboardEvent } from 'react';
import { AxisBottom, AxisLeft } from '../../charts/Axis';
import { ChartFrame } from '../../charts/ChartFrame';
import { exportPng, exportSvg } from '../../charts/exportImage';
import { ExportMenu, type ExportHandler } from '../../charts/ExportMenu';
import { chartBodySize, formatValue } from '../../charts/scales';
import { useChartTheme } from '../../charts/useChartTheme';
import { nearestStop, valuesAt, type XYLayout, type XYSeries } from '../../charts/xyLayout';
import './causal.css';
import { SvgLegend } from '../../charts/SvgLegend';

export interface XYChartProps {
  layout: XYLayout;
  series: readonly XYSeries[];
  title: string;
  width: number;
  height: number;
  xLabel: string;
  yLabel: string;
  formatX?: (x: number) => string;
  formatY?: (y: number | null) => string;
  csv: () => string;
  exportName: string;
  onExport?: ExportHandler;
  testId: string;
  hint?: string;
}

export function XYChart(props: XYChartProps) {
  const { layout, series, width, height } = props;
  const body = chartBodySize(width, height);
  const [active, setActive] = useState<number | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const theme = useChartTheme(svgRef);
  const { plot, stops } = layout;
  const fx = props.formatX ?? ((x: number) => formatValue(x));
  const fy = props.formatY ?? formatValue;
  const exporters = {
    svg: () => exportSvg(svgRef.current!, { background: theme.bg }),
    png: (s: number) => exportPng(svgRef.current!, s, theme.bg),
    csv: props.csv,
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const at = active ?? 0, last = stops.length - 1;
    const moves: Record<string, number> = { ArrowRight: at + 1, ArrowUp: at + 1, ArrowLeft: at - 1, ArrowDown: at - 1, Home: 0, End: last };
    if (!(e.key in moves) || last < 0) return;
    e.preventDefault();
    setActive(Math.max(0, Math.min(last, moves[e.key])));
  };
  const shown = active !== null && stops[active] ? stops[active] : null;
  const readout = shown
    ? <span><strong>{props.xLabel} {fx(shown.value)}</strong>{valuesAt(series, shown.value).map((v, i) => <span key={series[i].name}> · {series[i].name} {fy(v)}</span>)}</span>
    : <span className="rs-muted">{props.hint ?? 'Hover (or Tab, then arrows) to read the values.'}</span>;
  return (
    <ChartFrame title={props.title} width={width} height={height} testId={props.testId} readout={readout} data={{ 'data-series': series.length, 'data-points': stops.length }}
      tools={<ExportMenu name={props.exportName} exporters={exporters} onExport={props.onExport} />}>
      <svg ref={svgRef} width={body.width} height={body.height} className="rs-svg">
        <AxisLeft ticks={layout.yTicks} plot={plot} label={props.yLabel} grid />
        <AxisBottom ticks={layout.xTicks} plot={plot} label={props.xLabel} />
        <g className="rs-marks">
          {layout.marks.map((m) => (
            <g key={`${m.axis}${m.value}`} className="rs-mark" data-axis={m.axis} data-value={m.value}>
              <line className="rs-majority" x1={m.x1} x2={m.x2} y1={m.y1} y2={m.y2} strokeDasharray="4 3" />
              {m.label && <text className="rs-panel-label" x={m.axis === 'y' ? m.x2 - 3 : m.x1 + 3} y={m.labelY} textAnchor={m.axis === 'y' ? 'end' : 'start'}>{m.label}</text>}
            </g>
          ))}
        </g>
        {shown && <line className="rs-xy-cursor rs-noexport" x1={shown.pos} x2={shown.pos} y1={plot.top} y2={plot.top + plot.height} />}
        <XYPaths layout={layout} />
        <rect className="rs-xy-hit" x={plot.left} y={plot.top} width={plot.width} height={plot.height} tabIndex={0} role="img"
          aria-label={`${props.title}: ${series.map((s) => s.name).join(', ')} against ${props.xLabel}`}
          onPointerMove={(e) => setActive(nearestStop(layout, e.clientX - e.currentTarget.getBoundingClientRect().left + plot.left))}
          onPointerLeave={() => setActive(null)} onFocus={() => setActive((a) => a ?? (stops.length ? 0 : null))} onBlur={() => setActive(null)} onKeyDown={onKeyDown} />
      </svg>
    </ChartFrame>
  );
}

function XYPaths({ layout }: { layout: XYLayout }) {
  return (
    <g className="rs-data">
      {layout.paths.map((p) => (
        <g key={p.name} className="rs-series" data-name={p.name}>
          <path className="rs-line" d={p.line} style={{ stroke: p.color }} strokeDasharray={p.dash || undefined} />
          {p.dots.map((d) => <circle key={d.at} cx={d.x} cy={d.y} r={2.5} style={{ fill: p.color }} data-x={d.at} data-y={d.value} />)}
        </g>
      ))}
      <SvgLegend items={layout.legend} />
    </g>
  );
}
