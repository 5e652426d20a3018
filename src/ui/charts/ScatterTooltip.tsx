// The card shown for a hovered or pinned point: its label and its prompt with the point's token marked.
import { categoryColor } from '../palette';
import { snippet } from './snippet';

/** What the scatter shows for point i (ScatterPlot's `tooltip` prop returns this). */
export interface PointInfo {
  /** The prompt, rendered as text (never HTML). */
  text: string;
  /** [start, end) character range of the token whose representation is plotted. */
  highlight: readonly [number, number] | null;
  /** The point's label, e.g. "true" or "positive". */
  label: string;
  /** Where the point is when that is more than its prompt, e.g. "prompt 12 · token 3 “(”" for one point per token. */
  detail?: string;
}

export interface ScatterTooltipProps {
  info: PointInfo;
  index: number;
  category: number;
  /** Anchor (the point) in the chart body's pixels, and the body's size for flipping at edges. */
  x: number;
  y: number;
  bounds: { width: number; height: number };
  pinned?: boolean;
}

const CARD_WIDTH = 280;
const OFFSET = 12;

export function ScatterTooltip({ info, index, category, x, y, bounds, pinned }: ScatterTooltipProps) {
  const s = snippet(info.text, info.highlight, 180);
  const left = x + OFFSET + CARD_WIDTH > bounds.width ? Math.max(0, x - OFFSET - CARD_WIDTH) : x + OFFSET;
  const flipUp = y > bounds.height * 0.6;
  const style = flipUp ? { left, bottom: Math.max(0, bounds.height - y + OFFSET), width: CARD_WIDTH } : { left, top: y + OFFSET, width: CARD_WIDTH };
  return (
    <div className={`rs-tooltip${pinned ? ' rs-tooltip-pinned' : ''}`} style={style} role="tooltip" data-testid={pinned ? 'scatter-pinned' : 'scatter-tooltip'}>
      <div className="rs-tooltip-head">
        <span className="rs-swatch" style={{ background: categoryColor(category) }} />
        <span className="rs-tooltip-label">{info.label}</span>
        <span className="rs-tooltip-index">#{index}{pinned ? ' · pinned' : ''}</span>
      </div>
      {info.detail && <div className="rs-tooltip-detail" data-testid="scatter-tooltip-detail">{info.detail}</div>}
      <p className="rs-tooltip-text">
        {s.cutStart && '…'}
        {s.before}
        {s.mark && <mark>{s.mark}</mark>}
        {s.after}
        {s.cutEnd && '…'}
      </p>
    </div>
  );
}
