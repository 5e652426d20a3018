// The explorer's export menu: session JSON, coordinates CSV, probe results CSV, activations .npy.
// Each item may be unavailable (with the reason as its title) until its result exists.
import { useState } from 'react';

export interface DownloadItem {
  kind: string;
  label: string;
  /** Why it cannot be exported yet; null when it can. */
  unavailable: string | null;
}

export interface DownloadMenuProps {
  items: readonly DownloadItem[];
  onPick: (kind: string) => Promise<void>;
}

export function DownloadMenu({ items, onPick }: DownloadMenuProps) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pick = async (kind: string) => {
    setOpen(false);
    try {
      await onPick(kind);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="download" data-testid="export-menu" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button type="button" className="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        Export ▾
      </button>
      {open && (
        <div className="menu" role="menu">
          {items.map((it) => (
            <button key={it.kind} type="button" role="menuitem" disabled={it.unavailable !== null} title={it.unavailable ?? undefined} onClick={() => void pick(it.kind)}>
              {it.label}
            </button>
          ))}
        </div>
      )}
      {error !== null && <p className="error small" role="alert">{error}</p>}
    </div>
  );
}
