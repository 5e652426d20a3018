// The explorer's main view: the projection of the chosen site and layer coloured by label (one point per
// prompt, or per token at position 'all'), probe accuracy per layer with baselines, every layer side by
// side (aligned layer to layer), and the directions panel.
import { memo, useMemo } from 'react';
import { ProbeChart as PlainProbeChart, ScatterPlot as PlainScatterPlot, SelectionList, SmallMultiples as PlainSmallMultiples, alignProcrustes, categorize, layerLabels, type ProbeChartData } from '../charts';
import type { ExplorerData, LayerProjection, ProbeSummary } from '../../app/viewData';
import { pointDescriber } from '../../app/pointInfo';
import { TOKEN_COLOURINGS } from '../../data/tokenLabels';
import { ReadingChart as PlainReadingChart, SimilarityCharts as PlainSimilarityCharts } from './DirectionsPanel';
import { PanelStatus } from './PanelStatus';

// Memoised: while the worker computes, a progress tick re-renders the view ten times a second, and a
// chart whose inputs are unchanged (the same objects, see app/useExplorerData.ts) need not redraw.
const ScatterPlot = memo(PlainScatterPlot);
const ProbeChart = memo(PlainProbeChart);
const SmallMultiples = memo(PlainSmallMultiples);
const ReadingChart = memo(PlainReadingChart);
const SimilarityCharts = memo(PlainSimilarityCharts);

export interface ExplorerViewProps {
  data: ExplorerData;
  /** Width of the main area in CSS pixels; every chart is sized from it. */
  width: number;
  site: string;
  method: 'pca' | 'umap';
  positionText: string;
  selection: readonly number[];
  onSelect: (indices: number[]) => void;
  onSelectLayer: (layer: number) => void;
  onCancel: (keys: string[]) => void;
  onRetry: (keys: string[]) => void;
  onUmapAllLayers: () => void;
}

const GAP = 12;
/** Models with at most this many layers get their small multiples beside the reading chart. */
const FEW_LAYERS = 6;

export function probeChartData(r: ProbeSummary, labels: readonly string[]): ProbeChartData {
  return {
    layers: labels,
    probe: r.layers.map((l) => l.accuracy),
    control: r.layers.every((l) => l.control) ? r.layers.map((l) => l.control!) : null,
    shuffled: r.layers.every((l) => l.shuffled) ? r.layers.map((l) => l.shuffled!) : null,
    majority: r.layers[0]?.majority.mean ?? null,
  };
}

/**
 * Every layer's points turned (rotation or reflection) to match its neighbour, outward from the chosen
 * layer, which stays as computed so its axes keep their meaning; neighbours then look alike, not flipped.
 */
export function alignAround(projections: readonly Float32Array[], anchor: number, n: number): Float32Array[] {
  const out = projections.slice();
  for (let l = anchor + 1; l < out.length; l++) out[l] = alignProcrustes(out[l - 1], projections[l], n);
  for (let l = anchor - 1; l >= 0; l--) out[l] = alignProcrustes(out[l + 1], projections[l], n);
  return out;
}

function useAligned(all: ExplorerData['allProjections'], anchor: number, n: number): Float32Array[] | null {
  return useMemo(() => (all.kind === 'ready' ? alignAround(all.value.map((p: LayerProjection) => p.points), anchor, n) : null), [all, anchor, n]);
}

/** A colouring's name for titles: a label column as it is, a built-in token colouring by what it shows. */
const colouringName = (column: string | null) => TOKEN_COLOURINGS.find((c) => c.id === column)?.name ?? column;

