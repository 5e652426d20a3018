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

/**
 * Rows the table shows, the first of those that run. The caller passes only these (not every prompt that
 * runs): the table is not virtualised, and even React's development build walks every element of an array
 * prop that changes.
 */
export const PREVIEW_ROWS = 60;

export interface PromptPreviewProps {
  /** The rows shown: the first PREVIEW_ROWS prompts that run. */
  rows: readonly PreviewRow[];
  /** Token view per shown row, when the engine has tokenized them. */
  encoding: readonly PreviewEncoding[] | null;
  labelColumn: string | null;
  positionText: string;
  /** Prompts that run (default: the rows shown). */
  running?: number;
  /** Prompts in the whole dataset (default: those that run). */
  total?: number;
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

const count = (n: number) => n.toLocaleString('en-US');

/** "Showing 60 of the 2,000 prompts that run (100,000 in the file)." when anything is left out. */
function shownNote(shown: number, running: number, total: number): string | null {
  if (shown >= total) return null;
  const inFile = total > running ? ` that run (${count(total)} in the file)` : '';
  return `Showing ${count(shown)} of the ${count(running)} prompts${inFile}.`;
}

export function PromptPreview({ rows, encoding, labelColumn, positionText, running = rows.length, total = running }: PromptPreviewProps) {
  const note = shownNote(rows.length, running, total);
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
            {rows.map((r, i) => (
              <tr key={i}>
                <td className="muted">{i + 1}</td>
                <td>{r.label ?? '—'}</td>
                <td>{encoding?.[i] ? <Tokens enc={encoding[i]} /> : <span className="muted">{r.text}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {note && <p className="muted small" data-testid="prompt-preview-note">{note}</p>}
    </section>
  );
}
