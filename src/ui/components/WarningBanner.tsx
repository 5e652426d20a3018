// Warnings the user should see (a link that could not be read whole, a missing dataset), each dismissable.
export function WarningBanner({ warnings, onDismiss }: { warnings: readonly string[]; onDismiss: (index: number) => void }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="warnings" data-testid="warnings" role="alert">
      {warnings.map((w, i) => (
        <li key={`${i}:${w}`}>
          <span>{w}</span>
          <button type="button" className="link-button" onClick={() => onDismiss(i)} aria-label="Dismiss this warning">
            Dismiss
          </button>
        </li>
      ))}
    </ul>
  );
}
