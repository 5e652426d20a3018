// The engine's current work: what it is doing, how far it is, the time left, and a cancel button.
export interface ProgressJob {
  keys: string[];
  label: string;
  what: string;
  done: number;
  total: number;
  etaMs: number | null;
}

function timeLeft(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 1500) return 'about a second left';
  if (ms < 90_000) return `about ${Math.round(ms / 1000)} s left`;
  return `about ${Math.round(ms / 60_000)} min left`;
}

export function ProgressBar({ jobs, onCancel }: { jobs: readonly ProgressJob[]; onCancel: (keys: string[]) => void }) {
  const job = jobs.find((j) => j.total > 0) ?? jobs[0];
  if (!job) return <div className="progress idle" data-testid="progress" aria-live="polite">Engine idle</div>;
  const fraction = job.total > 0 ? job.done / job.total : 0;
  return (
    <div className="progress" data-testid="progress" aria-live="polite">
      <span className="progress-what" title={job.label}>{job.what}</span>
      <progress max={1} value={job.total > 0 ? fraction : undefined} aria-label={job.label} />
      <span className="progress-eta">{job.total > 0 ? `${Math.round(100 * fraction)}%` : ''} {timeLeft(job.etaMs)}</span>
      {jobs.length > 1 && <span className="muted">+{jobs.length - 1} queued</span>}
      {job.keys.length > 0 && (
        <button type="button" className="button small" data-testid="progress-cancel" onClick={() => onCancel(job.keys)}>
          Cancel
        </button>
      )}
    </div>
  );
}
