// The dataset: a drop target with a file picker and a paste box, the summary of what is loaded, the
// line-numbered errors of a file awaiting acceptance, the prompt and label columns, and the run cap.
import { useRef, useState, type RefObject } from 'react';

export interface DatasetSummary {
  name: string;
  prompts: number;
  /** Prompts that run under the cap. */
  running: number;
  columns: string[];
  textColumn: string | null;
  labelColumns: string[];
  pairs: number;
  description: string | null;
}

export interface PendingSummary {
  name: string;
  readable: number;
  errorCount: number;
  errors: readonly { line: number; message: string }[];
}

export interface BuiltinOption {
  id: string;
  title: string;
}

export interface DatasetPanelProps {
  /** The model's own prompt sets; the current one is `builtinId` (null for a dropped or pasted set). */
  builtins: readonly BuiltinOption[];
  builtinId: string | null;
  onBuiltin: (id: string) => void;
  summary: DatasetSummary | null;
  loading: boolean;
  pending: PendingSummary | null;
  fileError: string | null;
  /** The file being read off the page, or null. */
  reading?: string | null;
  maxPrompts: number;
  colourBy: string | null;
  onFiles: (files: File[]) => void;
  onPaste: (text: string) => void;
  onAccept: () => void;
  onDismiss: () => void;
  onTextColumn: (column: string) => void;
  onColourBy: (column: string) => void;
  onMaxPrompts: (n: number) => void;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

const count = (n: number) => n.toLocaleString('en-US');

/** The run cap where it applies, with a button to the input that changes it. */
function CapNote({ s, onChange }: { s: DatasetSummary; onChange: () => void }) {
  if (s.running >= s.prompts) return null;
  return (
    <span data-testid="run-cap-note">
      {' · '}<span className="capped">running the first {count(s.running)}</span>{' '}
      <button type="button" className="link-button" onClick={onChange} title="Set how many prompts run">(change)</button>
    </span>
  );
}

function Summary({ s, onChangeCap }: { s: DatasetSummary; onChangeCap: () => void }) {
  const parts = [s.labelColumns.length > 0 ? `labels: ${s.labelColumns.join(', ')}` : 'no label columns'];
  if (s.pairs > 0) parts.push(plural(s.pairs, 'contrast pair'));
  return (
    <div className="summary">
      <p data-testid="dataset-summary">
        <strong>{s.name}</strong> · {plural(s.prompts, 'prompt')}<CapNote s={s} onChange={onChangeCap} /> · {parts.join(' · ')}
      </p>
      {s.description && <p className="muted small">{s.description}</p>}
    </div>
  );
}

function Review({ pending, onAccept, onDismiss }: { pending: PendingSummary; onAccept: () => void; onDismiss: () => void }) {
  const more = pending.errorCount - pending.errors.length;
  return (
    <div className="review" data-testid="dataset-errors" role="alert">
      <p>
        <strong>{pending.name}</strong> has {plural(pending.errorCount, 'problem')}. The current dataset stays until you choose.
      </p>
      <ol className="errors">
        {pending.errors.map((e, i) => (
          <li key={i}>
            <span className="line">{e.line > 0 ? `line ${e.line}` : 'file'}</span> {e.message}
          </li>
        ))}
        {more > 0 && <li className="muted">… and {more} more</li>}
      </ol>
      <div className="row">
        {pending.readable > 0 && (
          <button type="button" className="button primary" onClick={onAccept}>
            Use the {count(pending.readable)} readable rows
          </button>
        )}
        <button type="button" className="button" onClick={onDismiss}>
          Keep the current dataset
        </button>
      </div>
    </div>
  );
}

/** Colourings that are not file columns (every-token view); shown so the menu names the real choice. */
const BUILTIN_COLOURINGS: Readonly<Record<string, string>> = { '@token': 'token text', '@position': 'token position' };

function Columns({ s, colourBy, onTextColumn, onColourBy }: { s: DatasetSummary; colourBy: string | null; onTextColumn: (c: string) => void; onColourBy: (c: string) => void }) {
  return (
    <div className="grid2">
      {s.textColumn !== null && s.columns.length > 1 && (
        <label className="field">
          <span>Prompt column</span>
          <select value={s.textColumn} onChange={(e) => onTextColumn(e.target.value)} data-testid="text-column">
            {s.columns.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </label>
      )}
      {s.labelColumns.length > 0 && (
        <label className="field">
          <span>Colour and probe by</span>
          <select value={colourBy ?? s.labelColumns[0]} onChange={(e) => onColourBy(e.target.value)} data-testid="colour-by">
            {s.labelColumns.map((c) => <option key={c} value={c}>{c}</option>)}
            {colourBy !== null && !s.labelColumns.includes(colourBy) && <option value={colourBy}>{BUILTIN_COLOURINGS[colourBy] ?? colourBy}</option>}
          </select>
        </label>
      )}
    </div>
  );
}

function RunCap({ s, maxPrompts, onMaxPrompts, input }: { s: DatasetSummary; maxPrompts: number; onMaxPrompts: (n: number) => void; input: RefObject<HTMLInputElement | null> }) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    const n = Number(draft);
    if (draft !== null && Number.isInteger(n) && n >= 1) onMaxPrompts(n);
    setDraft(null);
  };
  return (
    <label className="field cap">
      <span>Run at most</span>
      <input ref={input} type="number" min={1} step={1} value={draft ?? String(maxPrompts)} data-testid="run-cap"
        onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
      <span className={s.running < s.prompts ? 'capped' : 'muted'}>
        {s.running < s.prompts ? `prompts: running the first ${count(s.running)} of ${count(s.prompts)}` : `prompts (all ${count(s.prompts)} run)`}
      </span>
    </label>
  );
}

