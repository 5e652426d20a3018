// Steering results: the scores in one sentence, the generations side by side (prompt | unsteered | steered,
// hits marked), the α sweep (first-token success, one-shot and continual, against a random direction)
// and the mean projection on the direction over the generated tokens.
//
// Props:
//   result         SteerResult (or null while it is computed: placeholders of the final size are shown)
//   prompts        the steered prompts, in the result's order; targets? each prompt's target text
//   width          outer width in px; tableHeight? (default 240) and chartHeight? (default 260)
//   alpha?         α of the generations, marked on the sweep
//   status?        message in the placeholders; onExport? receives exported files
import { useMemo } from 'react';
import { ChartPlaceholder } from '../../charts/ChartFrame';
import type { ExportHandler } from '../../charts/ExportMenu';
import type { SteerView } from '../../charts/causalResults';
import { chartBodySize } from '../../charts/scales';
import { generationRows, layoutSteerProjection, layoutSteerSweep, percent, projectionSeries, scoresLine, sweepSeries } from '../../charts/steerLayout';
import { xyCsv } from '../../charts/xyLayout';
import { EmptyChart } from './EmptyChart';
import { GenerationsTable } from './GenerationsTable';
import { XYChart } from './XYChart';
import './causal.css';

export interface SteeringViewProps {
  result: SteerView | null;
  prompts: readonly string[];
  targets?: readonly (string | null)[];
  width: number;
  tableHeight?: number;
  chartHeight?: number;
  alpha?: number | null;
  status?: string;
  onExport?: ExportHandler;
}

const GAP = 10;

export function SteeringView({ result, prompts, targets, width, tableHeight = 240, chartHeight = 260, alpha = null, status, onExport }: SteeringViewProps) {
  const half = width < 600 ? width : Math.floor((width - GAP) / 2);
  const rows = useMemo(() => (result ? generationRows(result, prompts, targets) : []), [result, prompts, targets]);
  if (!result) {
    return (
      <div className="rs-causal" style={{ width }} data-testid="steering-view" aria-busy="true">
        <p className="rs-causal-head rs-muted">{status ?? 'Steering…'}</p>
        <p className="rs-causal-note" />
        <ChartPlaceholder title="Generations" width={width} height={tableHeight} message={status} />
        <div className="rs-causal-row">
          <ChartPlaceholder title="α sweep" width={half} height={chartHeight} message={status} />
          <ChartPlaceholder title="Projection on the direction" width={half} height={chartHeight} message={status} />
        </div>
      </div>
    );
  }
  const s = result.scores;
  return (
    <div className="rs-causal" style={{ width }} data-testid="steering-view">
      <p className="rs-causal-head" data-testid="steer-scores">{scoresLine(s)}</p>
      <p className="rs-causal-note" title={result.notes.join('\n')}>
        any target in the first tokens: steered {percent(s.steered.anyOfK)}, unsteered {percent(s.unsteered.anyOfK)} · mean P(target): steered {percent(s.steered.meanTargetProb)}, unsteered {percent(s.unsteered.meanTargetProb)}
        {result.notes.length > 0 && ` · ${result.notes[0]}`}
      </p>
      <GenerationsTable rows={rows} width={width} height={tableHeight} />
      <div className="rs-causal-row">
        {result.sweep
          ? <SweepChart sweep={result.sweep} alpha={alpha} width={half} height={chartHeight} onExport={onExport} />
          : <EmptyChart title="α sweep" width={half} height={chartHeight} message="No sweep was asked for." testId="steer-sweep-none" />}
        <ProjectionChart projection={result.projection} width={half} height={chartHeight} onExport={onExport} />
      </div>
    </div>
  );
}

interface ChartProps {
  width: number;
  height: number;
  onExport?: ExportHandler;
}

function SweepChart({ sweep, alpha, width, height, onExport }: ChartProps & { sweep: NonNullable<SteerView['sweep']>; alpha: number | null }) {
  const body = chartBodySize(width, height);
  const layout = useMemo(() => layoutSteerSweep(sweep, body.width, body.height, alpha), [sweep, alpha, body.width, body.height]);
  const series = useMemo(() => sweepSeries(sweep), [sweep]);
  return (
    <XYChart layout={layout} series={series} title="α sweep: first-token success" width={width} height={height} testId="steer-sweep"
      xLabel="α" yLabel="share giving the target" formatY={(v) => (v === null ? '–' : percent(v))} csv={() => xyCsv('alpha', series)}
      exportName="steering-sweep" onExport={onExport} />
  );
}

function ProjectionChart({ projection, width, height, onExport }: ChartProps & { projection: SteerView['projection'] }) {
  const body = chartBodySize(width, height);
  const layout = useMemo(() => layoutSteerProjection(projection, body.width, body.height), [projection, body.width, body.height]);
  const series = useMemo(() => projectionSeries(projection), [projection]);
  return (
    <XYChart layout={layout} series={series} title="Projection on the direction" width={width} height={height} testId="steer-projection"
      xLabel="generated token" yLabel="mean projection" formatX={(k) => String(k)} csv={() => xyCsv('token', series)}
      exportName="steering-projection" onExport={onExport} />
  );
}
