// "Decodable vs causal": per layer on one axis, where a concept can be read (probe accuracy ± std) and where
// it matters (steering success one-shot and continual, ablation effect, patching recovery), with the probe's
// chance level and unsteered success as marks. Hover or focus a layer for its numbers; exports PNG, SVG, CSV.
//
// Props: result (DecodableCausalData; a LayerEffectsResult as it is), width, height? (default 320),
// chance? (probe chance level, default 0.5; null hides it), title?, selectedLayer? + onSelectLayer?,
// exportName?, onExport?.
import { useMemo, useRef, useState } from 'react';
import { ChartFrame } from './ChartFrame';
import { DecodableCausalSvg } from './DecodableCausalSvg';
import { decodableCausalCsv, layoutDecodableCausal, type DecodableCausalData } from './decodableCausalLayout';
import { exportPng, exportSvg } from './exportImage';
import { ExportMenu, type ExportHandler } from './ExportMenu';
import { LayerColumns } from './LayerColumns';
import { chartBodySize, formatValue } from './scales';
import { useChartTheme } from './useChartTheme';

export interface DecodableCausalChartProps {
  result: DecodableCausalData;
  width: number;
  height?: number;
  chance?: number | null;
  title?: string;
  selectedLayer?: number | null;
  onSelectLayer?: (layer: number) => void;
  exportName?: string;
  onExport?: ExportHandler;
}

export function DecodableCausalChart({ result, width, height = 320, chance = 0.5, title = 'Decodable vs causal, by layer', selectedLayer = null, onSelectLayer, exportName, onExport }: DecodableCausalChartProps) {
  const body = chartBodySize(width, height);
  const layout = useMemo(() => layoutDecodableCausal(result, body.width, body.height, chance), [result, body.width, body.height, chance]);
  const [active, setActive] = useState<number | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const theme = useChartTheme(svgRef);
  const exporters = {
    svg: () => exportSvg(svgRef.current!, { background: theme.bg }),
    png: (scale: number) => exportPng(svgRef.current!, scale, theme.bg),
    csv: () => decodableCausalCsv(result, chance),
  };
  const shown = active ?? selectedLayer;
  return (
    <ChartFrame
      title={title}
      width={width}
      height={height}
      testId="decodable-causal-chart"
      readout={shown !== null && result.layers[shown] ? <EffectReadout result={result} index={shown} /> : <span className="rs-muted">Hover or focus a layer for its numbers.</span>}
      tools={<ExportMenu name={exportName ?? 'decodable-vs-causal'} exporters={exporters} onExport={onExport} />}
    >
      <DecodableCausalSvg layout={layout} width={body.width} height={body.height} theme={theme} selectedLayer={selectedLayer} svgRef={svgRef}>
        <LayerColumns
          columns={layout.axis.columns} labels={result.layers.map((p) => String(p.layer))} top={layout.plot.top} height={layout.plot.height}
          selected={selectedLayer} active={active} onActive={setActive} onSelect={onSelectLayer}
        />
      </DecodableCausalSvg>
    </ChartFrame>
  );
}

function EffectReadout({ result, index }: { result: DecodableCausalData; index: number }) {
  const p = result.layers[index];
  return (
    <span>
      <strong>Layer {p.layer}</strong> · probe {formatValue(p.probe?.mean)} ± {formatValue(p.probe?.std)} · steering {formatValue(p.steerOneshot)} one-shot
      {p.bestAlpha !== null && <> (α {formatValue(p.bestAlpha)})</>}, {formatValue(p.steerContinual)} continual · ablation {formatValue(p.ablation)} · patching {formatValue(p.patching)}
    </span>
  );
}