export function DatasetPanel(props: DatasetPanelProps) {
  const picker = useRef<HTMLInputElement>(null);
  const cap = useRef<HTMLInputElement>(null);
  const changeCap = () => {
    cap.current?.focus();
    cap.current?.select();
  };
  const [pasting, setPasting] = useState(false);
  const [paste, setPaste] = useState('');
  const { summary: s } = props;
  return (
    <section className="panel dataset" aria-label="Dataset">
      <h2>Dataset</h2>
      {props.builtins.length > 0 && (
        <label className="field">
          <span>Built-in prompt set</span>
          <select data-testid="builtin-dataset" value={props.builtinId ?? ''} onChange={(e) => e.target.value && props.onBuiltin(e.target.value)}>
            {props.builtinId === null && <option value="">{s ? `(your file: ${s.name})` : '—'}</option>}
            {props.builtins.map((b) => <option key={b.id} value={b.id}>{b.title}</option>)}
          </select>
        </label>
      )}
      <div className="dropzone" data-testid="dataset-drop">
        <p>Drop a prompt file anywhere on the page (.txt, .csv, .tsv, .jsonl) or a saved session.</p>
        <div className="row">
          <button type="button" className="button" onClick={() => picker.current?.click()}>Choose file…</button>
          <button type="button" className="button" aria-expanded={pasting} onClick={() => setPasting((p) => !p)}>Paste text…</button>
        </div>
        <input ref={picker} type="file" hidden accept=".txt,.csv,.tsv,.tab,.jsonl,.ndjson,.json,text/*" data-testid="dataset-file"
          onChange={(e) => { props.onFiles([...(e.target.files ?? [])]); e.target.value = ''; }} />
      </div>
      {pasting && (
        <div className="paste">
          <textarea rows={4} value={paste} onChange={(e) => setPaste(e.target.value)} placeholder="One prompt per line, or CSV with a header row" data-testid="dataset-paste" />
          <button type="button" className="button primary" disabled={paste.trim() === ''} onClick={() => { props.onPaste(paste); setPasting(false); }}>Use these prompts</button>
        </div>
      )}
      {props.reading && <p className="muted" role="status" data-testid="dataset-reading">Reading {props.reading}…</p>}
      {props.fileError && <p className="error" role="alert" data-testid="dataset-file-error">{props.fileError}</p>}
      {props.pending && <Review pending={props.pending} onAccept={props.onAccept} onDismiss={props.onDismiss} />}
      {s ? <Summary s={s} onChangeCap={changeCap} /> : <p className="muted" data-testid="dataset-summary">{props.loading ? 'Loading the prompts…' : 'No dataset yet.'}</p>}
      {s && <Columns s={s} colourBy={props.colourBy} onTextColumn={props.onTextColumn} onColourBy={props.onColourBy} />}
      {s && <RunCap s={s} maxPrompts={props.maxPrompts} onMaxPrompts={props.onMaxPrompts} input={cap} />}
    </section>
  );
}
