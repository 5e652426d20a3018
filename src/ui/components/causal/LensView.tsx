// Logit lens: each layer's residual stream read through the final norm and unembedding. A grid of layers
// (embed, 0, 1, …) × tokens printing the top-1 next token and its probability (shade = probability),
// the top-k on hover; with a target, a second grid of the target's rank (log scale) or probability.
//
// Props:
//   result          LensResult (or null while it is computed: placeholders of the final size are shown)
//   width           outer width in px; height? of the top-1 grid (default 360), targetHeight? (default 260)
//   target?         the target token's text, for titles; with result null it also reserves the second grid
//   targetMode?     'rank' | 'prob' (controlled), onTargetMode? when the toggle changes; default 'rank'
//   status?         message in the placeholders
//   onExport?       receives exported files instead of downloading them
import { useMemo } from 'react';
import { ChartPlaceholder } from '../../charts/ChartFrame';
import type { ExportHandler } from '../../charts/ExportMenu';
import type { LensView as LensResultView } from '../../charts/causalResults';
import { formatProb, layoutLensGrid, layoutLensTarget, lensCellText, lensCsv, lensTargetCsv, type LensTargetMode } from '../../charts/lensLayout';
import { chartBodySize } from '../../charts/scales';
import { useControllable } from '../../charts/useControllable';
import { visibleText } from '../TokenStrip';
import { TokenGrid } from './TokenGrid';
import './causal.css';

export interface LensViewProps {
  result: LensResultView | null;
  width: number;
  height?: number;
  targetHeight?: number;
  target?: string | null;
  targetMode?: LensTargetMode;
  onTargetMode?: (mode: LensTargetMode) => void;
  status?: string;
  onExport?: ExportHandler;
}

export function LensView({ result, width, height = 360, targetHeight = 260, target = null, status, onExport, ...mode }: LensViewProps) {
  const [targetMode, setTargetMode] = useControllable<LensTargetMode>(mode.targetMode, mode.onTargetMode, 'rank');
  if (!result) {
    return (
      <div className="rs-causal" style={{ width }} data-testid="lens-view" aria-busy="true">
        <ChartPlaceholder title="Logit lens" width={width} height={height} message={status ?? 'Reading the lens…'} />
        {target !== null && <ChartPlaceholder title="Target" width={width} height={targetHeight} message={status ?? 'Reading the lens…'} />}
      </div>
    );
  }
  return (
    <div className="rs-causal" style={{ width }} data-testid="lens-view">
      <LensTopGrid result={result} width={width} height={height} onExport={onExport} />
      {result.targetRank && (
        <LensTargetGrid result={result} target={target} mode={targetMode} onMode={setTargetMode} width={width} height={targetHeight} onExport={onExport} />
      )}
    </div>
  );
}

interface GridProps {
  result: LensResultView;
  width: number;
  height: number;
  onExport?: ExportHandler;
}

function LensTopGrid({ result, width, height, onExport }: GridProps) {
  const body = chartBodySize(width, height);
  const layout = useMemo(() => layoutLensGrid(result, body.width, body.height, visibleText), [result, body.width, body.height]);
  const tooltip = (l: number, p: number) => (
    <>
      <strong>{result.layers[l] < 0 ? 'embed' : `layer ${result.layers[l]}`} · after {visibleText(result.tokens[p])}</strong>
      <ol>{result.top[l][p].map((t, k) => <li key={k}>{visibleText(t.text)} <span className="rs-muted">{formatProb(t.prob)}</span></li>)}</ol>
    </>
  );
  return (
    <TokenGrid layout={layout} title="Logit lens: top next token" width={width} height={height} testId="lens-grid"
      describe={(l, p) => lensCellText(result, l, p, visibleText)} tooltip={tooltip} csv={() => lensCsv(result)} exportName="logit-lens" onExport={onExport}
      hint="Rows are layers, columns the tokens read; hover a cell (or Tab, then arrows) for its top tokens." />
  );
}

function LensTargetGrid({ result, target, mode, onMode, width, height, onExport }: GridProps & { target: string | null; mode: LensTargetMode; onMode: (m: LensTargetMode) => void }) {
  const body = chartBodySize(width, height);
  const shown: LensTargetMode = mode === 'prob' && result.targetProb ? 'prob' : 'rank';
  const layout = useMemo(() => layoutLensTarget(result, shown, body.width, body.height, visibleText), [result, shown, body.width, body.height]);
  if (!layout) return null;
  const toggle = (
    <div className="rs-segmented" role="group" aria-label="Show the target's">
      {(['rank', 'prob'] as const).map((m) => (
        <button key={m} type="button" className="rs-button" aria-pressed={shown === m} disabled={m === 'prob' && !result.targetProb} onClick={() => onMode(m)}>
          {m === 'rank' ? 'rank' : 'probability'}
        </button>
      ))}
    </div>
  );
  return (
    <TokenGrid layout={layout} title={`Target ${target !== null ? visibleText(target) : ''} · ${shown === 'rank' ? 'rank (log scale)' : 'probability'}`} width={width} height={height}
      testId="lens-target" data={{ 'data-mode': shown }} tools={toggle} describe={(l, p) => lensCellText(result, l, p, visibleText)}
      csv={() => lensTargetCsv(result)} exportName="logit-lens-target" onExport={onExport} />
  );
}
