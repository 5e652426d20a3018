// Draws a token grid laid out by tokenGridLayout (patching, logit lens, attention): coloured cells with
// optional text, row and column labels, a colour key, hover / keyboard readout and PNG/SVG/CSV export.
//
// Props: layout (TokenGridLayout), title, width, height (outer box; the layout must be made for
// chartBodySize(width, height)), describe(row, col) → readout text, tooltip?(row, col) → floating card,
// csv() and exportName for the export menu, onExport?, onSelectCell?, tools? (extra controls), testId, data?.
// Keyboard: Tab to the grid, arrows / Home / End move, Enter or Space picks.
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ChartFrame } from '../../charts/ChartFrame';
import { exportPng, exportSvg } from '../../charts/exportImage';
import { ExportMenu, type ExportHandler } from '../../charts/ExportMenu';
import { moveCell } from '../../charts/heatmapLayout';
import { chartBodySize } from '../../charts/scales';
import type { TokenGridLayout } from '../../charts/tokenGridLayout';
import { useChartTheme } from '../../charts/useChartTheme';
import './causal.css';

export interface TokenGridProps {
  layout: TokenGridLayout;
  title: string;
  width: number;
  height: number;
  describe: (row: number, col: number) => string;
  tooltip?: (row: number, col: number) => ReactNode;
  csv: () => string;
  exportName: string;
  onExport?: ExportHandler;
  onSelectCell?: (row: number, col: number) => void;
  tools?: ReactNode;
  testId: string;
  data?: Record<`data-${string}`, string | number>;
  hint?: string;
}

export function TokenGrid(props: TokenGridProps) {
  const { layout, width, height } = props;
  const body = chartBodySize(width, height);
  const [active, setActive] = useState<[number, number] | null>(null);
  const [focused, setFocused] = useState(false);
  const svgRef = useRef<SVGSVGElement>(null);
  const theme = useChartTheme(svgRef);
  const exporters = {
    svg: () => exportSvg(svgRef.current!, { background: theme.bg }),
    png: (s: number) => exportPng(svgRef.current!, s, theme.bg),
    csv: props.csv,
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const at = active ?? [0, 0];
    const next = moveCell(at, e.key, layout.rows, layout.cols);
    if (next) setActive(next);
    else if ((e.key === 'Enter' || e.key === ' ') && props.onSelectCell) props.onSelectCell(at[0], at[1]);
    else return;
    e.preventDefault();
  };
  const inGrid = active && active[0] < layout.rows && active[1] < layout.cols ? active : null;
  const readout = inGrid
    ? <span className="rs-grid-readout">{props.describe(inGrid[0], inGrid[1])}</span>
    : <span className="rs-muted">{props.hint ?? 'Hover a cell (or Tab, then arrows) to read it.'}</span>;
  return (
    <ChartFrame title={props.title} width={width} height={height} testId={props.testId} readout={readout}
      data={{ 'data-cells': layout.cells.length, 'data-rows': layout.rows, 'data-cols': layout.cols, ...props.data }}
      tools={<>{props.tools}<ExportMenu name={props.exportName} exporters={exporters} onExport={props.onExport} /></>}>
      <svg ref={svgRef} width={body.width} height={body.height} className="rs-svg">
        <g className="rs-heat" role="grid" aria-label={`${props.title}: ${layout.rows} by ${layout.cols}`} tabIndex={0}
          onKeyDown={onKeyDown} onFocus={() => { setFocused(true); setActive((a) => a ?? [0, 0]); }} onBlur={() => setFocused(false)}
          onPointerLeave={() => !focused && setActive(null)}>
          <GridCells layout={layout} active={inGrid} onActive={setActive} onSelect={props.onSelectCell} />
        </g>
        <GridLabels layout={layout} />
        {layout.key && <GridKey colourKey={layout.key} />}
      </svg>
      {inGrid && props.tooltip && <GridTooltip layout={layout} at={inGrid} width={body.width}>{props.tooltip(inGrid[0], inGrid[1])}</GridTooltip>}
    </ChartFrame>
  );
}

