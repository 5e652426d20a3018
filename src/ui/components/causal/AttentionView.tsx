// Attention patterns of one prompt: pick a layer and head (selects, or a row of the per-head table), see
// its query × key pattern with the tokens on both axes (keys after the query are masked, left blank),
// and compare heads by attention to the previous token, the first token, themselves, and entropy.
//
// Props:
//   result         AttentionResult (or null while it is computed: placeholders of the final size are shown)
//   width          outer width in px; height? of the heat map and the table (default 440)
//   layer?, head?  the shown head (controlled; model layer number and head index); default the first
//   onSelectHead?  (layer, head) when the user picks another head
//   status?        message in the placeholders; onExport? receives exported files
import { useMemo } from 'react';
import { ChartPlaceholder } from '../../charts/ChartFrame';
import type { ExportHandler } from '../../charts/ExportMenu';
import { attentionCellText, attentionCsv, layoutAttention } from '../../charts/attentionLayout';
import type { AttentionView as AttentionResultView } from '../../charts/causalResults';
import { chartBodySize } from '../../charts/scales';
import { useControllable } from '../../charts/useControllable';
import { visibleText } from '../TokenStrip';
import { HeadStatsTable } from './HeadStatsTable';
import { TokenGrid } from './TokenGrid';
import './causal.css';

export interface AttentionViewProps {
  result: AttentionResultView | null;
  width: number;
  height?: number;
  layer?: number;
  head?: number;
  onSelectHead?: (layer: number, head: number) => void;
  status?: string;
  onExport?: ExportHandler;
}

export interface HeadChoice {
  layer: number;
  head: number;
}

const GAP = 10;
const CONTROLS = 28;

/** Widths of the heat map and the stats table side by side (stacked below 640 px). */
export function attentionWidths(width: number): { map: number; table: number } {
  if (width < 640) return { map: width, table: width };
  const table = Math.round(Math.max(280, Math.min(380, width * 0.38)));
  return { map: width - table - GAP, table };
}

export function AttentionView({ result, width, height = 440, status, onExport, ...sel }: AttentionViewProps) {
  const controlled = sel.layer !== undefined && sel.head !== undefined ? { layer: sel.layer, head: sel.head } : undefined;
  const onChange = useMemo(() => (sel.onSelectHead ? (c: HeadChoice) => sel.onSelectHead!(c.layer, c.head) : undefined), [sel.onSelectHead]);
  const [choice, setChoice] = useControllable<HeadChoice>(controlled, onChange, { layer: result?.layers[0]?.layer ?? 0, head: 0 });
  const w = attentionWidths(width);
  if (!result || result.layers.length === 0) {
    return (
      <div className="rs-causal" style={{ width }} data-testid="attention-view" aria-busy={!result}>
        <div className="rs-causal-controls rs-muted">{result ? 'No layers in this result.' : status ?? 'Reading attention…'}</div>
        <div className="rs-causal-row">
          <ChartPlaceholder title="Attention" width={w.map} height={height} message={status} />
          <ChartPlaceholder title="Heads" width={w.table} height={height} message={status} />
        </div>
      </div>
    );
  }
  const found = result.layers.findIndex((l) => l.layer === choice.layer);
  const layerIndex = Math.max(0, found);
  const nHeads = result.layers[layerIndex].nHeads;
  const head = Math.min(Math.max(0, choice.head), nHeads - 1);
  const pick = (layer: number, h: number) => setChoice({ layer, head: h });
  return (
    <div className="rs-causal" style={{ width }} data-testid="attention-view">
      <div className="rs-causal-controls" style={{ height: CONTROLS }}>
        <label>layer
          <select value={result.layers[layerIndex].layer} data-testid="attention-layer"
            onChange={(e) => { const l = Number(e.target.value); pick(l, Math.min(head, (result.layers.find((x) => x.layer === l)?.nHeads ?? 1) - 1)); }}>
            {result.layers.map((l) => <option key={l.layer} value={l.layer}>{l.layer}</option>)}
          </select>
        </label>
        <label>head
          <select value={head} data-testid="attention-head" onChange={(e) => pick(result.layers[layerIndex].layer, Number(e.target.value))}>
            {Array.from({ length: nHeads }, (_, h) => <option key={h} value={h}>{h}</option>)}
          </select>
        </label>
      </div>
      <div className="rs-causal-row">
        <AttentionMap result={result} layerIndex={layerIndex} head={head} width={w.map} height={height} onExport={onExport} />
        <HeadStatsTable result={result} selected={{ layer: result.layers[layerIndex].layer, head }} onSelect={pick} width={w.table} height={height} />
      </div>
    </div>
  );
}

interface MapProps {
  result: AttentionResultView;
  layerIndex: number;
  head: number;
  width: number;
  height: number;
  onExport?: ExportHandler;
}

function AttentionMap({ result, layerIndex, head, width, height, onExport }: MapProps) {
  const body = chartBodySize(width, height);
  const layout = useMemo(() => layoutAttention(result, layerIndex, head, body.width, body.height, visibleText), [result, layerIndex, head, body.width, body.height]);
  const layer = result.layers[layerIndex].layer;
  return (
    <TokenGrid layout={layout} title={`Attention · layer ${layer} head ${head}`} width={width} height={height} testId="attention-heatmap"
      data={{ 'data-layer': layer, 'data-head': head }} describe={(q, k) => attentionCellText(result, layerIndex, head, q, k, visibleText)}
      csv={() => attentionCsv(result, layerIndex, head)} exportName={`attention-L${layer}H${head}`} onExport={onExport}
      hint="Rows are queries, columns the keys they attend to; keys after the query are masked." />
  );
}
