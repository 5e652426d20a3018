// The engine's own check: a prompt, its tokens with ids (unknown ones marked), and the model's ten most
// likely next tokens. It shows that the model loaded and runs on the chosen backend.
import { TokenStrip } from './TokenStrip';
import { TopTokens, type TopTokenRow } from './TopTokens';

export interface EnginePanelProps {
  modelTitle: string;
  parameters: string | null;
  prompt: string;
  onPrompt: (text: string) => void;
  tokens: readonly { id: number; text: string }[];
  unknown: readonly number[];
  top: readonly TopTokenRow[];
  status: string | null;
  /** The backend the shown top 10 was computed on. */
  computedOn: string | null;
  error: string | null;
}

export function EnginePanel(p: EnginePanelProps) {
  const unknown = new Set(p.unknown);
  return (
    <section className="engine" aria-label="Engine">
      <p className="muted" data-testid="engine-model">
        {p.modelTitle}
        {p.parameters && ` · ${p.parameters} parameters`}
      </p>
      {p.error && <p className="error" role="alert" data-testid="engine-error">{p.error}</p>}
      <label className="field prompt">
        <span>Prompt</span>
        <textarea data-testid="prompt-input" value={p.prompt} onChange={(e) => p.onPrompt(e.target.value)} rows={3} />
      </label>
      <h3>Tokens</h3>
      <TokenStrip tokens={p.tokens.map((t, i) => ({ ...t, unknown: unknown.has(i) }))} />
      <h3>
        Next token (top 10){' '}
        {p.computedOn && <span className="muted small">computed on <span data-testid="prediction-backend">{p.computedOn}</span></span>}{' '}
        {p.status && <span className="muted small">{p.status}</span>}
      </h3>
      <TopTokens rows={p.top} />
    </section>
  );
}
