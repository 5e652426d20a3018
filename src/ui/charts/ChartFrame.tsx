// The card every chart sits in: a fixed-size box with a title, tools (export menu), a one-line
// readout and the drawing area. Fixed sizes mean nothing moves while results arrive.
import type { ReactNode } from 'react';
import { FRAME, chartBodySize } from './scales';
import './charts.css';

export interface ChartFrameProps {
  title: string;
  /** Outer size of the card in CSS pixels. */
  width: number;
  height: number;
  /** One line under the title: hovered values, counts, hints. */
  readout?: ReactNode;
  /** Controls at the right of the title row (mode toggles, the export menu). */
  tools?: ReactNode;
  testId?: string;
  /** Extra attributes for tests and styling, e.g. { 'data-points': 20000 }. */
  data?: Record<`data-${string}`, string | number>;
  /** The drawing area; chartBodySize(width, height) tells its size. */
  children: ReactNode;
}

export function ChartFrame({ title, width, height, readout, tools, testId, data, children }: ChartFrameProps) {
  const body = chartBodySize(width, height);
  return (
    <figure
      className="rs-chart"
      style={{ width, height, padding: `${FRAME.padY}px ${FRAME.padX}px`, borderWidth: FRAME.border }}
      data-testid={testId}
      aria-label={title}
      {...data}
    >
      <header className="rs-chart-head" style={{ height: FRAME.header }}>
        <h3 className="rs-chart-title">{title}</h3>
        <div className="rs-chart-tools">{tools}</div>
      </header>
      <div className="rs-chart-readout" style={{ height: FRAME.readout }} aria-live="polite">
        {readout}
      </div>
      <div className="rs-chart-body" style={{ width: body.width, height: body.height }}>
        {children}
      </div>
    </figure>
  );
}

export interface ChartPlaceholderProps {
  title: string;
  width: number;
  height: number;
  /** What is being computed, e.g. "Fitting probes… layer 4 of 12". */
  message?: string;
  testId?: string;
}

/** Stands in for a chart while its data is computed, in exactly the chart's box. */
export function ChartPlaceholder({ title, width, height, message = 'Computing…', testId }: ChartPlaceholderProps) {
  return (
    <ChartFrame title={title} width={width} height={height} testId={testId} readout={<span className="rs-muted">{message}</span>}>
      <div className="rs-placeholder" role="status" aria-busy="true">
        <span className="rs-placeholder-text">{message}</span>
      </div>
    </ChartFrame>
  );
}
