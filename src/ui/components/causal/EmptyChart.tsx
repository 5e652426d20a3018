// A chart's box with a note where a result has nothing to draw (no density curve, no sweep, no probes),
// so the view keeps its layout; unlike ChartPlaceholder it does not look busy.
//
// Props: title, width, height, message, testId?.
import { ChartFrame } from '../../charts/ChartFrame';
import './causal.css';

export interface EmptyChartProps {
  title: string;
  width: number;
  height: number;
  message: string;
  testId?: string;
}

export function EmptyChart({ title, width, height, message, testId }: EmptyChartProps) {
  return (
    <ChartFrame title={title} width={width} height={height} testId={testId}>
      <div className="rs-causal-empty">{message}</div>
    </ChartFrame>
  );
}
