// Per-layer lines for several series (e.g. reading accuracy of mean-difference and
// PCA-of-differences directions), with optional ± std bands, a baseline and layer selection.
//
// Props: layers (names), series (LineSeries[]: name, values, std?), width, height, title?,
// yLabel?, yDomain?, baseline? { value, label }, selectedLayer? + onSelectLayer?, exportName?, onExport?.
import { useMemo, useRef, useState } from 'react';
import { AxisBottom, AxisLeft } from './Axis';
import { ChartFrame } from './ChartFrame';
import { exportPng, exportSvg } from './exportImage';
import { ExportMenu, type ExportHandler } from './ExportMenu';
import { LayerColumns } from './LayerColumns';
import { layoutLineChart, lineCsv, type LineLayout, type LineSeries } from './lineLayout';
import { chartBodySize, formatValue } from './scales';
import { useChartTheme } from './useChartTheme';
import { SvgLegend } from './SvgLegend';

export interface LineChartProps {
  layers: readonly string[];
  series: readonly LineSeries[];
  width: number;
  height: number;
  title?: string;
  yLabel?: string;
  yDomain?: [number, number];
  baseline?: { value: number; label: string } | null;
  selectedLayer?: number | null;
  onSelectLayer?: (layer: number) => void;
  exportName?: string;
  onExport?: ExportHandler;
  testId?: string;
}

export function LineChart(props: LineChartProps) {
  const { layers, series, width, height, selectedLayer = null, baseline = null } = props;
  const body = chartBodySize(width, height);
  const layout = useMemo(
    () => layoutLineChart(layers, series, body.width, body.height, { yDomain: props.yDomain, baseline: baseline?.value }),
    [layers, series, body.width, body.height, props.yDomain, baseline?.value],
  );
  const [active, setActive] = useState<number | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const theme = useChartTheme(svgRef);
  const { plot, axis } = layout;
  const exporters = {
    svg: () => exportSvg(svgRef.current!, { background: theme.bg }),
    png: (scale: number) => exportPng(svgRef.current!, scale, theme.bg),
    csv: () => lineCsv(layers, series),
  };
  const shown = active ?? selectedLayer;
  return (
    <ChartFrame
      title={props.title ?? 'By layer'}
      width={width}
      height={height}
      testId={props.testId ?? 'line-chart'}
      readout={shown !== null ? (
        <span><strong>Layer {layers[shown]}</strong>{series.map((s) => <span key={s.name}> · {s.name} {formatValue(s.values[shown])}</span>)}</span>
      ) : <span className="rs-muted">Hover or focus a layer for its numbers.</span>}
      tools={<ExportMenu name={props.exportName ?? 'by-layer'} exporters={exporters} onExport={props.onExport} />}
    >
      <svg ref={svgRef} width={body.width} height={body.height} className="rs-svg">
        <LayerColumns columns={axis.columns} labels={layers} top={plot.top} height={plot.height} selected={selectedLayer} active={active} onActive={setActive} onSelect={props.onSelectLayer} />
        <g className="rs-data">
          <AxisLeft ticks={layout.yTicks} plot={plot} label={props.yLabel} grid />
          <AxisBottom ticks={axis.ticks} plot={plot} label="layer" />
          {layout.baselineY !== null && (
            <g className="rs-baseline">
              <line className="rs-majority" x1={plot.left} x2={plot.left + plot.width} y1={layout.baselineY} y2={layout.baselineY} />
              <text className="rs-panel-label" x={plot.left + plot.width - 4} y={layout.baselineY - 4} textAnchor="end">{baseline?.label}</text>
            </g>
          )}
          <LineSeriesPaths layout={layout} selectedLayer={selectedLayer} />
        </g>
      </svg>
    </ChartFrame>
  );
}

/** Each series' band, line and markers, and the legend row(s) above the plot. */
function LineSeriesPaths({ layout, selectedLayer }: { layout: LineLayout; selectedLayer: number | null }) {
  return (
    <>
      {layout.paths.map((p) => (
        <g key={p.name} className="rs-series">
          {p.band && <path className="rs-band" d={p.band} style={{ fill: p.color }} />}
          <path className="rs-line" d={p.line} style={{ stroke: p.color }} strokeDasharray={p.dash || undefined} />
          {p.dots.map((d) => <circle key={d.layer} cx={d.x} cy={d.y} r={d.layer === selectedLayer ? 4 : 2.5} style={{ fill: p.color }} />)}
        </g>
      ))}
      <SvgLegend items={layout.legend} />
    </>
  );
}
