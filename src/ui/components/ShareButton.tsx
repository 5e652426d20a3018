// Copies the link to this view; where the clipboard is refused, shows the link to copy by hand.
import { useState } from 'react';

export function ShareButton({ link }: { link: () => string }) {
  const [state, setState] = useState<{ copied: boolean; manual: string | null }>({ copied: false, manual: null });
  const copy = async () => {
    const url = link();
    try {
      await navigator.clipboard.writeText(url);
      setState({ copied: true, manual: null });
      setTimeout(() => setState((s) => ({ ...s, copied: false })), 2000);
    } catch {
      setState({ copied: false, manual: url });
    }
  };
  return (
    <span className="share">
      <button type="button" className="button" data-testid="share-button" onClick={() => void copy()} title="Copy a link that reopens this exact view">
        {state.copied ? 'Link copied' : 'Copy link'}
      </button>
      {state.manual !== null && (
        <input className="share-link" readOnly value={state.manual} aria-label="Link to this view" autoFocus onFocus={(e) => e.target.select()} onBlur={() => setState({ copied: false, manual: null })} />
      )}
    </span>
  );
}
