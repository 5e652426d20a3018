// Directional ablation results: the behaviour before and after projecting the direction out (mean
// target probability, top-1 hit rate), and probe accuracy per layer before vs after.
//
// Props:
//   result     AblateResult (or null while it is computed: placeholders of the final size are shown)
//   width      outer width in px; height? of the probe chart (default 280)
//   status?    message in the placeholders; onExport? receives exported files
import { useMemo } from 'react';
import { ChartPlaceholder } from '../../charts/ChartFrame';
import type { ExportHandler } from '../../charts/ExportMenu';
import { LineChart } from '../../charts/LineChart';
import { behaviourRows, probeSeries } from '../../charts/ablationLayout';
import type { AblateView } from '../../charts/causalResults';
import { percent } from '../../charts/steerLayout';
import { EmptyChart } from './EmptyChart';
import './causal.css';

export interface AblationViewProps {
  result: AblateView | null;
  width: number;
  height?: number;
  status?: string;
  onExport?: ExportHandler;
}

const TABLE_HEIGHT = 84;
const ACCURACY: [number, number] = [0, 1];

export function AblationView({ result, width, height = 280, status, onExport }: AblationViewProps) {
  const probes = useMemo(() => (result ? probeSeries(result) : null), [result]);
  if (!result || !probes) {
    return (
      <div className="rs-causal" style={{ width }} data-testid="ablation-view" aria-busy="true">
        <div style={{ height: TABLE_HEIGHT }} className="rs-causal-note">{status ?? 'Ablating…'}</div>
        <ChartPlaceholder title="Probe accuracy before and after ablation" width={width} height={height} message={status} />
      </div>
    );
  }
  const rows = behaviourRows(result);
  return (
    <div className="rs-causal" style={{ width }} data-testid="ablation-view">
      <div className="rs-causal-scroll" style={{ height: TABLE_HEIGHT }}>
        <table className="rs-causal-table" data-testid="ablation-behaviour">
          <thead>
            <tr><th scope="col">behaviour</th><th scope="col" className="rs-num">before</th><th scope="col" className="rs-num">after</th><th scope="col" className="rs-num">change</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name}>
                <td>{r.name}</td>
                <td className="rs-num">{percent(r.before)}</td>
                <td className="rs-num">{percent(r.after)}</td>
                <td className="rs-num">{r.change > 0 ? '+' : r.change < 0 ? '−' : '±'}{percent(Math.abs(r.change)).replace('%', ' pts')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {probes.layers.length > 0
        ? <LineChart layers={probes.layers} series={probes.series} width={width} height={height} title="Probe accuracy before and after ablation"
          yLabel="held-out accuracy" yDomain={ACCURACY} testId="ablation-chart" exportName="ablation-probes" onExport={onExport} />
        : <EmptyChart title="Probe accuracy before and after ablation" width={width} height={height} message="No probes were asked for (no labels)." />}
      {result.notes.length > 0 && <p className="rs-causal-note" title={result.notes.join('\n')}>{result.notes[0]}</p>}
    </div>
  );
}
