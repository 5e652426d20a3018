// The tfjs backend in use with a picker to override it, and (separately placed) the sentence on why
// that backend was chosen.
import type { ChangeEvent } from 'react';

export interface BackendBadgeProps {
  chosen: string | null;
  reason: string;
  requested: string;
  options: readonly string[];
  onRequest: (choice: string) => void;
}

export function BackendBadge({ chosen, reason, requested, options, onRequest }: BackendBadgeProps) {
  return (
    <div className="backend">
      <span className="badge" data-testid="backend-badge" title={reason}>
        {chosen ?? 'starting…'}
      </span>
      <label>
        <span className="sr-only">backend</span>
        <select value={requested} onChange={(e: ChangeEvent<HTMLSelectElement>) => onRequest(e.target.value)} data-testid="backend-select" title="tfjs backend">
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** Why the backend was chosen, in one line (the whole sentence on hover). */
export function BackendReason({ reason }: { reason: string }) {
  return (
    <p className="reason" data-testid="backend-reason" title={reason}>
      {reason}
    </p>
  );
}