export function ExplorerView(p: ExplorerViewProps) {
  const { data } = p;
  const n = data.pointLabels.length;
  const { categories, names } = useMemo(() => categorize(data.pointLabels), [data.pointLabels]);
  const aligned = useAligned(data.allProjections, data.layer, n);
  const labels = useMemo(() => layerLabels(data.nLayers), [data.nLayers]);
  const selected = useMemo(() => new Set(p.selection.filter((i) => i < n)), [p.selection, n]);
  const tooltip = useMemo(() => pointDescriber({ rows: data.rows, pointLabels: data.pointLabels, tokens: data.tokens, encoding: data.encoding }), [data.rows, data.pointLabels, data.tokens, data.encoding]);
  const probe = data.probe;
  const probeData = useMemo(() => (probe.kind === 'ready' ? probeChartData(probe.value, labels) : null), [probe, labels]);
  const scatterW = Math.round(p.width * 0.6);
  const probeW = p.width - scatterW - GAP;
  const method = p.method === 'pca' ? 'PCA' : 'UMAP';
  const title = `blocks.${data.layer}.${p.site} · ${p.positionText}`;
  const status = { onCancel: p.onCancel, onRetry: p.onRetry };
  const proj = data.projection;
  return (
    <div className="explorer" style={{ width: p.width }}>
      {data.tokens && <p className="muted token-note" data-testid="token-note">{data.tokens.text}</p>}
      <div className="row-charts">
        {proj.kind === 'ready' ? (
          <ScatterPlot points={proj.value.points} categories={categories} categoryNames={names} tooltip={tooltip}
            width={scatterW} height={440} title={title} axisLabels={proj.value.axes}
            selected={selected} onSelect={p.onSelect} exportName={`${method.toLowerCase()}-L${data.layer}`} />
        ) : <PanelStatus title={title} width={scatterW} height={440} panel={proj} testId="scatter" {...status} />}
        {probe.kind === 'ready' ? (
          <ProbeChart data={probeData!} width={probeW} height={440} selectedLayer={data.layer} onSelectLayer={p.onSelectLayer}
            title={`Probe accuracy by layer · ${colouringName(data.labelColumn)}`} exportName={`probe-${data.labelColumn}`} />
        ) : <PanelStatus title="Probe accuracy by layer" width={probeW} height={440} panel={probe} testId="probe-chart" {...status} />}
      </div>
      {selected.size > 0 && (
        <SelectionList selected={selected} describe={tooltip} categoryOf={(i) => categories[i]} onClear={() => p.onSelect([])} width={p.width} height={170} />
      )}
      <LayerRows {...p} aligned={aligned} labels={labels} categories={categories} names={names} selected={selected} />
    </div>
  );
}

interface LayerRowsProps extends ExplorerViewProps {
  aligned: Float32Array[] | null;
  labels: string[];
  categories: Int32Array;
  names: string[];
  selected: ReadonlySet<number>;
}

/** Every layer side by side, then the directions; few layers leave room to put the first two in one row. */
function LayerRows(p: LayerRowsProps) {
  const { data } = p;
  const method = p.method === 'pca' ? 'PCA' : 'UMAP';
  const few = data.nLayers <= FEW_LAYERS;
  const smallW = few ? Math.round(p.width * 0.5) : p.width;
  const readingW = few ? p.width - smallW - GAP : Math.round(p.width * 0.4);
  const heatW = Math.floor((few ? p.width - GAP : p.width - readingW - 2 * GAP) / 2);
  const status = { onCancel: p.onCancel, onRetry: p.onRetry };
  const title = `Every layer · ${method} of ${p.site}`;
  const small = p.aligned ? (
    <SmallMultiples projections={p.aligned} layerLabels={p.labels} categories={p.categories} categoryNames={p.names} selected={p.selected}
      selectedLayer={data.layer} onSelectLayer={p.onSelectLayer} width={smallW} height={270} title={title} />
  ) : (
    <PanelStatus title={title} width={smallW} height={270} panel={data.allProjections.kind === 'ready' ? { kind: 'idle', message: '' } : data.allProjections}
      testId="small-multiples" start={{ label: `Run UMAP on all ${data.nLayers} layers`, run: p.onUmapAllLayers }} {...status} />
  );
  const reading = <ReadingChart panel={data.directions} labels={p.labels} width={readingW} height={few ? 270 : 300} selectedLayer={data.layer} onSelectLayer={p.onSelectLayer} {...status} />;
  const similarity = <SimilarityCharts panel={data.directions} labels={p.labels} width={heatW} height={few ? 240 : 300} {...status} />;
  return few ? (
    <>
      <div className="row-charts">{small}{reading}</div>
      <div className="row-charts" data-testid="directions">{similarity}</div>
    </>
  ) : (
    <>
      {small}
      <div className="row-charts" data-testid="directions">{reading}{similarity}</div>
    </>
  );
}
