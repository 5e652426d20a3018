// Directions across layers: held-out pair reading accuracy of the mean-difference and PCA-of-differences
// directions (ReadingChart), and how alike layers are: direction cosine and linear CKA (SimilarityCharts).
import { Heatmap, LineChart, type LineSeries } from '../charts';
import type { DirectionsSummary, Panel } from '../../app/viewData';
import { PanelStatus } from './PanelStatus';

interface Common {
  panel: Panel<DirectionsSummary>;
  labels: readonly string[];
  height: number;
  onCancel: (keys: string[]) => void;
  onRetry: (keys: string[]) => void;
}

export interface ReadingChartProps extends Common {
  width: number;
  selectedLayer: number;
  onSelectLayer: (layer: number) => void;
}

function readingSeries(d: DirectionsSummary): LineSeries[] {
  if (!d.reading) return [];
  return [
    { name: 'mean difference', values: d.reading.meandiff.map((s) => s.mean), std: d.reading.meandiff.map((s) => s.std) },
    { name: 'PCA of differences', values: d.reading.pcadiff.map((s) => s.mean), std: d.reading.pcadiff.map((s) => s.std) },
  ];
}

export function ReadingChart(p: ReadingChartProps) {
  const title = 'Pair reading accuracy';
  if (p.panel.kind !== 'ready') return <PanelStatus title={title} width={p.width} height={p.height} panel={p.panel} onCancel={p.onCancel} onRetry={p.onRetry} testId="directions-accuracy" />;
  const d = p.panel.value;
  if (!d.reading) return <PanelStatus title={title} width={p.width} height={p.height} panel={{ kind: 'idle', message: d.notes[0] ?? 'No contrast pairs.' }} onCancel={p.onCancel} onRetry={p.onRetry} testId="directions-accuracy" />;
  return (
    <LineChart layers={p.labels} series={readingSeries(d)} width={p.width} height={p.height} yDomain={[0, 1]} yLabel="held-out pair accuracy"
      baseline={{ value: 0.5, label: 'chance' }} selectedLayer={p.selectedLayer} onSelectLayer={p.onSelectLayer}
      title={`${title} · ${d.pairs} pairs`} testId="directions-accuracy" exportName="direction-reading-accuracy" />
  );
}

export interface SimilarityChartsProps extends Common {
  /** Width of each of the two heat maps. */
  width: number;
}

export function SimilarityCharts(p: SimilarityChartsProps) {
  if (p.panel.kind !== 'ready') {
    return <PanelStatus title="Layer similarity" width={2 * p.width + 12} height={p.height} panel={p.panel} onCancel={p.onCancel} onRetry={p.onRetry} />;
  }
  const d = p.panel.value;
  const L = d.layers.length;
  return (
    <>
      {d.cosine ? (
        <Heatmap values={d.cosine.pcadiff} rows={L} cols={L} rowLabels={p.labels} colLabels={p.labels} scale={{ kind: 'diverging', domain: [-1, 1] }}
          width={p.width} height={p.height} title="Direction cosine across layers" xLabel="layer" yLabel="layer" legendLabel="cosine"
          testId="directions-cosine" exportName="direction-cosine" />
      ) : <PanelStatus title="Direction cosine across layers" width={p.width} height={p.height} panel={{ kind: 'idle', message: 'Needs contrast pairs.' }} onCancel={p.onCancel} onRetry={p.onRetry} />}
      <Heatmap values={d.cka} rows={L} cols={L} rowLabels={p.labels} colLabels={p.labels} scale={{ kind: 'sequential', domain: [0, 1] }}
        width={p.width} height={p.height} title="Linear CKA between layers" xLabel="layer" yLabel="layer" legendLabel="CKA" testId="cka" exportName="cka" />
    </>
  );
}
