// Activation patching results: per site, a heat map of recovery (layers × tokens, or layers × heads;
// diverging, 0 neutral, 1 = the clean run) and the density curve (recovery vs components patched together).
//
// Props:
//   result        PatchResult (or null while it is computed: placeholders of the final size are shown)
//   width         outer width in px; each site takes one row of `height` (default 300) px
//   status?       message in the placeholders; pendingSites? how many placeholder rows (default 1)
//   metricName?   what the metric is, for the header line (default "metric")
//   onSelectCell? (site, row, col) when a cell is clicked or picked with Enter
//   onExport?     receives exported files instead of downloading them (tests, other sinks)
import { useMemo } from 'react';
import { ChartPlaceholder } from '../../charts/ChartFrame';
import type { ExportHandler } from '../../charts/ExportMenu';
import type { PatchHeatmap, PatchView } from '../../charts/causalResults';
import { densityCsv, densitySeries, layoutPatchDensity, neededText } from '../../charts/patchDensityLayout';
import { layoutPatchGrid, patchCellText, patchColumnLabels, patchCsv, patchHeader } from '../../charts/patchLayout';
import { chartBodySize } from '../../charts/scales';
import { visibleText } from '../TokenStrip';
import { EmptyChart } from './EmptyChart';
import { TokenGrid } from './TokenGrid';
import { XYChart } from './XYChart';
import './causal.css';

export interface PatchingViewProps {
  result: PatchView | null;
  width: number;
  height?: number;
  status?: string;
  pendingSites?: number;
  metricName?: string;
  onSelectCell?: (site: string, row: number, col: number) => void;
  onExport?: ExportHandler;
}

const GAP = 10;
const NEEDED_LINE = 22;

/** Widths of the heat map and the density chart side by side (stacked below 600 px). */
export function patchWidths(width: number): { map: number; density: number; stacked: boolean } {
  if (width < 600) return { map: width, density: width, stacked: true };
  const density = Math.round(Math.max(220, Math.min(320, width * 0.32)));
  return { map: width - density - GAP, density, stacked: false };
}

export function PatchingView({ result, width, height = 300, status, pendingSites = 1, metricName = 'metric', onSelectCell, onExport }: PatchingViewProps) {
  const w = patchWidths(width);
  if (!result) {
    return (
      <div className="rs-causal" style={{ width }} data-testid="patching-view" aria-busy="true">
        <p className="rs-causal-head rs-muted">{status ?? 'Patching…'}</p>
        {Array.from({ length: Math.max(1, pendingSites) }, (_, i) => (
          <div key={i} className="rs-causal-row">
            <ChartPlaceholder title="Recovery" width={w.map} height={height} message={status} />
            <div className="rs-causal-col">
              <ChartPlaceholder title="Density" width={w.density} height={height - NEEDED_LINE} message={status} />
              <p className="rs-causal-note" style={{ height: NEEDED_LINE - 4 }} />
            </div>
          </div>
        ))}
      </div>
    );
  }
  return (
    <div className="rs-causal" style={{ width }} data-testid="patching-view">
      <p className="rs-causal-head" data-testid="patch-header">{patchHeader(result).replace(/^metric/, metricName)}</p>
      {result.heatmaps.map((map) => (
        <div key={map.site} className="rs-causal-row">
          <PatchSiteMap map={map} tokens={result.tokens} width={w.map} height={height} onSelectCell={onSelectCell} onExport={onExport} />
          <div className="rs-causal-col">
            <PatchDensity map={map} width={w.density} height={height - NEEDED_LINE} onExport={onExport} />
          </div>
        </div>
      ))}
    </div>
  );
}

interface SiteProps {
  map: PatchHeatmap;
  width: number;
  height: number;
  onExport?: ExportHandler;
}

function PatchSiteMap({ map, tokens, width, height, onSelectCell, onExport }: SiteProps & { tokens: PatchView['tokens']; onSelectCell?: PatchingViewProps['onSelectCell'] }) {
  const body = chartBodySize(width, height);
  const labels = useMemo(() => patchColumnLabels(map, tokens, visibleText), [map, tokens]);
  const layout = useMemo(() => layoutPatchGrid(map, labels, body.width, body.height), [map, labels, body.width, body.height]);
  return (
    <TokenGrid layout={layout} title={`Recovery · ${map.site}`} width={width} height={height} testId="patch-heatmap" data={{ 'data-site': map.site }}
      describe={(r, c) => patchCellText(map, labels, r, c)} csv={() => patchCsv(map, labels)} exportName={`patching-${map.site}`} onExport={onExport}
      onSelectCell={onSelectCell && ((r, c) => onSelectCell(map.site, r, c))} />
  );
}

function PatchDensity({ map, width, height, onExport }: SiteProps) {
  const body = chartBodySize(width, height);
  const density = map.density;
  const layout = useMemo(() => (density ? layoutPatchDensity(density, body.width, body.height) : null), [density, body.width, body.height]);
  const series = useMemo(() => (density ? densitySeries(density) : []), [density]);
  if (!density || !layout) {
    return (
      <>
        <EmptyChart title={`Density · ${map.site}`} width={width} height={height} message="No density curve for this site." />
        <p className="rs-causal-note" style={{ height: NEEDED_LINE - 4 }}>—</p>
      </>
    );
  }
  return (
    <>
      <XYChart layout={layout} series={series} title={`Density · ${map.site}`} width={width} height={height} testId="patch-density"
        xLabel="components patched" yLabel="recovery" formatX={(k) => String(k)} csv={() => densityCsv(density)}
        exportName={`patching-density-${map.site}`} onExport={onExport} hint="Recovery with the top k components patched together." />
      <p className="rs-causal-note" style={{ height: NEEDED_LINE - 4 }} data-testid="patch-needed" data-site={map.site}>{neededText(density.needed)}</p>
    </>
  );
}
