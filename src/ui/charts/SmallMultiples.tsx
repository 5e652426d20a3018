// Every layer's projection side by side for one site, on one canvas; click a cell (or Tab to it,
// move with arrows, press Enter/Space) to choose the layer. A selection is highlighted in every cell.
//
// Props: projections (one interleaved Float32Array per layer), layerLabels, categories,
// categoryNames, hiddenCategories?, selected?, selectedLayer, onSelectLayer?, width, height,
// title?, maxPoints? (default 4000: each cell draws an even sample, which keeps 13 cells of 20k
// points fast and readable), exportName?, onExport?.
import { useEffect, useMemo, useRef } from 'react';
import { categoryColor } from '../palette';
import type { ChartTheme } from '../theme';
import { ChartFrame } from './ChartFrame';
import { drawPoints, prepareCanvas } from './drawPoints';
import { composePng } from './exportImage';
import { ExportMenu, type ExportHandler } from './ExportMenu';
import { chartBodySize } from './scales';
import { IDENTITY, categoryOf, groupByCategory } from './scatterLayout';
import { capIndices, SVG_POINT_CAP } from './scatterExport';
import { fitPointsToRect, layoutSmallMultiples, moveInGrid, smallMultiplesCsv, type SmallMultiplesLayout } from './smallMultiplesLayout';
import { useChartTheme } from './useChartTheme';

export interface SmallMultiplesProps {
  projections: readonly Float32Array[];
  layerLabels: readonly string[];
  categories: ArrayLike<number>;
  categoryNames: readonly string[];
  hiddenCategories?: ReadonlySet<number>;
  selected?: ReadonlySet<number>;
  selectedLayer: number | null;
  onSelectLayer?: (layer: number) => void;
  width: number;
  height: number;
  title?: string;
  maxPoints?: number;
  exportName?: string;
  onExport?: ExportHandler;
}

const EMPTY: ReadonlySet<number> = new Set();
const RADIUS = 1.3;

interface Scene {
  layout: SmallMultiplesLayout;
  pixels: Float32Array[];
  groups: ReadonlyMap<number, Int32Array>;
  labels: readonly string[];
  selectedLayer: number | null;
  selected: ReadonlySet<number>;
  theme: ChartTheme;
}

function paintScene(ctx: CanvasRenderingContext2D, s: Scene): void {
  ctx.font = '600 11px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  for (const c of s.layout.cells) {
    const chosen = c.layer === s.selectedLayer;
    ctx.strokeStyle = chosen ? s.theme.accent : s.theme.border;
    ctx.lineWidth = chosen ? 2 : 1;
    ctx.strokeRect(c.left + 0.5, c.top + 0.5, c.width - 1, c.height - 1);
    ctx.fillStyle = chosen ? s.theme.accent : s.theme.muted;
    ctx.fillText(s.labels[c.layer], c.left + 6, c.top + 4);
    drawPoints(ctx, { pixels: s.pixels[c.layer], groups: s.groups, transform: IDENTITY, clip: c.inner, radius: RADIUS, alpha: 0.7, selected: s.selected, outline: s.theme.fg });
  }
}

function sceneSvg(s: Scene, width: number, height: number): string {
  const cap = Math.max(1, Math.floor(SVG_POINT_CAP / Math.max(1, s.layout.cells.length)));
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">`, `<rect width="100%" height="100%" fill="${s.theme.bg}"/>`];
  let capped = false;
  for (const c of s.layout.cells) {
    const chosen = c.layer === s.selectedLayer;
    parts.push(`<rect x="${c.left + 0.5}" y="${c.top + 0.5}" width="${c.width - 1}" height="${c.height - 1}" fill="none" stroke="${chosen ? s.theme.accent : s.theme.border}" stroke-width="${chosen ? 2 : 1}"/>`);
    parts.push(`<text x="${c.left + 6}" y="${c.top + 13}" font-size="11" font-weight="600" fill="${chosen ? s.theme.accent : s.theme.muted}">${esc(s.labels[c.layer])}</text>`);
    for (const [cat, idx] of s.groups) {
      const kept = capIndices(idx, Math.max(1, Math.round((cap * idx.length) / Math.max(cap, [...s.groups.values()].reduce((a, g) => a + g.length, 0)))));
      capped ||= kept.length < idx.length;
      const px = s.pixels[c.layer];
      for (const i of kept) if (Number.isFinite(px[2 * i])) parts.push(`<circle cx="${px[2 * i].toFixed(1)}" cy="${px[2 * i + 1].toFixed(1)}" r="${RADIUS}" fill="${categoryColor(cat)}" fill-opacity="0.7"/>`);
    }
  }
  if (capped) parts.push(`<text x="4" y="${height - 4}" font-size="10" fill="${s.theme.muted}">Points evenly sampled to ${SVG_POINT_CAP} in all; PNG and CSV exports have all of them.</text>`);
  return parts.join('') + '</svg>';
}

