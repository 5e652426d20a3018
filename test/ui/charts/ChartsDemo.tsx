// A demo composition of every chart with synthetic data (20k points, 13 layers) at 1280×800: the
// page the browser tests screenshot, and a picture of how the explorer's charts fit together.
import { useMemo, useState } from 'react';
import { Heatmap, LineChart, ProbeChart, ScatterPlot, SelectionList, SmallMultiples, alignSequence, layerLabels, type ExportHandler, type LineSeries } from '../../../src/ui/charts';
import { ckaMatrix, cosineMatrix, layerProjections, probeData, prompt } from './synthetic';

export const DEMO_POINTS = 20_000;
export const DEMO_LAYERS = 13;
export const CLASS_NAMES = ['true · science', 'false · science', 'true · geography', 'false · geography'];

/** Synthetic inputs shaped like the explorer's: aligned projections per layer and per-layer results. */
export function demoData() {
  const { projections, categories } = layerProjections(DEMO_POINTS, CLASS_NAMES.length, DEMO_LAYERS, 11);
  // Every 50th prompt has no label, as in real files with gaps.
  for (let i = 0; i < categories.length; i += 50) categories[i] = -1;
  const aligned = alignSequence(projections, DEMO_POINTS);
  const layers = layerLabels(DEMO_LAYERS, true);
  const probe = probeData(DEMO_LAYERS, 3);
  const series: LineSeries[] = [
    { name: 'mean difference', values: probe.probe.map((s) => Math.min(0.99, s.mean + 0.01)), std: probe.probe.map((s) => s.std) },
    { name: 'PCA of differences', values: probe.probe.map((s, i) => Math.min(0.99, s.mean - 0.05 + 0.004 * i)) },
    { name: 'probe weights', values: probe.probe.map((s) => s.mean - 0.015) },
  ];
  return { aligned, categories, layers, probe, series, cka: ckaMatrix(DEMO_LAYERS), cosine: cosineMatrix(DEMO_LAYERS, 2) };
}

const tooltip = (categories: Int32Array) => (i: number) => {
  const p = prompt(i);
  const c = categories[i];
  return { text: `#${i}: ${p.text}`, highlight: [p.highlight[0] + `#${i}: `.length, p.highlight[1] + `#${i}: `.length] as [number, number], label: c >= 0 ? CLASS_NAMES[c] : 'unlabelled' };
};

export function ChartsDemo({ dark = false, onExport }: { dark?: boolean; onExport?: ExportHandler }) {
  const data = useMemo(demoData, []);
  const [layer, setLayer] = useState(8);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [pinned, setPinned] = useState<number | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const describe = useMemo(() => tooltip(data.categories), [data]);
  const n = (v: number) => `PC${v} (${(v === 1 ? 23.4 : 11.0).toFixed(1)}%)`;
  return (
    <div className="demo-page" style={{ width: 1280, height: 800, boxSizing: 'border-box', padding: '10px 14px', background: dark ? '#111418' : '#f3f5f8', color: dark ? '#e6e9ef' : '#1d2433', font: '13px system-ui, sans-serif', display: 'flex', flexDirection: 'column', gap: 8 }}>
      <header style={{ height: 28, display: 'flex', alignItems: 'baseline', gap: 12 }}>
        <strong style={{ fontSize: 16 }}>Repscope</strong>
        <span style={{ opacity: 0.75 }}>tiny-gpt2 · blocks.{data.layers[layer]}.hook_resid_post · last token · 20,000 prompts · PCA (aligned across layers)</span>
      </header>
      <div style={{ display: 'flex', gap: 8 }}>
        <ScatterPlot title={`Layer ${data.layers[layer]} · residual stream`} points={data.aligned[layer]} categories={data.categories} categoryNames={CLASS_NAMES}
          tooltip={describe} axisLabels={[n(1), n(2)]} width={760} height={452}
          selected={selected} onSelect={(ids) => setSelected(new Set(ids))} pinned={pinned} onPin={setPinned}
          hiddenCategories={hidden} onHiddenCategoriesChange={setHidden} onExport={onExport} />
        <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
          <ProbeChart data={data.probe} width={484} height={256} selectedLayer={layer} onSelectLayer={setLayer} onExport={onExport} />
          <SmallMultiples projections={data.aligned} layerLabels={data.layers} categories={data.categories} categoryNames={CLASS_NAMES}
            hiddenCategories={hidden} selected={selected} selectedLayer={layer} onSelectLayer={setLayer} width={484} height={188} maxPoints={2500} onExport={onExport} />
        </div>
      </div>
      <div style={{ display: 'flex', gap: 8 }}>
        <LineChart title="Reading accuracy of directions" layers={data.layers} series={data.series} yLabel="accuracy" baseline={{ value: 0.5, label: 'chance' }}
          selectedLayer={layer} onSelectLayer={setLayer} width={352} height={282} onExport={onExport} />
        <Heatmap title="Linear CKA, layer × layer" values={data.cka} rows={DEMO_LAYERS} cols={DEMO_LAYERS} rowLabels={data.layers} colLabels={data.layers}
          scale={{ kind: 'sequential', scheme: 'viridis', domain: [0, 1] }} legendLabel="CKA" width={298} height={282} testId="heatmap-cka" onExport={onExport} />
        <Heatmap title="Cosine across layers" values={data.cosine} rows={DEMO_LAYERS} cols={DEMO_LAYERS} rowLabels={data.layers} colLabels={data.layers}
          scale={{ kind: 'diverging', domain: [-1, 1] }} legendLabel="cosine" width={298} height={282} testId="heatmap-cosine" onExport={onExport} />
        <SelectionList selected={selected} describe={describe} categoryOf={(i) => data.categories[i]} onClear={() => setSelected(new Set())} onPick={setPinned} width={280} height={282} />
      </div>
    </div>
  );
}
