// The most likely next tokens with their probabilities, as a table with bars.
import { visibleText } from './TokenStrip';

export interface TopTokenRow {
  id: number;
  text: string;
  prob: number;
}

export function TopTokens({ rows }: { rows: readonly TopTokenRow[] }) {
  return (
    <table className="top-tokens" data-testid="top-tokens">
      <thead>
        <tr>
          <th>#</th>
          <th>token</th>
          <th>id</th>
          <th>probability</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.id}>
            <td>{i + 1}</td>
            <td className="token-text">{visibleText(r.text)}</td>
            <td>{r.id}</td>
            <td>
              <span className="bar" style={{ width: `${Math.max(1, r.prob * 100)}%` }} />
              <span className="prob">{(r.prob * 100).toFixed(2)}%</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
