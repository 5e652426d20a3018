// The per-head attention summary as a table: previous-token, first-token and self attention and entropy
// for every layer and head; a click on a row (or Enter on its head button) selects that head.
//
// Props: result (AttentionResult), selected ({ layer, head }), onSelect(layer, head), width, height (fixed; scrolls).
import type { AttentionView } from '../../charts/causalResults';
import { headStatsRows } from '../../charts/attentionLayout';
import { formatValue } from '../../charts/scales';
import './causal.css';

export interface HeadStatsTableProps {
  result: AttentionView;
  selected: { layer: number; head: number };
  onSelect: (layer: number, head: number) => void;
  width: number;
  height: number;
}

export function HeadStatsTable({ result, selected, onSelect, width, height }: HeadStatsTableProps) {
  const rows = headStatsRows(result);
  return (
    <div className="rs-causal-scroll" style={{ width, height }}>
      <table className="rs-causal-table" data-testid="head-stats" data-rows={rows.length}>
        <thead>
          <tr>
            <th scope="col">head</th>
            <th scope="col" className="rs-num" title="Mean attention from each token to the one before it">prev. token</th>
            <th scope="col" className="rs-num" title="Mean attention to the first token">first token</th>
            <th scope="col" className="rs-num" title="Mean attention of each token to itself">self</th>
            <th scope="col" className="rs-num" title="Mean entropy of the query rows, in nats">entropy</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const isSel = r.layer === selected.layer && r.head === selected.head;
            return (
              <tr key={`${r.layer}-${r.head}`} className="rs-row-pick" aria-selected={isSel} data-layer={r.layer} data-head={r.head} onClick={() => onSelect(r.layer, r.head)}>
                <td><button type="button" aria-pressed={isSel} onClick={(e) => { e.stopPropagation(); onSelect(r.layer, r.head); }}>L{r.layer} H{r.head}</button></td>
                <td className="rs-num">{formatValue(r.prevToken)}</td>
                <td className="rs-num">{formatValue(r.bos)}</td>
                <td className="rs-num">{formatValue(r.self)}</td>
                <td className="rs-num">{formatValue(r.entropy)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
