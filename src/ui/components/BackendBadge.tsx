// Shows the tfjs backend in use, why it was chosen, and a picker to override it.
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
        backend{' '}
        <select value={requested} onChange={(e: ChangeEvent<HTMLSelectElement>) => onRequest(e.target.value)} data-testid="backend-select">
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <p className="reason" data-testid="backend-reason">{reason}</p>
    </div>
  );
}
