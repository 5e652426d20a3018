// The prompts that run, as a table: each prompt's tokens with the one read highlighted and unknown
// tokens marked, next to its label. User text is rendered as text.
import { visibleText } from './TokenStrip';

export interface PreviewRow {
  line: number;
  text: string;
  label: string | null;
}

export interface PreviewEncoding {
  tokens: string[];
  unknown: number[];
  readIndex: number | null;
}

export interface PromptPreviewProps {
  rows: readonly PreviewRow[];
  /** Token view per row, when the engine has tokenized them. */
  encoding: readonly PreviewEncoding[] | null;
  labelColumn: string | null;
  positionText: string;
  limit?: number;
}

function Tokens({ enc }: { enc: PreviewEncoding }) {
  const unknown = new Set(enc.unknown);
  return (
    <span className="token-line">
      {enc.tokens.map((t, i) => {
        const cls = ['tok', i === enc.readIndex ? 'read' : '', unknown.has(i) ? 'unknown' : ''].filter(Boolean).join(' ');
        const title = [i === enc.readIndex ? 'read here' : '', unknown.has(i) ? 'not in the vocabulary' : ''].filter(Boolean).join('; ');
        return <span key={i} className={cls} title={title || undefined}>{visibleText(t)}</span>;
      })}
    </span>
  );
}

export function PromptPreview({ rows, encoding, labelColumn, positionText, limit = 60 }: PromptPreviewProps) {
  const shown = rows.slice(0, limit);
  return (
    <section className="preview" data-testid="prompt-preview" aria-label="Prompts">
      <h2>
        Prompts <span className="muted small">tokens as the model reads them; highlighted: the token read ({positionText}); red: unknown</span>
      </h2>
      <div className="preview-scroll">
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>{labelColumn ?? 'label'}</th>
              <th>tokens</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r, i) => (
              <tr key={i}>
                <td className="muted">{i + 1}</td>
                <td>{r.label ?? '—'}</td>
                <td>{encoding?.[i] ? <Tokens enc={encoding[i]} /> : <span className="muted">{r.text}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > shown.length && <p className="muted small">Showing {shown.length} of {rows.length} prompts.</p>}
    </section>
  );
}