export function SmallMultiples(props: SmallMultiplesProps) {
  const { projections, layerLabels, categories, categoryNames, width, height, selectedLayer, onSelectLayer } = props;
  const hidden = props.hiddenCategories ?? EMPTY, selected = props.selected ?? EMPTY, maxPoints = props.maxPoints ?? 4000;
  const body = chartBodySize(width, height);
  const layout = useMemo(() => layoutSmallMultiples(projections.length, body.width, body.height), [projections.length, body.width, body.height]);
  const pixels = useMemo(() => projections.map((p, l) => fitPointsToRect(p, layout.cells[l].inner)), [projections, layout]);
  const groups = useMemo(() => {
    const n = projections.length ? Math.floor(projections[0].length / 2) : 0;
    const visible = Int32Array.from({ length: n }, (_, i) => i).filter((i) => !hidden.has(categoryOf(categories, i)));
    return groupByCategory(capIndices(visible, maxPoints), categories);
  }, [projections, categories, hidden, maxPoints]);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const theme = useChartTheme(canvasRef);
  const scene: Scene = useMemo(() => ({ layout, pixels, groups, labels: layerLabels, selectedLayer, selected, theme }), [layout, pixels, groups, layerLabels, selectedLayer, selected, theme]);

  useEffect(() => {
    const ctx = canvasRef.current && prepareCanvas(canvasRef.current, body.width, body.height);
    if (ctx) paintScene(ctx, scene);
  }, [scene, body.width, body.height]);

  const exporters = {
    svg: () => sceneSvg(scene, body.width, body.height),
    png: (s: number) => composePng([(ctx, k) => { ctx.scale(k, k); paintScene(ctx, scene); }], body.width, body.height, s, theme.bg),
    csv: () => smallMultiplesCsv(projections, layerLabels, categories, categoryNames),
  };
  return (
    <ChartFrame title={props.title ?? 'All layers'} width={width} height={height} testId="small-multiples"
      readout={<span className="rs-muted">{projections.length} layers · click a layer (or Enter) to open it in the main view</span>}
      tools={<ExportMenu name={props.exportName ?? 'all-layers'} exporters={exporters} onExport={props.onExport} />}>
      <div className="rs-multiples" style={{ width: body.width, height: body.height }}>
        <canvas ref={canvasRef} className="rs-layer" style={{ width: body.width, height: body.height }} />
        <LayerButtons layout={layout} labels={layerLabels} selectedLayer={selectedLayer} onSelectLayer={onSelectLayer} />
      </div>
    </ChartFrame>
  );
}

interface LayerButtonsProps {
  layout: SmallMultiplesLayout;
  labels: readonly string[];
  selectedLayer: number | null;
  onSelectLayer?: (layer: number) => void;
}

/** A transparent button over each cell: the chosen layer is the Tab stop, arrows move in the grid. */
function LayerButtons({ layout, labels, selectedLayer, onSelectLayer }: LayerButtonsProps) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const tabStop = selectedLayer ?? 0;
  return layout.cells.map((c) => (
    <button key={c.layer} ref={(b) => { buttons.current[c.layer] = b; }} type="button" className="rs-cell-button"
      style={{ left: c.left, top: c.top, width: c.width, height: c.height }}
      aria-label={`Layer ${labels[c.layer]}`} aria-pressed={c.layer === selectedLayer} data-layer={c.layer}
      tabIndex={c.layer === tabStop ? 0 : -1}
      onClick={() => onSelectLayer?.(c.layer)}
      onKeyDown={(e) => {
        const to = moveInGrid(c.layer, e.key, layout.cols, layout.cells.length);
        if (to !== c.layer) { e.preventDefault(); buttons.current[to]?.focus(); }
      }} />
  ));
}
