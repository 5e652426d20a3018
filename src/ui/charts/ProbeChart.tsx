// Probe accuracy per layer (mean ± std over folds) with majority, shuffled-label and control-task
// baselines, and selectivity bars underneath; click or Enter on a layer chooses it.
//
// Props: data (ProbeChartData: layers, probe, control?, shuffled?, majority?), width, height,
// title?, selectedLayer? + onSelectLayer?(layer index), exportName?, onExport?.
import { useMemo, useRef, useState } from 'react';
import { AxisBottom, AxisLeft } from './Axis';
import { ChartFrame } from './ChartFrame';
import { exportPng, exportSvg } from './exportImage';
import { ExportMenu, type ExportHandler } from './ExportMenu';
import { LayerColumns } from './LayerColumns';
import { layoutProbeChart, probeCsv, selectivityOf, type LegendKey, type ProbeChartData, type ProbeLayout } from './probeLayout';
import { chartBodySize, formatValue } from './scales';
import { useChartTheme } from './useChartTheme';

export interface ProbeChartProps {
  data: ProbeChartData;
  width: number;
  height: number;
  title?: string;
  selectedLayer?: number | null;
  onSelectLayer?: (layer: number) => void;
  exportName?: string;
  onExport?: ExportHandler;
}

export function ProbeChart({ data, width, height, title = 'Probe accuracy by layer', selectedLayer = null, onSelectLayer, exportName, onExport }: ProbeChartProps) {
  const body = chartBodySize(width, height);
  const layout = useMemo(() => layoutProbeChart(data, body.width, body.height), [data, body.width, body.height]);
  const [active, setActive] = useState<number | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const theme = useChartTheme(svgRef);
  const { plot, selPlot, axis } = layout;
  const exporters = {
    svg: () => exportSvg(svgRef.current!, { background: theme.bg }),
    png: (scale: number) => exportPng(svgRef.current!, scale, theme.bg),
    csv: () => probeCsv(data),
  };
  const shownLayer = active ?? selectedLayer;
  return (
    <ChartFrame
      title={title}
      width={width}
      height={height}
      testId="probe-chart"
      readout={shownLayer !== null ? <ProbeReadout data={data} layer={shownLayer} /> : <span className="rs-muted">Hover or focus a layer for its numbers; click or press Enter to choose it.</span>}
      tools={<ExportMenu name={exportName ?? 'probe-accuracy'} exporters={exporters} onExport={onExport} />}
    >
      <svg ref={svgRef} width={body.width} height={body.height} className="rs-svg">
        <LayerColumns columns={axis.columns} labels={data.layers} top={plot.top} height={(selPlot ? selPlot.top + selPlot.height : plot.top + plot.height) - plot.top}
          selected={selectedLayer} active={active} onActive={setActive} onSelect={onSelectLayer} />
        <g className="rs-data">
          <AxisLeft ticks={layout.yTicks} plot={plot} label="accuracy" grid />
          {layout.majorityY !== null && <line className="rs-majority" x1={plot.left} x2={plot.left + plot.width} y1={layout.majorityY} y2={layout.majorityY} />}
          {layout.shuffled && <><path className="rs-band rs-shuffled-band" d={layout.shuffled.band} /><path className="rs-line rs-shuffled" d={layout.shuffled.line} /></>}
          {layout.control && <><path className="rs-band rs-control-band" d={layout.control.band} /><path className="rs-line rs-control" d={layout.control.line} /></>}
          <path className="rs-band rs-probe-band" d={layout.probe.band} />
          <path className="rs-line rs-probe" d={layout.probe.line} />
          {axis.columns.map((c, i) => Number.isFinite(data.probe[i].mean) && <circle key={i} className="rs-probe-dot" cx={c.cx} cy={layout.y(data.probe[i].mean)} r={i === selectedLayer ? 4.5 : 2.5} />)}
          <SelectivityPanel layout={layout} />
          <AxisBottom ticks={axis.ticks} plot={selPlot ? { ...plot, height: selPlot.top + selPlot.height - plot.top } : plot} label="layer" />
          {selectedLayer !== null && axis.columns[selectedLayer] && <SelectedTick x={axis.columns[selectedLayer].cx} y={(selPlot ?? plot).top + (selPlot ?? plot).height} label={data.layers[selectedLayer]} />}
          <ProbeLegend items={layout.legend} />
        </g>
      </svg>
    </ChartFrame>
  );
}

function SelectedTick({ x, y, label }: { x: number; y: number; label: string }) {
  return (
    <g className="rs-selected-tick" transform={`translate(${x},${y})`}>
      <rect x={-Math.max(9, label.length * 3.6 + 5)} y={5} width={2 * Math.max(9, label.length * 3.6 + 5)} height={15} rx={3} />
      <text y={7} dy="0.71em" textAnchor="middle">{label}</text>
    </g>
  );
}

const SWATCH: Record<LegendKey, string> = { probe: 'rs-probe', control: 'rs-control', shuffled: 'rs-shuffled', majority: 'rs-majority' };

function ProbeLegend({ items }: { items: { key: LegendKey; label: string; x: number; y: number }[] }) {
  return (
    <g className="rs-legend-svg">
      {items.map((it) => (
        <g key={it.key} transform={`translate(${it.x},${it.y})`}>
          <line className={`rs-line ${SWATCH[it.key]}`} x1={0} x2={16} y1={0} y2={0} />
          <text x={22} dy="0.32em">{it.label}</text>
        </g>
      ))}
    </g>
  );
}

function ProbeReadout({ data, layer }: { data: ProbeChartData; layer: number }) {
  const p = data.probe[layer], c = data.control?.[layer], s = data.shuffled?.[layer];
  const sel = selectivityOf(data)[layer];
  return (
    <span>
      <strong>Layer {data.layers[layer]}</strong> · probe {formatValue(p?.mean)} ± {formatValue(p?.std)}
      {c && <> · control {formatValue(c.mean)}</>}
      {sel !== null && <> · selectivity <strong>{formatValue(sel)}</strong></>}
      {s && <> · shuffled {formatValue(s.mean)}</>}
    </span>
  );
}

/** Bars of probe − control accuracy under the accuracy panel, from a zero line. */
function SelectivityPanel({ layout }: { layout: ProbeLayout }) {
  const { selPlot, sel } = layout;
  if (!selPlot || !sel) return null;
  return (
    <g className="rs-selectivity">
      <AxisLeft ticks={layout.selTicks} plot={selPlot} grid />
      <line className="rs-axis-line" x1={selPlot.left} x2={selPlot.left + selPlot.width} y1={sel(0)} y2={sel(0)} />
      {layout.bars.map((b, i) => <rect key={i} className="rs-sel-bar" x={b.x} y={b.y} width={b.width} height={b.height} />)}
      <text className="rs-panel-label" x={selPlot.left + 4} y={selPlot.top + 2} dy="0.71em">selectivity</text>
    </g>
  );
}
