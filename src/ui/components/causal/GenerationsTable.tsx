// Steered and unsteered generations side by side, one row per prompt, each marked ✓ where its first
// generated token is the prompt's target and ✗ where it is not (no mark without a target).
//
// Props: rows (GenerationRow[] from steerLayout.generationRows), width, height (fixed; the table scrolls).
import type { GenerationRow } from '../../charts/steerLayout';
import { visibleText } from '../TokenStrip';
import './causal.css';

export interface GenerationsTableProps {
  rows: readonly GenerationRow[];
  width: number;
  height: number;
}

export function HitMark({ hit }: { hit: boolean | null }) {
  if (hit === null) return <span className="rs-target rs-target-none" data-hit="none">–</span>;
  return hit
    ? <span className="rs-target rs-target-yes" data-hit="yes" title="The first generated token is the target">✓ target</span>
    : <span className="rs-target rs-target-no" data-hit="no" title="The first generated token is not the target">✗ miss</span>;
}

export function GenerationsTable({ rows, width, height }: GenerationsTableProps) {
  return (
    <div className="rs-causal-scroll" style={{ width, height }} tabIndex={0} aria-label="Generations, steered and unsteered">
      <table className="rs-causal-table" data-testid="steer-generations" data-rows={rows.length}>
        <thead>
          <tr>
            <th scope="col">prompt</th>
            <th scope="col">unsteered</th>
            <th scope="col">steered</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td className="rs-gen">{r.prompt}{r.target !== null && <div className="rs-muted">target: {visibleText(r.target)}</div>}</td>
              <td className="rs-gen" data-col="unsteered"><HitMark hit={r.unsteeredHit} /> {r.unsteered}</td>
              <td className="rs-gen" data-col="steered"><HitMark hit={r.steeredHit} /> {r.steered}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
