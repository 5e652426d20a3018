// A prompt's tokens as chips showing each token's text and id; unknown tokens are marked.
export interface TokenChip {
  id: number;
  text: string;
  unknown: boolean;
}

/** Makes whitespace in token text visible, so " Paris" and "Paris" look different. */
export function visibleText(text: string): string {
  return text.replace(/ /g, '␣').replace(/\n/g, '↵').replace(/\t/g, '⇥');
}

export function TokenStrip({ tokens }: { tokens: readonly TokenChip[] }) {
  if (tokens.length === 0) return <p className="muted">No tokens yet: type a prompt.</p>;
  return (
    <ol className="tokens" data-testid="tokens">
      {tokens.map((t, i) => (
        <li key={i} className={t.unknown ? 'token unknown' : 'token'} title={t.unknown ? 'not in the vocabulary' : undefined}>
          <span className="token-text">{visibleText(t.text)}</span>
          <span className="token-id">{t.id}</span>
        </li>
      ))}
    </ol>
  );
}
