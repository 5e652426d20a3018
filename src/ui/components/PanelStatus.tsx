// Stands in for a chart whose result is not ready, in exactly the chart's box: what is happening, and
// Cancel (while it runs) or Run again (after a cancel or an error).
import { ChartFrame } from '../charts';
import type { Panel } from '../../app/viewData';

export interface PanelStatusProps {
  title: string;
  width: number;
  height: number;
  panel: Exclude<Panel<unknown>, { kind: 'ready' }>;
  testId?: string;
  onCancel: (keys: string[]) => void;
  onRetry: (keys: string[]) => void;
  /** An action for an idle panel, e.g. "Run UMAP on every layer". */
  start?: { label: string; run: () => void };
}

function message(panel: PanelStatusProps['panel']): string {
  if (panel.kind === 'cancelled') return 'Cancelled.';
  return panel.message;
}

export function PanelStatus({ title, width, height, panel, testId, onCancel, onRetry, start }: PanelStatusProps) {
  const busy = panel.kind === 'running';
  return (
    <ChartFrame title={title} width={width} height={height} testId={testId} data={{ 'data-state': panel.kind }}
      readout={<span className={panel.kind === 'error' ? 'rs-error' : 'rs-muted'}>{panel.kind === 'error' ? 'Could not compute this.' : busy ? 'Computing…' : ''}</span>}>
      <div className={`panel-status ${panel.kind}`} role="status" aria-busy={busy}>
        {busy && <span className="spinner" aria-hidden="true" />}
        <p>{message(panel)}</p>
        {busy && <button type="button" className="button small" onClick={() => onCancel(panel.keys)}>Cancel</button>}
        {(panel.kind === 'cancelled' || panel.kind === 'error') && <button type="button" className="button small" onClick={() => onRetry(panel.keys)}>Run again</button>}
        {panel.kind === 'idle' && start && <button type="button" className="button small primary" onClick={start.run}>{start.label}</button>}
      </div>
    </ChartFrame>
  );
}
