// A matrix heat map with row and column labels and a colour legend: CKA layer × layer
// (sequential viridis/cividis) or cosine of directions across layers (diverging, centred on 0).
//
// Props: values (row-major, rows·cols), rows, cols, rowLabels, colLabels, scale (HeatScale),
// width, height, title?, xLabel?, yLabel?, legendLabel?, showValues? ('auto' | boolean),
// onSelectCell?(row, col), exportName?, onExport?. Keyboard: Tab to the grid, arrows move, Enter picks.
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { AxisBottom, AxisLeft } from './Axis';
import { ChartFrame } from './ChartFrame';
import { exportPng, exportSvg } from './exportImage';
import { ExportMenu, type ExportHandler } from './ExportMenu';
import { cellLabel, heatmapCsv, layoutHeatmap, moveCell, type HeatmapLayout, type HeatScale } from './heatmapLayout';
import { chartBodySize, formatValue } from './scales';
import { useChartTheme } from './useChartTheme';

export interface HeatmapProps {
  values: ArrayLike<number>;
  rows: number;
  cols: number;
  rowLabels: readonly string[];
  colLabels: readonly string[];
  scale: HeatScale;
  width: number;
  height: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  legendLabel?: string;
  showValues?: 'auto' | boolean;
  onSelectCell?: (row: number, col: number) => void;
  exportName?: string;
  onExport?: ExportHandler;
  testId?: string;
}

export function Heatmap(props: HeatmapProps) {
  const { values, rows, cols, rowLabels, colLabels, scale, width, height } = props;
  const body = chartBodySize(width, height);
  const layout = useMemo(() => layoutHeatmap(values, rows, cols, rowLabels, colLabels, scale, body.width, body.height), [values, rows, cols, rowLabels, colLabels, scale, body.width, body.height]);
  const [active, setActive] = useState<[number, number] | null>(null);
  const [focused, setFocused] = useState(false);
  const svgRef = useRef<SVGSVGElement>(null);
  const theme = useChartTheme(svgRef);
  const gradId = useId();
  const { grid, legend } = layout;
  const printValues = props.showValues === true || (props.showValues !== false && layout.roomForValues);
  const exporters = {
    svg: () => exportSvg(svgRef.current!, { background: theme.bg }),
    png: (s: number) => exportPng(svgRef.current!, s, theme.bg),
    csv: () => heatmapCsv(values, rows, cols, rowLabels, colLabels),
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const [r, c] = active ?? [0, 0];
    const next = moveCell([r, c], e.key, rows, cols);
    if (next) setActive(next);
    else if ((e.key === 'Enter' || e.key === ' ') && props.onSelectCell) props.onSelectCell(r, c);
    else return;
    e.preventDefault();
  };
  const readout = active
    ? <span><strong>{props.yLabel ?? 'row'} {rowLabels[active[0]]} × {props.xLabel ?? 'col'} {colLabels[active[1]]}</strong>: {formatValue(values[active[0] * cols + active[1]])}</span>
    : <span className="rs-muted">Hover a cell (or Tab, then arrows) to read it.</span>;
  return (
    <ChartFrame title={props.title ?? 'Heat map'} width={width} height={height} testId={props.testId ?? 'heatmap'} readout={readout}
      tools={<ExportMenu name={props.exportName ?? 'heatmap'} exporters={exporters} onExport={props.onExport} />}>
      <svg ref={svgRef} width={body.width} height={body.height} className="rs-svg">
        <g className="rs-heat" role="grid" aria-label={`${props.title ?? 'Heat map'}: ${rows} by ${cols}`} tabIndex={0}
          onKeyDown={onKeyDown} onFocus={() => { setFocused(true); setActive((a) => a ?? [0, 0]); }} onBlur={() => setFocused(false)}
          onPointerLeave={() => !focused && setActive(null)}>
          <HeatCells layout={layout} printValues={printValues} active={active} onActive={setActive} onSelect={props.onSelectCell} />
        </g>
        <AxisBottom ticks={layout.colTicks} plot={grid} label={props.xLabel} />
        <AxisLeft ticks={layout.rowTicks} plot={grid} label={props.yLabel} />
        <ColourLegend legend={legend} domain={layout.domain} gradient={gradId} label={props.legendLabel} />
      </svg>
    </ChartFrame>
  );
}

interface ColourLegendProps {
  legend: HeatmapLayout['legend'];
  domain: [number, number];
  gradient: string;
  label?: string;
}

/** The colour bar with its ticks and title, right of the grid. */
function ColourLegend({ legend, domain, gradient, label }: ColourLegendProps) {
  return (
    <g className="rs-colour-legend" aria-label={`colour scale from ${formatValue(domain[0])} to ${formatValue(domain[1])}`}>
      <defs>
        <linearGradient id={gradient} x1="0" x2="0" y1="0" y2="1">
          {legend.stops.map((s) => <stop key={s.offset} offset={s.offset} stopColor={s.color} />)}
        </linearGradient>
      </defs>
      <rect x={legend.x} y={legend.y} width={legend.width} height={legend.height} fill={`url(#${gradient})`} className="rs-legend-bar" />
      {legend.ticks.map((t) => (
        <g key={t.value} transform={`translate(${legend.x + legend.width},${t.pos})`}>
          <line className="rs-tick" x2={4} />
          <text className="rs-tick-label" x={7} dy="0.32em">{t.label}</text>
        </g>
      ))}
      {label && <text className="rs-axis-label" transform={`translate(${legend.x + legend.width + 50},${legend.y + legend.height / 2}) rotate(90)`} textAnchor="middle">{label}</text>}
    </g>
  );
}

interface HeatCellsProps {
  layout: HeatmapLayout;
  printValues: boolean;
  active: [number, number] | null;
  onActive: (cell: [number, number]) => void;
  onSelect?: (row: number, col: number) => void;
}

/** The coloured cells, their printed values when there is room, and the active cell's outline. */
function HeatCells({ layout, printValues, active, onActive, onSelect }: HeatCellsProps) {
  const { cell, grid } = layout;
  return (
    <>
      {layout.cells.map((c) => (
        <rect key={`${c.row}-${c.col}`} className={c.fill ? 'rs-cell' : 'rs-cell rs-cell-missing'} x={c.x} y={c.y} width={cell} height={cell}
          fill={c.fill ?? undefined} data-row={c.row} data-col={c.col}
          onPointerEnter={() => onActive([c.row, c.col])} onClick={() => onSelect?.(c.row, c.col)} />
      ))}
      {printValues && layout.cells.map((c) => (
        <text key={`t${c.row}-${c.col}`} className="rs-cell-value" x={c.x + cell / 2} y={c.y + cell / 2} dy="0.35em" textAnchor="middle" style={{ fill: c.text }}>{cellLabel(c.value)}</text>
      ))}
      {active && <rect className="rs-cell-active rs-noexport" x={grid.left + active[1] * cell} y={grid.top + active[0] * cell} width={cell} height={cell} />}
    </>
  );
}