interface GridCellsProps {
  layout: TokenGridLayout;
  active: [number, number] | null;
  onActive: (cell: [number, number]) => void;
  onSelect?: (row: number, col: number) => void;
}

function GridCells({ layout, active, onActive, onSelect }: GridCellsProps) {
  const { cellW: w, cellH: h, grid } = layout;
  return (
    <>
      {layout.cells.map((c) => (
        <rect key={`${c.row}-${c.col}`} className="rs-cell" x={c.x} y={c.y} width={w} height={h} fill={c.fill} data-row={c.row} data-col={c.col}
          onPointerEnter={() => onActive([c.row, c.col])} onClick={() => onSelect?.(c.row, c.col)} />
      ))}
      {layout.cells.filter((c) => c.text.length > 0).map((c) => (
        <text key={`t${c.row}-${c.col}`} className="rs-cell-value" x={c.x + w / 2} y={c.y + h / 2} textAnchor="middle" style={{ fill: c.textColor }}>
          {c.text.map((line, i) => <tspan key={i} x={c.x + w / 2} dy={i === 0 ? `${0.35 - (c.text.length - 1) * 0.55}em` : '1.1em'}>{line}</tspan>)}
        </text>
      ))}
      {active && <rect className="rs-cell-active rs-noexport" x={grid.left + active[1] * w} y={grid.top + active[0] * h} width={w} height={h} />}
    </>
  );
}

function GridLabels({ layout }: { layout: TokenGridLayout }) {
  const { grid } = layout;
  const bottom = grid.top + grid.height;
  return (
    <g className="rs-axis">
      {layout.rowLabels.map((t) => (
        <text key={`r${t.index}`} className="rs-tick-label rs-row-label" x={grid.left - 6} y={t.pos} dy="0.32em" textAnchor="end">{t.label}</text>
      ))}
      {layout.colLabels.map((t) => (layout.colAngle === 0
        ? <text key={`c${t.index}`} className="rs-tick-label rs-col-label" x={t.pos} y={bottom + 6} dy="0.71em" textAnchor="middle">{t.label}</text>
        : <text key={`c${t.index}`} className="rs-tick-label rs-col-label" transform={`translate(${t.pos},${bottom + 6}) rotate(-45)`} dy="0.32em" textAnchor="end">{t.label}</text>))}
    </g>
  );
}

function GridKey({ colourKey: k }: { colourKey: NonNullable<TokenGridLayout['key']> }) {
  const id = useId();
  return (
    <g className="rs-colour-legend" aria-label={`colour key: ${k.title}`}>
      <defs>
        <linearGradient id={id} x1="0" x2="0" y1="0" y2="1">
          {k.stops.map((s) => <stop key={s.offset} offset={s.offset} stopColor={s.color} />)}
        </linearGradient>
      </defs>
      <rect className="rs-legend-bar" x={k.x} y={k.y} width={k.width} height={k.height} fill={`url(#${id})`} />
      {k.ticks.map((t, i) => (
        <g key={t.label} transform={`translate(${k.x + k.width},${k.tickPos[i]})`}>
          <line className="rs-tick" x2={4} />
          <text className="rs-tick-label" x={7} dy="0.32em">{t.label}</text>
        </g>
      ))}
      <text className="rs-axis-label" transform={`translate(${k.x + k.width + 50},${k.y + k.height / 2}) rotate(90)`} textAnchor="middle">{k.title}</text>
    </g>
  );
}

/** A card beside the active cell, flipped left when it would leave the chart. */
function GridTooltip({ layout, at, width, children }: { layout: TokenGridLayout; at: [number, number]; width: number; children: ReactNode }) {
  const x = layout.grid.left + (at[1] + 1) * layout.cellW + 6;
  const y = layout.grid.top + at[0] * layout.cellH;
  const left = x + 220 > width ? Math.max(0, layout.grid.left + at[1] * layout.cellW - 226) : x;
  return <div className="rs-tooltip rs-grid-tooltip" role="tooltip" data-testid="grid-tooltip" style={{ left, top: y, width: 220 }}>{children}</div>;
}
