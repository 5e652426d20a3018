// Scatter of up to tens of thousands of points (canvas): pan/zoom, hover tooltips with the read
// token marked, click to pin, lasso to select, legend toggles, animated moves between projections.
//
// Props (all sizes in CSS pixels):
//   points             Float32Array, interleaved [x0, y0, x1, y1, …]; NaN points are skipped.
//   categories         class index per point (−1 = unlabelled); categoryNames[c] names class c.
//   tooltip(i)         → { text, highlight: [start, end) | null, label } for hover, pin and lists.
//   axisLabels         e.g. ['PC1 (23.4%)', 'PC2 (11.0%)'].
//   selected/onSelect  lasso selection (indices); pinned/onPin  the pinned point (or null);
//   hiddenCategories/onHiddenCategoriesChange  legend state. Each pair is optional: leave both
//                      out and the chart keeps the state itself.
//   equalAspect        same units per pixel on both axes (default false); animate (default true).
//   onExport           receives exported files instead of downloading them.
import { useCallback, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { AxisBottom, AxisLeft } from './Axis';
import { CategoryLegend } from './CategoryLegend';
import { ChartFrame } from './ChartFrame';
import { ExportMenu, type ChartExporters, type ExportHandler } from './ExportMenu';
import { lassoPath, type Vertex } from './lasso';
import { chartBodySize } from './scales';
import { scatterCsv, scatterPng, scatterSvg } from './scatterExport';
import { IDENTITY, categoryOf, scatterTicks, zoomAround, type ZoomTransform } from './scatterLayout';
import { inRect, lassoPick, pickPoint, screenOf } from './scatterPick';
import { ScatterTooltip, type PointInfo } from './ScatterTooltip';
import { useChartTheme } from './useChartTheme';
import { useControllable } from './useControllable';
import { usePanZoom } from './usePanZoom';
import { useScatterModel, type ScatterModel } from './useScatterModel';
import { useScatterPainter } from './useScatterPainter';

export interface ScatterPlotProps {
  points: Float32Array;
  categories: ArrayLike<number>;
  categoryNames: readonly string[];
  tooltip: (i: number) => PointInfo;
  width: number;
  height: number;
  title?: string;
  axisLabels?: readonly [string, string];
  selected?: ReadonlySet<number>;
  onSelect?: (indices: number[]) => void;
  pinned?: number | null;
  onPin?: (i: number | null) => void;
  hiddenCategories?: ReadonlySet<number>;
  onHiddenCategoriesChange?: (next: Set<number>) => void;
  equalAspect?: boolean;
  animate?: boolean;
  exportName?: string;
  onExport?: ExportHandler;
}

export const LEGEND_WIDTH = 168;
const GAP = 10;
/** Hover and click pick the nearest point within this many screen pixels. */
export const PICK_RADIUS = 8;
const EMPTY: ReadonlySet<number> = new Set();
const HINT = 'Drag to pan, wheel to zoom, Shift+drag to lasso; keys: + and − zoom, arrows pan, 0 resets, Escape clears.';

function useScatterState(props: ScatterPlotProps) {
  const { onSelect, onHiddenCategoriesChange } = props;
  const onSelectSet = useCallback((s: ReadonlySet<number>) => onSelect?.([...s].sort((a, b) => a - b)), [onSelect]);
  const onHiddenSet = useCallback((s: ReadonlySet<number>) => onHiddenCategoriesChange?.(new Set(s)), [onHiddenCategoriesChange]);
  const [selected, setSelected] = useControllable<ReadonlySet<number>>(props.selected, onSelectSet, EMPTY);
  const [pinned, setPinned] = useControllable<number | null>(props.pinned, props.onPin, null);
  const [hidden, setHidden] = useControllable<ReadonlySet<number>>(props.hiddenCategories, onHiddenSet, EMPTY);
  return { selected, setSelected, pinned, setPinned, hidden, setHidden };
}

/** Keyboard zoom and pan about the stage centre, and Escape to clear. */
function scatterKeys(t: ZoomTransform, stage: { width: number; height: number }, set: (t: ZoomTransform) => void, clear: () => void): Record<string, () => void> {
  const cx = stage.width / 2, cy = stage.height / 2;
  const zoom = (f: number) => () => set(zoomAround(t, cx, cy, f));
  const pan = (dx: number, dy: number) => () => set({ ...t, x: t.x + dx, y: t.y + dy });
  return {
    '+': zoom(1.5), '=': zoom(1.5), '-': zoom(1 / 1.5), '0': () => set(IDENTITY),
    ArrowLeft: pan(40, 0), ArrowRight: pan(-40, 0), ArrowUp: pan(0, 40), ArrowDown: pan(0, -40), Escape: clear,
  };
}

type ScatterState = ReturnType<typeof useScatterState>;

/** Hover, click-to-pin, lasso, pan/zoom and keys, wired to the chart's state. */
function useScatterInteraction(hit: RefObject<HTMLDivElement | null>, transform: RefObject<ZoomTransform>, model: ScatterModel, st: ScatterState, stage: { width: number; height: number }, requestPaint: () => void) {
  const [lassoMode, setLassoMode] = useState(false);
  const [hover, setHover] = useState<number | null>(null);
  const [lasso, setLasso] = useState<Vertex[] | null>(null);
  const pick = (x: number, y: number) => pickPoint(model.layout, model.grid, transform.current, x, y, PICK_RADIUS);
  const panZoom = usePanZoom(hit, transform, lassoMode, {
    onTransform: requestPaint,
    onHover: (x, y) => setHover(pick(x, y)),
    onLeave: () => setHover(null),
    onClick: (x, y) => {
      const i = pick(x, y);
      st.setPinned(i !== null && i !== st.pinned ? i : null);
    },
    onLassoDraw: (poly) => setLasso(poly ? [...poly] : null),
    onLasso: (poly) => st.setSelected(new Set(lassoPick(model.layout, model.visible, transform.current, poly))),
  });
  const onKeyDown = (e: KeyboardEvent) => {
    const action = scatterKeys(transform.current, stage, panZoom.setTransform, () => { st.setSelected(EMPTY); st.setPinned(null); })[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };
  return { panZoom, hover, lasso, lassoMode, setLassoMode, onKeyDown };
}

export function ScatterPlot(props: ScatterPlotProps) {
  const { points, categories, categoryNames, tooltip, width, height } = props;
  const body = chartBodySize(width, height);
  const stage = { width: Math.max(0, body.width - LEGEND_WIDTH - GAP), height: body.height };
  const st = useScatterState(props);
  const model = useScatterModel({ points, categories, categoryCount: categoryNames.length, hidden: st.hidden, ...stage, equalAspect: props.equalAspect, pickRadius: PICK_RADIUS });
  const { layout, visible } = model;
  const refs = { stage: useRef<HTMLDivElement>(null), canvas: useRef<HTMLCanvasElement>(null), axes: useRef<SVGSVGElement>(null), hit: useRef<HTMLDivElement>(null) };
  const transform = useRef<ZoomTransform>(IDENTITY);
  const theme = useChartTheme(refs.stage);
  const { view, requestPaint } = useScatterPainter(refs.canvas, transform, model, st.selected, theme, props.animate ?? true);
  const { panZoom, hover, lasso, lassoMode, setLassoMode, onKeyDown } = useScatterInteraction(refs.hit, transform, model, st, stage, requestPaint);
  const exportInput = () => ({ axes: refs.axes.current!, layout, transform: transform.current, groups: model.groups, selected: st.selected, radius: model.radius, alpha: model.alpha, names: categoryNames, counts: model.counts, hidden: st.hidden, theme });
  const exporters: ChartExporters = {
    svg: () => scatterSvg(exportInput()),
    png: (scale) => scatterPng(exportInput(), scale),
    csv: () => scatterCsv(points, categories, categoryNames, st.selected, (i) => tooltip(i).text),
  };
  const card = (i: number | null, pinned: boolean) => {
    if (i === null || (!pinned && i === st.pinned)) return null;
    const [x, y] = screenOf(layout, view, i);
    return inRect(layout.plot, x, y) ? <ScatterTooltip info={tooltip(i)} index={i} category={categoryOf(categories, i)} x={x} y={y} bounds={stage} pinned={pinned} /> : null;
  };
  const ticks = scatterTicks(layout, view);
  return (
    <ChartFrame title={props.title ?? 'Projection'} width={width} height={height} testId="scatter" data={{ 'data-points': visible.length }}
      readout={<ScatterReadout shown={visible.length} total={layout.count} selected={st.selected.size} zoom={view.k} />}
      tools={<ScatterTools lassoMode={lassoMode} setLassoMode={setLassoMode} canReset={view !== IDENTITY} reset={() => panZoom.setTransform(IDENTITY)}
        exportMenu={<ExportMenu name={props.exportName ?? 'scatter'} exporters={exporters} onExport={props.onExport} />} />}>
      <div className="rs-scatter">
        <div className="rs-stage" ref={refs.stage} style={stage}>
          <svg ref={refs.axes} className="rs-layer" width={stage.width} height={stage.height}>
            <AxisBottom ticks={ticks.x} plot={layout.plot} label={props.axisLabels?.[0]} grid />
            <AxisLeft ticks={ticks.y} plot={layout.plot} label={props.axisLabels?.[1]} grid />
          </svg>
          <canvas ref={refs.canvas} className="rs-layer" style={stage} data-testid="scatter-canvas" />
          <ScatterOverlay model={model} view={view} hover={hover} pinned={st.pinned} lasso={lasso} size={stage} />
          <div ref={refs.hit} className={`rs-layer rs-hit${lassoMode ? ' rs-hit-lasso' : ''}`} tabIndex={0} role="application"
            aria-roledescription="scatter plot" aria-label={`${visible.length} points. ${HINT}`} onKeyDown={onKeyDown} {...panZoom.handlers} />
          {card(st.pinned, true)}
          {card(hover, false)}
        </div>
        <CategoryLegend names={categoryNames} counts={model.counts} hidden={st.hidden} onHiddenChange={st.setHidden} width={LEGEND_WIDTH} height={stage.height} />
      </div>
    </ChartFrame>
  );
}

interface OverlayProps {
  model: ScatterModel;
  view: ZoomTransform;
  hover: number | null;
  pinned: number | null;
  lasso: Vertex[] | null;
  size: { width: number; height: number };
}

/** Rings on the hovered and pinned points, and the lasso being drawn. */
function ScatterOverlay({ model, view, hover, pinned, lasso, size }: OverlayProps) {
  const ring = (i: number | null, cls: string) => {
    if (i === null || !Number.isFinite(model.layout.pixels[2 * i])) return null;
    const [x, y] = screenOf(model.layout, view, i);
    return inRect(model.layout.plot, x, y) ? <circle className={cls} cx={x} cy={y} r={model.radius + 3.5} /> : null;
  };
  return (
    <svg className="rs-layer rs-overlay" width={size.width} height={size.height} aria-hidden="true">
      {ring(pinned, 'rs-ring rs-ring-pinned')}
      {hover !== pinned && ring(hover, 'rs-ring')}
      {lasso && <path className="rs-lasso" d={lassoPath(lasso, false)} />}
    </svg>
  );
}

interface ToolsProps {
  lassoMode: boolean;
  setLassoMode: (on: boolean) => void;
  canReset: boolean;
  reset: () => void;
  exportMenu: ReactNode;
}

function ScatterTools({ lassoMode, setLassoMode, canReset, reset, exportMenu }: ToolsProps) {
  return (
    <>
      <div className="rs-segmented" role="group" aria-label="Drag mode">
        <button type="button" className="rs-button" aria-pressed={!lassoMode} onClick={() => setLassoMode(false)}>Pan</button>
        <button type="button" className="rs-button" aria-pressed={lassoMode} onClick={() => setLassoMode(true)}>Lasso</button>
      </div>
      <button type="button" className="rs-button" onClick={reset} disabled={!canReset}>Reset view</button>
      {exportMenu}
    </>
  );
}

function ScatterReadout({ shown, total, selected, zoom }: { shown: number; total: number; selected: number; zoom: number }) {
  const n = (v: number) => v.toLocaleString('en-US');
  return (
    <span>
      {n(shown)}{shown < total ? ` of ${n(total)}` : ''} points
      {selected > 0 && <> · <strong>{n(selected)} selected</strong></>}
      {zoom !== 1 && <> · zoom {zoom.toFixed(1)}×</>}
      <span className="rs-muted"> · drag pans, wheel zooms, Shift+drag lassos, click pins</span>
    </span>
  );
}
